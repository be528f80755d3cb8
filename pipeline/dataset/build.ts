/**
 * Study folders with annotations.json → an ROI dataset for training: for each lesion, the
 * NC/ART/PV patches cut by the same src/core code the browser runs (phase assignment, geometry,
 * per-phase alignment from the annotated phase, crop, HU window), several per lesion for the
 * training split (slices through the lesion, ROI centre and size jittered like a hand-drawn ROI).
 * Studies are split 60/20/20 by a seeded shuffle, so no patient is in two splits.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  NORMAL_TISSUES,
  parseAnnotations,
  parseNormalRois,
  type LesionAnnotation,
  type NormalRoiAnnotation,
  type NormalTissue,
} from '../../src/core/annotations';
import { patientMm, patientToVoxel, type PatientMm } from '../../src/core/geometry';
import { LESION_CLASSES, NO_LESION, type ModelLabel, type Phase } from '../../src/core/labels';
import { roiDiscMeans } from '../../src/core/model/input-range';
import { Rng } from '../../src/core/random';
import { PHASE_ALIGN_OPTIONS, alignRoi, type HuVolume } from '../../src/core/roi/align';
import { cropPhase, type CropSpec } from '../../src/core/roi/crop';
import { circularRoi } from '../../src/core/roi/roi';
import { phaseRoiFromAlignment } from '../../src/core/roi/lesion';
import { readStudy, seriesByPhase } from '../../src/core/study/read-study';
import { dicomSources, findStudies, loadVolume, type PhaseVolume } from './study-files';
import { errorMessage } from '../../src/core/error-message';

export type Split = 'train' | 'val' | 'test';

export interface DatasetOptions {
  readonly phases: readonly Phase[];
  readonly spec: CropSpec;
  readonly seed: string;
  /** Crops per training lesion (1 = the annotated ROI only). */
  readonly samplesPerLesion: number;
  /** Shares of studies in train/val/test. */
  readonly split: readonly [number, number, number];
  /**
   * Where a lesion sits on the phases it was not annotated on. `file`: the file's `phaseCenters`
   * where it gives them (as the viewer loads them), aligned from the annotated phase elsewhere;
   * `align`: always aligned, as if the user had drawn on the annotated phase only.
   */
  readonly phaseCenters: 'file' | 'align';
  /** Also cut the file's `normalRois` (no focal lesion, label NONE), at the file's phase centres. */
  readonly normalTissue: boolean;
  /**
   * An annotation file kept apart from the study (e.g. ROIs for a read-only real study): the
   * studies folder is then that one study.
   */
  readonly annotationsFile?: string;
  /**
   * Training lesions at least this wide (mm) also get one ROI drawn inside them, a third to
   * three-fifths of their radius: a patch that is lesion from edge to edge, as when a user draws
   * inside a large mass. Undefined: none.
   */
  readonly interiorRoiFromMm?: number;
}

/** An interior ROI's radius, as a share of the lesion's. */
export const INTERIOR_RADIUS_SHARE: readonly [number, number] = [0.35, 0.6];

export interface SampleRecord {
  readonly study: string;
  /** The lesion's id, or a normal ROI's (N1…). */
  readonly lesion: string;
  readonly label: ModelLabel;
  /** For a normal-tissue sample, which tissue. */
  readonly tissue?: NormalTissue;
  readonly split: Split;
  /** Where the patch was cut on each phase (patient mm) and with which radius. */
  readonly centers: Partial<Record<Phase, readonly number[]>>;
  readonly radiusMm: number;
  /** How each phase's centre was found: aligned from the annotated phase, or carried unchanged. */
  readonly origins: Partial<Record<Phase, string>>;
  /** `interior`: an ROI drawn inside the lesion (DatasetOptions.interiorRoiFromMm). */
  readonly roi?: 'interior';
  /** Mean byte inside the ROI disc per input channel (`roiDiscMeans`), for the model's input range. */
  readonly roiMeans: readonly number[];
}

export interface StudyProblem {
  readonly study: string;
  readonly message: string;
}

/** Deterministic study → split: a seeded shuffle cut at the given shares. */
export function splitStudies(
  names: readonly string[],
  seed: string,
  shares: readonly [number, number, number],
): Map<string, Split> {
  const order = new Rng(`${seed}/split`).shuffle([...names].sort());
  const total = shares[0] + shares[1] + shares[2];
  const trainEnd = Math.round((order.length * shares[0]) / total);
  const valEnd = trainEnd + Math.round((order.length * shares[1]) / total);
  return new Map(order.map((name, i) => [name, i < trainEnd ? 'train' : i < valEnd ? 'val' : 'test']));
}

function inside(volume: HuVolume, point: PatientMm): boolean {
  const v = patientToVoxel(volume.geometry, point);
  return v.every((x, a) => x >= -0.5 && x <= (volume.geometry.dimensions[a] as number) - 0.5);
}

/**
 * One study's samples. Throws with a clear message when the study cannot be used (a phase
 * missing, a lesion outside the volume, no label).
 */
export async function studySamples(
  dir: string,
  name: string,
  split: Split,
  options: DatasetOptions,
): Promise<{ records: SampleRecord[]; crops: Uint8Array[] }> {
  const json = JSON.parse(await readFile(options.annotationsFile ?? join(dir, 'annotations.json'), 'utf8')) as unknown;
  const annotations = parseAnnotations(json);
  const normalRois = options.normalTissue ? parseNormalRois(json) : [];
  const read = await readStudy(await dicomSources(dir));
  const byPhase = seriesByPhase(
    read.series.filter((s) => s.series.studyInstanceUid === annotations.studyInstanceUid),
    new Map(),
  );
  const missing = options.phases.filter((p) => byPhase[p] === undefined);
  if (missing.length > 0)
    throw new Error(`no ${missing.join(', ')} series (the model reads ${options.phases.join(', ')})`);
  const needed = new Set<Phase>([...options.phases, ...annotations.lesions.map((l) => l.phase)]);
  const volumes = new Map<Phase, PhaseVolume>();
  for (const phase of needed) {
    const entry = byPhase[phase];
    if (entry === undefined) throw new Error(`a lesion is annotated on ${phase}, which the study lacks`);
    volumes.set(phase, await loadVolume(entry, read.files));
  }
  const records: SampleRecord[] = [];
  const crops: Uint8Array[] = [];
  for (const lesion of annotations.lesions) {
    const made = lesionSamples(name, lesion, split, volumes, options);
    records.push(...made.records);
    crops.push(...made.crops);
  }
  for (const roi of normalRois) {
    const made = normalSample(name, roi, split, volumes, options);
    if (made === null) continue;
    records.push(made.record);
    crops.push(made.crop);
  }
  return { records, crops };
}

/** The channels of one ROI, cut at each phase's centre, laid end to end, and their ROI means. */
function cutChannels(
  volumes: ReadonlyMap<Phase, PhaseVolume>,
  centers: Readonly<Partial<Record<Phase, PatientMm>>>,
  radius: number,
  options: DatasetOptions,
): { bytes: Uint8Array; roiMeans: number[] } {
  const channels = options.phases.map((phase) => {
    const target = volumes.get(phase) as PhaseVolume;
    return cropPhase(target.volume, centers[phase] as PatientMm, radius, target.plane, options.spec);
  });
  const bytes = new Uint8Array(channels.reduce((total, ch) => total + ch.length, 0));
  channels.forEach((ch, i) => {
    bytes.set(ch, i * ch.length);
  });
  return { bytes, roiMeans: roiDiscMeans(channels, options.spec) };
}

/**
 * One sample of a normal-tissue ROI: cut where the file says it is on each phase (the generator
 * knows; fixed organs do not move with breathing), else where the viewer's alignment puts it (an
 * ROI drawn on a real study). Null when it lies outside a volume.
 */
export function normalSample(
  study: string,
  roi: NormalRoiAnnotation,
  split: Split,
  volumes: ReadonlyMap<Phase, PhaseVolume>,
  options: DatasetOptions,
): { record: SampleRecord; crop: Uint8Array } | null {
  if (!inside((volumes.get(roi.phase) as PhaseVolume).volume, roi.center)) return null;
  const centers: Partial<Record<Phase, PatientMm>> = {};
  const origins: Partial<Record<Phase, string>> = {};
  for (const [phase, placement] of phasePlacements(roi, true, volumes, options)) {
    const c = roi.center;
    const center = patientMm(c[0] + placement.shift[0], c[1] + placement.shift[1], c[2] + placement.shift[2]);
    if (!inside((volumes.get(phase) as PhaseVolume).volume, center)) return null;
    centers[phase] = center;
    origins[phase] = placement.origin;
  }
  const { bytes: crop, roiMeans } = cutChannels(volumes, centers, roi.radiusMm, options);
  return {
    record: {
      study,
      lesion: roi.id,
      label: NO_LESION,
      tissue: roi.tissue,
      split,
      centers: Object.fromEntries(Object.entries(centers).map(([p, c]) => [p, [...c]])),
      radiusMm: roi.radiusMm,
      origins,
      roiMeans,
    },
    crop,
  };
}

interface Placement {
  readonly shift: readonly [number, number, number];
  readonly origin: string;
}

/**
 * Where an ROI drawn on one phase sits on each input phase, as a shift from where it was drawn:
 * the file's centre for that phase where given and `useFile`, else aligned as the viewer aligns
 * a user's ROI.
 */
export function phasePlacements(
  roi: Pick<LesionAnnotation, 'center' | 'radiusMm' | 'phase' | 'phaseCenters'>,
  useFile: boolean,
  volumes: ReadonlyMap<Phase, PhaseVolume>,
  options: DatasetOptions,
): Map<Phase, Placement> {
  const source = volumes.get(roi.phase) as PhaseVolume;
  const annotated = circularRoi(roi.center, roi.radiusMm);
  return new Map(
    options.phases.map((phase): [Phase, Placement] => {
      if (phase === roi.phase) return [phase, { shift: [0, 0, 0], origin: 'drawn' }];
      const given = useFile ? roi.phaseCenters?.[phase] : undefined;
      if (given !== undefined) {
        const shift = [given[0] - roi.center[0], given[1] - roi.center[1], given[2] - roi.center[2]] as const;
        return [phase, { shift, origin: 'file' }];
      }
      const target = volumes.get(phase) as PhaseVolume;
      const alignment = alignRoi(source.volume, target.volume, roi.center, roi.radiusMm, PHASE_ALIGN_OPTIONS);
      const entry = phaseRoiFromAlignment(annotated, alignment);
      const c = entry.roi.center;
      return [
        phase,
        { shift: [c[0] - roi.center[0], c[1] - roi.center[1], c[2] - roi.center[2]], origin: entry.origin },
      ];
    }),
  );
}

export function lesionSamples(
  study: string,
  lesion: LesionAnnotation,
  split: Split,
  volumes: ReadonlyMap<Phase, PhaseVolume>,
  options: DatasetOptions,
): { records: SampleRecord[]; crops: Uint8Array[] } {
  if (lesion.label === undefined) throw new Error(`lesion ${lesion.id} has no label`);
  const label = lesion.label;
  const source = volumes.get(lesion.phase) as PhaseVolume;
  if (!inside(source.volume, lesion.center)) {
    throw new Error(
      `lesion ${lesion.id} lies outside the ${lesion.phase} volume (centre ${lesion.center.map((v) => v.toFixed(1)).join(', ')} mm)`,
    );
  }
  const rng = new Rng(`${options.seed}/${study}/${lesion.id}`);
  const count = split === 'train' ? options.samplesPerLesion : 1;
  // Breathing moves the lesion, not the ROI: each phase is aligned once, for the annotated ROI,
  // and every jittered ROI of the lesion moves by that phase's shift.
  const placements = phasePlacements(lesion, options.phaseCenters === 'file', volumes, options);
  const records: SampleRecord[] = [];
  const crops: Uint8Array[] = [];
  const r = lesion.radiusMm;
  const cut = (jitter: readonly number[], radius: number, interior: boolean): void => {
    const centers: Partial<Record<Phase, PatientMm>> = {};
    const origins: Partial<Record<Phase, string>> = {};
    for (const phase of options.phases) {
      const placement = placements.get(phase) ?? { shift: [0, 0, 0] as const, origin: 'carried' };
      const c = lesion.center;
      centers[phase] = patientMm(
        c[0] + (jitter[0] ?? 0) + placement.shift[0],
        c[1] + (jitter[1] ?? 0) + placement.shift[1],
        c[2] + (jitter[2] ?? 0) + placement.shift[2],
      );
      origins[phase] = placement.origin;
    }
    const { bytes, roiMeans } = cutChannels(volumes, centers, radius, options);
    records.push({
      study,
      lesion: lesion.id,
      label,
      split,
      centers: Object.fromEntries(Object.entries(centers).map(([p, c]) => [p, [...c]])),
      radiusMm: radius,
      origins,
      roiMeans,
      ...(interior ? { roi: 'interior' as const } : {}),
    });
    crops.push(bytes);
  };
  for (let n = 0; n < count; n++) {
    // The first sample is the ROI as annotated; the others move like a user's hand-drawn ROI:
    // another slice through the lesion, the centre off by up to a fifth of the radius, the size
    // 0.85–1.25×.
    const jitter =
      n === 0 ? [0, 0, 0] : [rng.uniform(-0.2, 0.2) * r, rng.uniform(-0.2, 0.2) * r, rng.uniform(-0.45, 0.45) * r];
    cut(jitter, n === 0 ? r : r * rng.uniform(0.85, 1.25), false);
  }
  if (split === 'train' && options.interiorRoiFromMm !== undefined && 2 * r >= options.interiorRoiFromMm) {
    // Its own stream: the other samples stay as they were without interior ROIs.
    const interior = rng.fork('interior');
    const radius = r * interior.uniform(...INTERIOR_RADIUS_SHARE);
    const room = 0.5 * (r - radius);
    cut([interior.uniform(-room, room), interior.uniform(-room, room), interior.uniform(-0.3, 0.3) * r], radius, true);
  }
  return { records, crops };
}

export interface Dataset {
  readonly records: SampleRecord[];
  readonly crops: Uint8Array[];
  readonly problems: StudyProblem[];
}

export async function buildDataset(
  root: string,
  options: DatasetOptions,
  onStudy?: (done: number, total: number) => void,
): Promise<Dataset> {
  const dirs = options.annotationsFile === undefined ? await findStudies(root) : [root];
  const names = dirs.map((d) => relative(root, d) || '.');
  const splits = splitStudies(names, options.seed, options.split);
  const records: SampleRecord[] = [];
  const crops: Uint8Array[] = [];
  const problems: StudyProblem[] = [];
  for (const [i, dir] of dirs.entries()) {
    const name = names[i] as string;
    try {
      const made = await studySamples(dir, name, splits.get(name) ?? 'train', options);
      records.push(...made.records);
      crops.push(...made.crops);
    } catch (error) {
      problems.push({ study: name, message: errorMessage(error) });
    }
    onStudy?.(i + 1, dirs.length);
  }
  return { records, crops, problems };
}

/** One line per class (and NONE, by tissue, when there are normal-tissue samples): lesions and crops per split. */
export function summary(records: readonly SampleRecord[]): string[] {
  const normal = records.filter((r) => r.label === NO_LESION);
  const tissues = NORMAL_TISSUES.map((t) => `${t} ${String(normal.filter((r) => r.tissue === t).length)}`);
  const noneLine =
    normal.length === 0
      ? []
      : [
          `${NO_LESION}: ${String(normal.length)} normal-tissue ROIs (train ${String(normal.filter((r) => r.split === 'train').length)}, val ${String(normal.filter((r) => r.split === 'val').length)}, test ${String(normal.filter((r) => r.split === 'test').length)}): ${tissues.join(', ')}`,
        ];
  return [...lesionLines(records), ...noneLine];
}

function lesionLines(records: readonly SampleRecord[]): string[] {
  return LESION_CLASSES.map((label) => {
    const mine = records.filter((r) => r.label === label);
    const lesions = (split: Split) =>
      new Set(mine.filter((r) => r.split === split).map((r) => `${r.study}/${r.lesion}`)).size;
    const total = lesions('train') + lesions('val') + lesions('test');
    return `${label}: ${String(total)} lesions (train ${String(lesions('train'))}, val ${String(lesions('val'))}, test ${String(lesions('test'))}), ${String(mine.length)} crops`;
  });
}
