/**
 * The vocabulary and the content-item builders of the finding's DICOM Structured Report, as
 * dcmjs "naturalized" objects (attribute keywords as keys, sequences as arrays of items). Codes
 * the standard has are used as PS3.16 spells them; what it has no code for (contrast phase, the
 * five lesion classes, the model's probabilities) is in the private scheme 99LLV, which the
 * document declares in its Coding Scheme Identification Sequence.
 */
import type { LesionClass, Phase } from '../labels';
import type { RoiOrigin } from '../roi/lesion';

export interface Code {
  readonly CodeValue: string;
  readonly CodingSchemeDesignator: string;
  readonly CodeMeaning: string;
}

export type RelationshipType =
  'CONTAINS' | 'HAS OBS CONTEXT' | 'HAS ACQ CONTEXT' | 'HAS CONCEPT MOD' | 'HAS PROPERTIES' | 'SELECTED FROM';

export type ValueType = 'CONTAINER' | 'TEXT' | 'CODE' | 'NUM' | 'UIDREF' | 'IMAGE' | 'SCOORD';

export interface TemplateId {
  readonly MappingResource: 'DCMR';
  readonly TemplateIdentifier: string;
}

export interface ImageReference {
  readonly ReferencedSOPClassUID: string;
  readonly ReferencedSOPInstanceUID: string;
  /** The frame (from 1) of a multi-frame image. */
  readonly ReferencedFrameNumber?: number;
}

export interface MeasuredValue {
  readonly MeasurementUnitsCodeSequence: readonly [Code];
  /** DS: at most 16 characters. */
  readonly NumericValue: string;
}

/** One SR content item; which value attributes it carries depends on ValueType. */
export interface SrItem {
  readonly RelationshipType?: RelationshipType;
  readonly ValueType: ValueType;
  readonly ConceptNameCodeSequence?: readonly [Code];
  readonly ContinuityOfContent?: 'SEPARATE';
  readonly ContentTemplateSequence?: readonly [TemplateId];
  readonly TextValue?: string;
  readonly ConceptCodeSequence?: readonly [Code];
  readonly UID?: string;
  readonly MeasuredValueSequence?: readonly [MeasuredValue];
  readonly ReferencedSOPSequence?: readonly [ImageReference];
  readonly GraphicType?: 'ELLIPSE' | 'POLYLINE';
  readonly GraphicData?: readonly number[];
  readonly ContentSequence?: readonly SrItem[];
}

export const PRIVATE_SCHEME = '99LLV';

const dcm = (value: string, meaning: string): Code => ({
  CodeValue: value,
  CodingSchemeDesignator: 'DCM',
  CodeMeaning: meaning,
});
const sct = (value: string, meaning: string): Code => ({
  CodeValue: value,
  CodingSchemeDesignator: 'SCT',
  CodeMeaning: meaning,
});
const ucum = (value: string, meaning: string): Code => ({
  CodeValue: value,
  CodingSchemeDesignator: 'UCUM',
  CodeMeaning: meaning,
});
const llv = (value: string, meaning: string): Code => ({
  CodeValue: value,
  CodingSchemeDesignator: PRIVATE_SCHEME,
  CodeMeaning: meaning,
});

export const CODES = {
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  language: dcm('121049', 'Language of Content Item and Descendants'),
  englishUs: { CodeValue: 'en-US', CodingSchemeDesignator: 'RFC5646', CodeMeaning: 'English (United States)' },
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  deviceObserverModelName: dcm('121015', 'Device Observer Model Name'),
  procedureReported: dcm('121058', 'Procedure reported'),
  // CID 100 (Quantitative Diagnostic Imaging Procedures) has no liver- or phase-specific CT code.
  ctProcedure: { CodeValue: '25045-6', CodingSchemeDesignator: 'LN', CodeMeaning: 'CT unspecified body region' },
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  lesion: sct('52988006', 'Lesion'),
  findingSite: sct('363698007', 'Finding Site'),
  liver: sct('10200004', 'Liver'),
  imageRegion: dcm('111030', 'Image Region'),
  attenuation: dcm('112031', 'Attenuation Coefficient'),
  derivation: dcm('121401', 'Derivation'),
  mean: sct('373098007', 'Mean'),
  sd: sct('386136009', 'Standard Deviation'),
  minimum: sct('255605001', 'Minimum'),
  maximum: sct('56851009', 'Maximum'),
  median: sct('373099004', 'Median'),
  algorithmName: dcm('111001', 'Algorithm Name'),
  algorithmVersion: dcm('111003', 'Algorithm Version'),
  algorithmParameters: dcm('111002', 'Algorithm Parameters'),
  hounsfield: ucum("[hnsf'U]", 'Hounsfield unit'),
  millimetre: ucum('mm', 'millimeter'),
  noUnits: ucum('1', 'no units'),
  contrastPhase: llv('LLV-PHASE', 'Contrast phase'),
  roiPlacement: llv('LLV-ROIORIGIN', 'ROI placement'),
  liverRing: llv('LLV-RINGHU', 'Liver attenuation around ROI'),
  longAxis: sct('103339001', 'Long Axis'),
  shortAxis: sct('103340004', 'Short Axis'),
  sizeMethod: llv('LLV-SIZEMETHOD', 'Size measured on'),
  ringInner: llv('LLV-RINGINNER', 'Ring inner radius'),
  ringOuter: llv('LLV-RINGOUTER', 'Ring outer radius'),
  // A PACS that shows only concept names and values still reads, next to the class, that it is a
  // research demo's model output and not a diagnosis.
  predictedClass: llv('LLV-PRED', 'Research demo model output, not a diagnosis'),
  userClass: llv('LLV-USERLABEL', 'Lesion class assigned by user'),
  classProbability: llv('LLV-PROB', 'Calibrated class probability (model output)'),
  lesionClass: llv('LLV-CLASS', 'Lesion class'),
  testAccuracy: llv('LLV-TESTACC', 'Model test accuracy'),
  testSetSize: llv('LLV-TESTN', 'Model test set size'),
  trainingData: llv('LLV-TRAINDATA', 'Model training data'),
  intendedUse: llv('LLV-USE', 'Model intended use'),
  disclaimer: llv('LLV-DISCLAIMER', 'Research demo, not a medical device'),
} as const satisfies Record<string, Code>;

export const CLASS_CODES: Record<LesionClass, Code> = {
  CYST: llv('CYST', 'Simple cyst'),
  FNH: llv('FNH', 'Focal nodular hyperplasia'),
  HCC: llv('HCC', 'Hepatocellular carcinoma'),
  HEM: llv('HEM', 'Cavernous hemangioma'),
  METS: llv('METS', 'Metastasis'),
};

export const PHASE_CODES: Record<Phase, Code> = {
  NC: llv('NC', 'Non-contrast phase'),
  ART: llv('ART', 'Arterial phase'),
  PV: llv('PV', 'Portal venous phase'),
  DL: llv('DL', 'Delayed phase'),
};

export const ROI_ORIGIN_TEXT: Record<RoiOrigin, string> = {
  drawn: 'drawn by the user on this phase',
  aligned: 'carried from the source phase by patient position, then refined by image alignment',
  carried: 'carried from the source phase by patient position',
  nudged: 'carried from the source phase, then moved by the user',
  file: 'loaded from an annotation file',
};

/**
 * A number as DICOM DS: at most 16 characters, so the precision drops only where the value
 * would not fit (dcmjs would cut the string instead, silently changing the number).
 */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${String(value)} as a DICOM decimal`);
  for (let digits = 15; digits > 0; digits--) {
    const plain = String(Number(value.toPrecision(digits)));
    if (plain.length <= 16) return plain;
    // Large values print with all their zeros rather than an exponent; DS allows one.
    const exponential = value.toExponential(digits - 1);
    if (exponential.length <= 16) return exponential;
  }
  throw new Error(`cannot write ${String(value)} in 16 characters`);
}

export function container(
  relationship: RelationshipType | undefined,
  name: Code,
  children: readonly SrItem[],
  templateId?: string,
): SrItem {
  return {
    ...(relationship === undefined ? {} : { RelationshipType: relationship }),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [name],
    ContinuityOfContent: 'SEPARATE',
    ...(templateId === undefined
      ? {}
      : { ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: templateId }] }),
    ContentSequence: children,
  };
}

export function codeItem(
  relationship: RelationshipType,
  name: Code,
  value: Code,
  children: readonly SrItem[] = [],
): SrItem {
  return {
    RelationshipType: relationship,
    ValueType: 'CODE',
    ConceptNameCodeSequence: [name],
    ConceptCodeSequence: [value],
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  };
}

export function textItem(relationship: RelationshipType, name: Code, value: string): SrItem {
  return { RelationshipType: relationship, ValueType: 'TEXT', ConceptNameCodeSequence: [name], TextValue: value };
}

export function uidItem(relationship: RelationshipType, name: Code, uid: string): SrItem {
  return { RelationshipType: relationship, ValueType: 'UIDREF', ConceptNameCodeSequence: [name], UID: uid };
}

export function numItem(
  relationship: RelationshipType,
  name: Code,
  value: number,
  unit: Code,
  children: readonly SrItem[] = [],
): SrItem {
  return {
    RelationshipType: relationship,
    ValueType: 'NUM',
    ConceptNameCodeSequence: [name],
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [unit], NumericValue: decimalString(value) }],
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  };
}

/** An IMAGE item needs no concept name where its role is given by the relationship (library, SELECTED FROM). */
export function imageItem(
  relationship: RelationshipType,
  image: { readonly sopClassUid: string; readonly sopInstanceUid: string; readonly frameNumber?: number },
  children: readonly SrItem[] = [],
): SrItem {
  return {
    RelationshipType: relationship,
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUid,
        ReferencedSOPInstanceUID: image.sopInstanceUid,
        // A multi-frame image is referenced by the one frame the ROI was drawn on.
        ...(image.frameNumber === undefined ? {} : { ReferencedFrameNumber: image.frameNumber }),
      },
    ],
    ...(children.length > 0 ? { ContentSequence: children } : {}),
  };
}

/** An HU statistic of a region: an Attenuation Coefficient NUM whose Derivation says which one. */
export function huItem(name: Code, value: number, derivation: Code, children: readonly SrItem[] = []): SrItem {
  return numItem('CONTAINS', name, value, CODES.hounsfield, [
    codeItem('HAS CONCEPT MOD', CODES.derivation, derivation),
    ...children,
  ]);
}
