/**
 * The finding as a DICOM Comprehensive SR following TID 1500 (Measurement Report): one planar
 * ROI measurement group (TID 1410) per phase with a key image, holding the ROI outline on that
 * image and its HU, and one measurement group (TID 1501) with the model's classification. Pure:
 * it returns the dcmjs "naturalized" data set; the adapter encodes it.
 */
import type { Finding, FindingPhase, KeyImage } from './finding';
import {
  CLASS_CODES,
  CODES,
  PHASE_CODES,
  PRIVATE_SCHEME,
  ROI_ORIGIN_TEXT,
  codeItem,
  container,
  huItem,
  imageItem,
  numItem,
  textItem,
  uidItem,
  type SrItem,
} from './sr-items';

export const COMPREHENSIVE_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.33';
export const SR_SERIES_NUMBER = 9001;
export const SR_SERIES_DESCRIPTION = 'Liver lesion finding (research demo)';
/** Identifies this viewer as the SR's device observer (TID 1004): fixed, under the UUID root 2.25. */
export const DEVICE_OBSERVER_UID = '2.25.112995327277487884644842882979928186676';

export interface SrIds {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
}

/** The naturalized data set, typed where the tests and the writer look into it. */
export interface SrDataset extends Record<string, unknown> {
  readonly SOPClassUID: string;
  readonly SOPInstanceUID: string;
  readonly ContentTemplateSequence: readonly [{ MappingResource: 'DCMR'; TemplateIdentifier: '1500' }];
  readonly ContentSequence: readonly SrItem[];
}

type PhaseWithImage = FindingPhase & { readonly keyImage: KeyImage };

function hasKeyImage(phase: FindingPhase): phase is PhaseWithImage {
  return phase.keyImage !== null;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * DA and TM in local time: DICOM reads dates and times without a timezone offset as local, and
 * declaring an offset (TimezoneOffsetFromUTC) would claim it for the copied study date too.
 */
function localDateTime(iso: string): { date: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`finding.createdAt is not a date: ${iso}`);
  return {
    date: `${pad(d.getFullYear(), 4)}${pad(d.getMonth() + 1)}${pad(d.getDate())}`,
    time: `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`,
  };
}

/** A UID for the lesion, the same in every group of this report: the SR's own UID, one arc down. */
export function trackingUid(sopInstanceUid: string): string {
  const uid = `${sopInstanceUid}.1`;
  if (uid.length > 64) throw new Error(`SOP Instance UID too long to derive a tracking UID: ${sopInstanceUid}`);
  return uid;
}

function observerContext(finding: Finding): SrItem[] {
  return [
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    uidItem('HAS OBS CONTEXT', CODES.deviceObserverUid, DEVICE_OBSERVER_UID),
    textItem('HAS OBS CONTEXT', CODES.deviceObserverName, finding.app.name),
    textItem('HAS OBS CONTEXT', CODES.deviceObserverManufacturer, finding.app.name),
    textItem('HAS OBS CONTEXT', CODES.deviceObserverModelName, `${finding.model.id} ${finding.model.version}`),
  ];
}

/** TID 1600: one group per phase, so the phase is said once for the images that share it. */
function imageLibrary(phases: readonly PhaseWithImage[]): SrItem {
  const groups = phases.map((p) =>
    container('CONTAINS', CODES.imageLibraryGroup, [
      codeItem('HAS ACQ CONTEXT', CODES.contrastPhase, PHASE_CODES[p.phase]),
      imageItem('CONTAINS', p.keyImage),
    ]),
  );
  return container('CONTAINS', CODES.imageLibrary, groups, '1600');
}

function trackingItems(finding: Finding, uid: string): SrItem[] {
  return [
    textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, finding.lesion.id),
    uidItem('HAS OBS CONTEXT', CODES.trackingUid, uid),
    codeItem('CONTAINS', CODES.finding, CODES.lesion),
    codeItem('HAS CONCEPT MOD', CODES.findingSite, CODES.liver),
  ];
}

/** TID 1410 for one phase: the ROI on its key image, the HU inside, and the liver around it. */
function phaseGroup(finding: Finding, phase: PhaseWithImage, uid: string): SrItem {
  const { keyImage, lesionHu, liverHu } = phase;
  const items: SrItem[] = [
    ...trackingItems(finding, uid),
    codeItem('HAS ACQ CONTEXT', CODES.contrastPhase, PHASE_CODES[phase.phase]),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'SCOORD',
      ConceptNameCodeSequence: [CODES.imageRegion],
      GraphicType: keyImage.outline.graphicType,
      GraphicData: keyImage.outline.points.flatMap(([column, row]) => [column, row]),
      ContentSequence: [imageItem('SELECTED FROM', keyImage)],
    },
    textItem('CONTAINS', CODES.roiPlacement, ROI_ORIGIN_TEXT[phase.roi.origin]),
  ];
  if (lesionHu !== null) {
    items.push(
      huItem(CODES.attenuation, lesionHu.mean, CODES.mean),
      huItem(CODES.attenuation, lesionHu.sd, CODES.sd),
      huItem(CODES.attenuation, lesionHu.min, CODES.minimum),
      huItem(CODES.attenuation, lesionHu.max, CODES.maximum),
    );
  }
  const { size } = finding.lesion;
  if (size !== null && size.phase === phase.phase) {
    items.push(
      numItem('CONTAINS', CODES.longAxis, size.longMm, CODES.millimetre),
      numItem('CONTAINS', CODES.shortAxis, size.shortMm, CODES.millimetre),
      textItem('CONTAINS', CODES.sizeMethod, size.method === 'boundary' ? 'lesion boundary' : 'ROI outline'),
    );
  }
  if (liverHu !== null) {
    // Not a statistic of the ROI (which TID 1419's Attenuation Coefficient would claim), so a
    // private concept; the ring's radii say where it was read.
    items.push(
      huItem(CODES.liverRing, liverHu.median, CODES.median, [
        numItem('HAS PROPERTIES', CODES.ringInner, liverHu.innerMm, CODES.millimetre),
        numItem('HAS PROPERTIES', CODES.ringOuter, liverHu.outerMm, CODES.millimetre),
      ]),
    );
  }
  return container('CONTAINS', CODES.measurementGroup, items, '1410');
}

/** TID 1501 for the classification: the predicted class, every class's probability, and what produced them. */
function classificationGroup(finding: Finding, uid: string): SrItem {
  const { classification: c, model } = finding;
  if (c.classes.length !== c.probabilities.length) {
    throw new Error(`${String(c.classes.length)} classes but ${String(c.probabilities.length)} probabilities`);
  }
  const parameters = [
    `backend ${c.backend}`,
    `input phases ${model.inputPhases.join(', ')}`,
    `inference ${c.inferenceMs.toFixed(1)} ms`,
  ].join('; ');
  const items: SrItem[] = [
    ...trackingItems(finding, uid),
    textItem('HAS CONCEPT MOD', CODES.algorithmName, model.id),
    textItem('HAS CONCEPT MOD', CODES.algorithmVersion, model.version),
    textItem('HAS CONCEPT MOD', CODES.algorithmParameters, parameters),
    codeItem('CONTAINS', CODES.predictedClass, CLASS_CODES[c.predicted]),
    ...c.classes.map((cls, i) =>
      numItem('CONTAINS', CODES.classProbability, c.probabilities[i] ?? Number.NaN, CODES.noUnits, [
        codeItem('HAS CONCEPT MOD', CODES.lesionClass, CLASS_CODES[cls]),
      ]),
    ),
  ];
  if (finding.lesion.userLabel !== null) {
    items.push(codeItem('CONTAINS', CODES.userClass, CLASS_CODES[finding.lesion.userLabel]));
  }
  if (model.testAccuracy !== undefined) {
    items.push(numItem('CONTAINS', CODES.testAccuracy, model.testAccuracy, CODES.noUnits));
  }
  if (model.testSetSize !== undefined) {
    items.push(numItem('CONTAINS', CODES.testSetSize, model.testSetSize, CODES.noUnits));
  }
  items.push(
    textItem('CONTAINS', CODES.trainingData, model.trainingData),
    textItem('CONTAINS', CODES.intendedUse, model.intendedUse),
    textItem('CONTAINS', CODES.disclaimer, finding.disclaimer),
  );
  return container('CONTAINS', CODES.measurementGroup, items, '1501');
}

/** The key images grouped by series, as the Hierarchical SOP Instance Reference macro lists them. */
function evidence(finding: Finding, phases: readonly PhaseWithImage[]): Record<string, unknown>[] {
  const bySeries = new Map<string, KeyImage[]>();
  for (const p of phases) bySeries.set(p.seriesInstanceUid, [...(bySeries.get(p.seriesInstanceUid) ?? []), p.keyImage]);
  return [
    {
      StudyInstanceUID: finding.studyInstanceUid,
      ReferencedSeriesSequence: [...bySeries].map(([series, images]) => ({
        SeriesInstanceUID: series,
        ReferencedSOPSequence: images.map((image) => ({
          ReferencedSOPClassUID: image.sopClassUid,
          ReferencedSOPInstanceUID: image.sopInstanceUid,
        })),
      })),
    },
  ];
}

/** Whether any string in the data set leaves the default repertoire (printable ASCII and the controls it allows). */
function hasNonAscii(value: unknown): boolean {
  if (typeof value === 'string') return /[^\x20-\x7e\t\n\f\r]/.test(value);
  if (Array.isArray(value)) return value.some(hasNonAscii);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonAscii);
  return false;
}

export function srDataset(finding: Finding, ids: SrIds): SrDataset {
  const ps = finding.patientStudy;
  const phases = finding.phases.filter(hasKeyImage);
  const uid = trackingUid(ids.sopInstanceUid);
  const content = localDateTime(finding.createdAt);
  // COMPLETE only when every phase with an ROI could be measured; otherwise the report lacks some.
  const complete = phases.length === finding.phases.length && phases.every((p) => p.lesionHu !== null);
  const dataset: SrDataset = {
    // SOP Common
    SOPClassUID: COMPREHENSIVE_SR_STORAGE,
    SOPInstanceUID: ids.sopInstanceUid,
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: PRIVATE_SCHEME,
        CodingSchemeName: `${finding.app.name} local codes`,
        CodingSchemeResponsibleOrganization: finding.app.name,
      },
    ],
    // Patient
    PatientName: ps.patientName,
    PatientID: ps.patientId,
    PatientBirthDate: ps.patientBirthDate,
    PatientSex: ps.patientSex,
    // General Study
    StudyInstanceUID: finding.studyInstanceUid,
    StudyDate: ps.studyDate,
    StudyTime: ps.studyTime,
    ReferringPhysicianName: ps.referringPhysicianName,
    StudyID: ps.studyId,
    AccessionNumber: ps.accessionNumber,
    StudyDescription: ps.studyDescription,
    // SR Document Series
    Modality: 'SR',
    SeriesInstanceUID: ids.seriesInstanceUid,
    SeriesNumber: SR_SERIES_NUMBER,
    SeriesDescription: SR_SERIES_DESCRIPTION,
    ReferencedPerformedProcedureStepSequence: [],
    // General Equipment
    Manufacturer: finding.app.name,
    ManufacturerModelName: finding.app.name,
    SoftwareVersions: finding.app.version,
    // SR Document General
    InstanceNumber: 1,
    CompletionFlag: complete ? 'COMPLETE' : 'PARTIAL',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: content.date,
    ContentTime: content.time,
    PerformedProcedureCodeSequence: [],
    // Type 1C: present when the document references any instance.
    ...(phases.length > 0 ? { CurrentRequestedProcedureEvidenceSequence: evidence(finding, phases) } : {}),
    // SR Document Content: the root CONTAINER of TID 1500
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [CODES.imagingMeasurementReport],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeItem('HAS CONCEPT MOD', CODES.language, CODES.englishUs),
      ...observerContext(finding),
      codeItem('HAS CONCEPT MOD', CODES.procedureReported, CODES.ctProcedure),
      imageLibrary(phases),
      container('CONTAINS', CODES.imagingMeasurements, [
        ...phases.map((p) => phaseGroup(finding, p, uid)),
        classificationGroup(finding, uid),
      ]),
    ],
  };
  // dcmjs writes every string as UTF-8, so that is the character set to declare where one is
  // needed. Only then: dcmtk 3.6.7's value checker warns that it cannot check UTF-8.
  return hasNonAscii(dataset) ? { SpecificCharacterSet: 'ISO_IR 192', ...dataset } : dataset;
}
