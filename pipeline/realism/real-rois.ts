/** The real-CT ROI list (real-rois.json): which series is which phase, and disc ROIs per phase. */
import { isPhase, type Phase } from '../../src/core/labels';
import { TISSUES, type Tissue } from './measures';

/** Organs measured on every study, plus the tumour whose contrast is compared with the phantoms' HCCs. */
export type RoiTissue = Tissue | 'hcc';

export type PatientPoint = readonly [number, number, number];

export interface RealRoi {
  readonly id: string;
  readonly tissue: RoiTissue;
  readonly radiusMm: number;
  /** Centre as seen on each phase (LPS mm), measured on the slice nearest its z. */
  readonly centers: Partial<Record<Phase, PatientPoint>>;
}

export interface RealStudyConfig {
  readonly name: string;
  /** Folder under the shared data directory. */
  readonly folder: string;
  /** Sub-folder of each phase's series ("." for the folder itself). */
  readonly series: Partial<Record<Phase, string>>;
  readonly rois: readonly RealRoi[];
}

const ROI_TISSUES: readonly string[] = [...TISSUES, 'hcc'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses and checks real-rois.json; throws an Error naming the first thing that is wrong. */
export function parseRealRois(json: unknown): RealStudyConfig[] {
  if (!isRecord(json) || !Array.isArray(json.studies)) throw new Error('real ROIs: expected { "studies": [...] }');
  return json.studies.map((study: unknown, s): RealStudyConfig => {
    const where = `real ROIs: study ${s}`;
    if (!isRecord(study)) throw new Error(`${where}: expected an object`);
    const { name, folder, series, rois } = study;
    if (typeof name !== 'string' || name === '') throw new Error(`${where}: "name" must be a non-empty string`);
    if (typeof folder !== 'string' || folder === '') throw new Error(`${where}: "folder" must be a non-empty string`);
    if (!isRecord(series)) throw new Error(`${where}: "series" must map phases to folders`);
    const seriesByPhase: Partial<Record<Phase, string>> = {};
    for (const [phase, dir] of Object.entries(series)) {
      if (!isPhase(phase) || typeof dir !== 'string')
        throw new Error(`${where}: series "${phase}" is not a phase → folder`);
      seriesByPhase[phase] = dir;
    }
    if (!Array.isArray(rois)) throw new Error(`${where}: "rois" must be an array`);
    return {
      name,
      folder,
      series: seriesByPhase,
      rois: rois.map((roi: unknown, r) => parseRoi(roi, `${where} (${name}), ROI ${r}`, seriesByPhase)),
    };
  });
}

function parseRoi(roi: unknown, where: string, series: Partial<Record<Phase, string>>): RealRoi {
  if (!isRecord(roi)) throw new Error(`${where}: expected an object`);
  const { id, tissue, radiusMm, centers } = roi;
  if (typeof id !== 'string' || id === '') throw new Error(`${where}: "id" must be a non-empty string`);
  if (typeof tissue !== 'string' || !ROI_TISSUES.includes(tissue)) {
    throw new Error(`${where} (${id}): "tissue" must be one of ${ROI_TISSUES.join(', ')}`);
  }
  if (typeof radiusMm !== 'number' || !(radiusMm > 0)) throw new Error(`${where} (${id}): "radiusMm" must be > 0`);
  if (!isRecord(centers)) throw new Error(`${where} (${id}): "centers" must map phases to [x, y, z]`);
  const byPhase: Partial<Record<Phase, PatientPoint>> = {};
  for (const [phase, point] of Object.entries(centers)) {
    if (!isPhase(phase) || series[phase] === undefined) {
      throw new Error(`${where} (${id}): centre for "${phase}", a phase the study has no series for`);
    }
    if (
      !Array.isArray(point) ||
      point.length !== 3 ||
      !point.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw new Error(`${where} (${id}): centre for ${phase} must be [x, y, z] in mm`);
    }
    byPhase[phase] = [point[0] as number, point[1] as number, point[2] as number];
  }
  return { id, tissue: tissue as RoiTissue, radiusMm, centers: byPhase };
}
