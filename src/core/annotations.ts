import { isLesionClass, isPhase, type LesionClass, type Phase } from './labels';
import type { PatientMm } from './geometry';

/** One lesion of an `annotations.json` file (docs/architecture.md's contract; extend, never rename). */
export interface LesionAnnotation {
  readonly id: string;
  /** Absent when a user exports unlabelled ROIs. */
  readonly label?: LesionClass;
  /** Patient coordinates (LPS, mm) of the lesion centre as seen on `phase`. */
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly phase: Phase;
  /** Extension: the centre as seen on every phase (phantoms know it; breathing moves lesions). */
  readonly phaseCenters?: Partial<Record<Phase, PatientMm>>;
}

export interface StudyAnnotations {
  readonly studyInstanceUid: string;
  readonly lesions: readonly LesionAnnotation[];
}

/** Tissues an ROI without a focal lesion may hold (the model's "no focal lesion" examples). */
export const NORMAL_TISSUES = [
  'liver',
  'liver-edge',
  'spleen',
  'kidney',
  'vessel',
  'muscle',
  'fat',
  'bone',
  'bowel',
  'air',
] as const;
export type NormalTissue = (typeof NORMAL_TISSUES)[number];

/**
 * Extension of the annotation file: `normalRois`, ROIs known to hold no focal lesion (the
 * generator writes them; a study without them has none).
 */
export interface NormalRoiAnnotation {
  readonly id: string;
  readonly tissue: NormalTissue;
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly phase: Phase;
  readonly phaseCenters?: Partial<Record<Phase, PatientMm>>;
}

/** The file's `normalRois` (empty when absent); throws an Error naming what is wrong. */
export function parseNormalRois(json: unknown): NormalRoiAnnotation[] {
  if (!isRecord(json) || json.normalRois === undefined) return [];
  const { normalRois } = json;
  if (!Array.isArray(normalRois)) throw new Error('annotations: "normalRois" must be an array');
  return normalRois.map((roi: unknown, index) => {
    const where = `annotations: normal ROI ${index}`;
    if (!isRecord(roi)) throw new Error(`${where}: expected an object`);
    const { id, tissue, center, radiusMm, phase, phaseCenters } = roi;
    if (typeof id !== 'string' || id === '') throw new Error(`${where}: "id" must be a non-empty string`);
    if (typeof tissue !== 'string' || !(NORMAL_TISSUES as readonly string[]).includes(tissue)) {
      throw new Error(`${where}: "tissue" must be one of ${NORMAL_TISSUES.join(', ')}`);
    }
    if (typeof radiusMm !== 'number' || !(radiusMm > 0) || !Number.isFinite(radiusMm)) {
      throw new Error(`${where}: "radiusMm" must be a positive number`);
    }
    if (!isPhase(phase)) throw new Error(`${where}: "phase" must be one of NC, ART, PV, DL`);
    return {
      id,
      tissue: tissue as NormalTissue,
      center: parsePoint(center, `${where}: "center"`),
      radiusMm,
      phase,
      ...(phaseCenters === undefined ? {} : { phaseCenters: parsePhaseCenters(phaseCenters, where) }),
    };
  });
}

/** Parses and validates an annotation file; throws an Error whose message names what is wrong. */
export function parseAnnotations(json: unknown): StudyAnnotations {
  if (!isRecord(json)) throw new Error('annotations: expected a JSON object');
  const { studyInstanceUid, lesions } = json;
  if (typeof studyInstanceUid !== 'string' || studyInstanceUid === '') {
    throw new Error('annotations: "studyInstanceUid" must be a non-empty string');
  }
  if (!Array.isArray(lesions)) throw new Error('annotations: "lesions" must be an array');
  const ids = new Set<string>();
  const parsed = lesions.map((lesion: unknown, index) => {
    const where = `annotations: lesion ${index}`;
    if (!isRecord(lesion)) throw new Error(`${where}: expected an object`);
    const { id, label, center, radiusMm, phase, phaseCenters } = lesion;
    if (typeof id !== 'string' || id === '') throw new Error(`${where}: "id" must be a non-empty string`);
    if (ids.has(id)) throw new Error(`${where}: duplicate id "${id}"`);
    ids.add(id);
    if (label !== undefined && !isLesionClass(label)) {
      throw new Error(`${where}: "label" must be one of CYST, FNH, HCC, HEM, METS (got ${JSON.stringify(label)})`);
    }
    if (typeof radiusMm !== 'number' || !(radiusMm > 0) || !Number.isFinite(radiusMm)) {
      throw new Error(`${where}: "radiusMm" must be a positive number`);
    }
    if (!isPhase(phase)) throw new Error(`${where}: "phase" must be one of NC, ART, PV, DL`);
    const result: LesionAnnotation = {
      id,
      ...(label === undefined ? {} : { label }),
      center: parsePoint(center, `${where}: "center"`),
      radiusMm,
      phase,
      ...(phaseCenters === undefined ? {} : { phaseCenters: parsePhaseCenters(phaseCenters, where) }),
    };
    return result;
  });
  return { studyInstanceUid, lesions: parsed };
}

function parsePhaseCenters(value: unknown, where: string): Partial<Record<Phase, PatientMm>> {
  if (!isRecord(value)) throw new Error(`${where}: "phaseCenters" must be an object`);
  const out: Partial<Record<Phase, PatientMm>> = {};
  for (const [key, point] of Object.entries(value)) {
    if (!isPhase(key)) throw new Error(`${where}: "phaseCenters" has unknown phase "${key}"`);
    out[key] = parsePoint(point, `${where}: "phaseCenters.${key}"`);
  }
  return out;
}

function parsePoint(value: unknown, where: string): PatientMm {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${where} must be three finite numbers [x, y, z] in mm`);
  }
  return value as unknown as PatientMm;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
