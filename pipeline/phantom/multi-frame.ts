/**
 * Writes one phantom phase as a single multi-frame file: Enhanced CT Image Storage, or Legacy
 * Converted Enhanced CT (what a PACS makes of a single-frame series). Scanners and archives send
 * liver CT this way more and more, and the reader must open it like a folder of slices; so every
 * frame carries its own position, orientation, spacing and rescale in the functional groups, as
 * PS3.3 C.7.6.16 puts them, and nothing per frame is left at the top level.
 */
import { createHash } from 'node:crypto';
import { roundToMicrometre, sliceZ, type AxialGrid } from './grid';
import {
  CT_IMAGE_STORAGE,
  EXPLICIT_VR_LITTLE_ENDIAN,
  part10File,
  pixelDataElement,
  seriesAttributes,
  type SeriesHeader,
  type StudyHeader,
} from './dicom';

export const ENHANCED_CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2.1';
export const LEGACY_CONVERTED_ENHANCED_CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2.2';

/** Enhanced CT as a scanner writes it, or a legacy conversion of single-frame CT. */
export type MultiFrameKind = 'enhanced' | 'legacy';

/** A UID under 2.25 derived from `text`, so the same study always gets the same UIDs. */
export function derivedUid(text: string): string {
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString()}`;
}

const code = (value: string, scheme: string, meaning: string) => ({
  CodeValue: value,
  CodingSchemeDesignator: scheme,
  CodeMeaning: meaning,
});

/** One file holding every slice of `series`: [file name, bytes]. */
export function multiFrameSeriesFile(
  study: StudyHeader,
  series: SeriesHeader,
  grid: AxialGrid,
  stored: Int16Array,
  kind: MultiFrameKind,
): [string, Uint8Array] {
  const sopClassUid = kind === 'enhanced' ? ENHANCED_CT_IMAGE_STORAGE : LEGACY_CONVERTED_ENHANCED_CT_IMAGE_STORAGE;
  const acquisitionNumber = series.acquisitionNumber ?? 1;
  const sopInstanceUid = derivedUid(`${series.seriesInstanceUid}/${String(acquisitionNumber)}/${kind}`);
  const dimensionOrganizationUid = derivedUid(`${sopInstanceUid}/dimensions`);
  const irradiationEventUid = derivedUid(`${sopInstanceUid}/irradiation`);
  // Without acquisition times (an export that stripped them) the frames carry none either.
  const acquired = series.acquisitionTime === undefined ? undefined : `${study.studyDate}${series.acquisitionTime}`;
  const frameType = ['ORIGINAL', 'PRIMARY', 'AXIAL', 'NONE'];
  const spacing = roundToMicrometre(grid.pixelSpacing);
  const shared = {
    PixelMeasuresSequence: [{ PixelSpacing: [spacing, spacing], SliceThickness: grid.sliceSpacing }],
    PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }],
    PixelValueTransformationSequence: [
      { RescaleIntercept: study.rescaleIntercept, RescaleSlope: 1, RescaleType: 'HU' },
    ],
    FrameVOILUTSequence: [{ WindowCenter: 40, WindowWidth: 400 }],
    CTImageFrameTypeSequence: [
      {
        FrameType: frameType,
        PixelPresentation: 'MONOCHROME',
        VolumetricProperties: 'VOLUME',
        VolumeBasedCalculationTechnique: 'NONE',
      },
    ],
    ...(kind === 'enhanced'
      ? {
          FrameAnatomySequence: [
            {
              AnatomicRegionSequence: [code('T-D4000', 'SRT', 'Abdomen')],
              FrameLaterality: 'U',
            },
          ],
          IrradiationEventIdentificationSequence: [{ IrradiationEventUID: irradiationEventUid }],
          CTAcquisitionTypeSequence: [{ AcquisitionType: 'SPIRAL', ConstantVolumeFlag: 'NO', FluoroscopyFlag: 'NO' }],
          CTAcquisitionDetailsSequence: [
            {
              DataCollectionDiameter: 500,
              GantryDetectorTilt: 0,
              TableHeight: 150,
              RotationDirection: 'CW',
              RevolutionTime: 0.5,
              SingleCollimationWidth: 0.625,
              TotalCollimationWidth: 40,
            },
          ],
          CTTableDynamicsSequence: [{ TableSpeed: 80, TableFeedPerRotation: 40, SpiralPitchFactor: 1 }],
          CTGeometrySequence: [{ DistanceSourceToDetector: 1040, DistanceSourceToDataCollectionCenter: 570 }],
          CTReconstructionSequence: [
            {
              ReconstructionAlgorithm: 'FILTER_BACK_PROJ',
              ConvolutionKernel: 'STANDARD',
              ConvolutionKernelGroup: 'SOFT_TISSUE',
              ReconstructionDiameter: roundToMicrometre(grid.pixelSpacing * grid.columns),
              ReconstructionPixelSpacing: [spacing, spacing],
              ReconstructionAngle: 360,
              ImageFilter: 'NONE',
            },
          ],
          CTExposureSequence: [
            {
              ExposureTimeInms: 500,
              XRayTubeCurrentInmA: 200,
              ExposureInmAs: 100,
              CTDIvol: 10,
              ExposureModulationType: 'NONE',
            },
          ],
          CTXRayDetailsSequence: [
            { KVP: study.kvp, FocalSpots: [1], FilterType: 'BODY', FilterMaterial: ['ALUMINUM'] },
          ],
        }
      : {}),
  };
  const centre = (k: number): number[] => [
    roundToMicrometre(grid.x0 + (grid.pixelSpacing * (grid.columns - 1)) / 2),
    roundToMicrometre(grid.y0 + (grid.pixelSpacing * (grid.rows - 1)) / 2),
    roundToMicrometre(sliceZ(grid, k)),
  ];
  const perFrame = Array.from({ length: grid.slices }, (_, k) => {
    const sourceUid = series.sopInstanceUids[k];
    if (sourceUid === undefined) throw new Error(`missing SOPInstanceUID for slice ${String(k)}`);
    return {
      FrameContentSequence: [
        {
          ...(acquired === undefined ? {} : { FrameAcquisitionDateTime: acquired, FrameReferenceDateTime: acquired }),
          ...(kind === 'enhanced' && acquired !== undefined ? { FrameAcquisitionDuration: 500 } : {}),
          StackID: '1',
          InStackPositionNumber: k + 1,
          DimensionIndexValues: [1, k + 1],
        },
      ],
      PlanePositionSequence: [
        {
          ImagePositionPatient: [
            roundToMicrometre(grid.x0),
            roundToMicrometre(grid.y0),
            roundToMicrometre(sliceZ(grid, k)),
          ],
        },
      ],
      ...(kind === 'legacy'
        ? {
            ConversionSourceAttributesSequence: [
              { ReferencedSOPClassUID: CT_IMAGE_STORAGE, ReferencedSOPInstanceUID: sourceUid },
            ],
          }
        : {
            CTPositionSequence: [
              {
                TablePosition: roundToMicrometre(sliceZ(grid, k)),
                DataCollectionCenterPatient: centre(k),
                ReconstructionTargetCenterPatient: centre(k),
              },
            ],
          }),
      // What the single-frame source had per slice and no functional group holds.
      ...(kind === 'legacy'
        ? { UnassignedPerFrameConvertedAttributesSequence: [{ SliceLocation: roundToMicrometre(sliceZ(grid, k)) }] }
        : {}),
    };
  });
  const contentTime = series.acquisitionTime ?? study.studyTime;
  const dataset: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: frameType,
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    StudyDate: study.studyDate,
    SeriesDate: study.studyDate,
    ContentDate: study.studyDate,
    StudyTime: study.studyTime,
    ...(series.acquisitionTime === undefined ? {} : { SeriesTime: series.acquisitionTime }),
    ContentTime: contentTime,
    ...(acquired === undefined ? {} : { AcquisitionDateTime: acquired }),
    ...(kind === 'enhanced' ? { AcquisitionDuration: 10 } : {}),
    ...seriesAttributes(study, series),
    DeviceSerialNumber: '1',
    SoftwareVersions: 'liver-phantom 1',
    AcquisitionNumber: acquisitionNumber,
    InstanceNumber: acquisitionNumber,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: grid.slices,
    Rows: grid.rows,
    Columns: grid.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    ContentQualification: 'RESEARCH',
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    PresentationLUTShape: 'IDENTITY',
    PixelPresentation: 'MONOCHROME',
    VolumetricProperties: 'VOLUME',
    VolumeBasedCalculationTechnique: 'NONE',
    AcquisitionContextSequence: [],
    DimensionOrganizationType: '3D',
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionOrganizationUid }],
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x00209056,
        FunctionalGroupPointer: 0x00209111,
      },
      {
        DimensionOrganizationUID: dimensionOrganizationUid,
        DimensionIndexPointer: 0x00209057,
        FunctionalGroupPointer: 0x00209111,
      },
    ],
    SharedFunctionalGroupsSequence: [shared],
    PerFrameFunctionalGroupsSequence: perFrame,
  };
  const pixels = pixelDataElement(stored.subarray(0, grid.slices * grid.rows * grid.columns));
  const file = part10File(dataset, EXPLICIT_VR_LITTLE_ENDIAN, pixels);
  return [`MF${String(acquisitionNumber).padStart(4, '0')}.dcm`, file];
}
