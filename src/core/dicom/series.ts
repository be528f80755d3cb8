/**
 * Groups slices into series (by study and series UID) and sorts each along its slice normal: by
 * where a slice is, not by its file name or InstanceNumber, which exports get wrong. Problems a
 * reader must see (duplicates, gaps, mixed orientations, non-CT) are listed per series.
 */
import { cross, dot, normalize, type Vec3 } from '../geometry';
import { splitAcquisitions, type SplitRule } from './acquisitions';
import { describeLeftOut, leaveOutMisfits } from './misfits';
import type { SliceMeta } from './slice-meta';

export interface Series {
  /** Unique in a study: the series UID, and the acquisition where one series holds several. */
  readonly key: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** Which acquisition of its series this stack is ("acquisition 3"); undefined for a whole series. */
  readonly acquisition: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly description: string;
  readonly modality: string;
  /** Sorted by increasing position along `normal` (duplicates removed). */
  readonly slices: readonly SliceMeta[];
  /** Unit normal of the slices (row × column direction), or undefined without geometry. */
  readonly normal: Vec3 | undefined;
  /** Median distance between neighbouring slices, mm. */
  readonly sliceSpacing: number | undefined;
  readonly issues: readonly string[];
}

export function groupSeries(slices: readonly SliceMeta[]): Series[] {
  const groups = new Map<string, SliceMeta[]>();
  for (const slice of slices) {
    const key = `${slice.studyInstanceUid}|${slice.seriesInstanceUid}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [slice]);
    else group.push(slice);
  }
  return [...groups.values()]
    .flatMap(splitSeries)
    .sort(
      (a, b) =>
        a.studyInstanceUid.localeCompare(b.studyInstanceUid) ||
        (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER) ||
        a.seriesInstanceUid.localeCompare(b.seriesInstanceUid) ||
        (a.acquisition ?? '').localeCompare(b.acquisition ?? '', undefined, { numeric: true }),
    );
}

/** One stack per acquisition where a series holds several (acquisitions.ts). */
function splitSeries(all: SliceMeta[]): Series[] {
  const { kept: members, leftOut } = leaveOutMisfits(all);
  const leftOutText = describeLeftOut(leftOut);
  const orientation = members[0]?.imageOrientationPatient;
  const normal = orientation === undefined ? undefined : sliceNormal(orientation);
  const along = (s: SliceMeta): number | undefined =>
    normal === undefined || s.imagePositionPatient === undefined ? undefined : dot(s.imagePositionPatient, normal);
  const { acquisitions, rule } = splitAcquisitions(members, along);
  return acquisitions.map((a) => {
    const series = buildSeries([...a.slices], a.label, rule, acquisitions.length);
    return leftOutText === undefined ? series : { ...series, issues: [leftOutText, ...series.issues] };
  });
}

function buildSeries(
  members: SliceMeta[],
  acquisition: string | undefined,
  rule: SplitRule | undefined,
  acquisitions: number,
): Series {
  const first = members[0] as SliceMeta;
  const issues: string[] = [];
  if (acquisition !== undefined && rule !== undefined)
    issues.push(`one of ${acquisitions} acquisitions stored in one series (told apart by ${rule})`);
  if (first.modality !== 'CT')
    issues.push(
      `not CT (modality ${first.modality || 'missing'}): shown for viewing only, never classified (the model reads contrast-phase CT)`,
    );
  else if (members.length === 1) issues.push('a single slice (a fragment, e.g. a damaged copy): not read as a phase');
  const orientation = first.imageOrientationPatient;
  const normal = orientation === undefined ? undefined : sliceNormal(orientation);
  let ordered: SliceMeta[];
  if (normal === undefined || members.some((s) => s.imagePositionPatient === undefined)) {
    issues.push('slices without position or orientation: ordered by InstanceNumber');
    ordered = [...members].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0));
  } else {
    if (members.some((s) => !sameOrientation(s.imageOrientationPatient, orientation))) {
      issues.push('slices with different orientations in one series');
    }
    const along = (s: SliceMeta): number => dot(s.imagePositionPatient as Vec3, normal);
    const sorted = [...members].sort(
      (a, b) => along(a) - along(b) || (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0),
    );
    ordered = [];
    let duplicates = 0;
    for (const slice of sorted) {
      const previous = ordered[ordered.length - 1];
      if (previous !== undefined && Math.abs(along(previous) - along(slice)) < 1e-3) duplicates++;
      else ordered.push(slice);
    }
    if (duplicates > 0)
      issues.push(`${duplicates} duplicate slice${duplicates > 1 ? 's' : ''} at the same position (ignored)`);
  }
  const unplaced = unplacedFrames(members);
  if (unplaced > 0)
    issues.push(
      `multi-frame images without a position per frame (${String(unplaced)} frames): they cannot be stacked, ` +
        'so no phase is read from this series',
    );
  const sliceSpacing = normal === undefined ? undefined : spacingOf(ordered, normal, issues);
  const plane = normal === undefined ? undefined : planeIssue(normal);
  if (plane !== undefined) issues.push(plane);
  return {
    key: acquisition === undefined ? first.seriesInstanceUid : `${first.seriesInstanceUid}|${acquisition}`,
    studyInstanceUid: first.studyInstanceUid,
    seriesInstanceUid: first.seriesInstanceUid,
    acquisition,
    seriesNumber: first.seriesNumber,
    description: first.seriesDescription,
    modality: first.modality,
    slices: ordered,
    normal,
    sliceSpacing,
    issues,
  };
}

/** Frames of multi-frame files that say nowhere where they are (no per-frame functional groups). */
function unplacedFrames(slices: readonly SliceMeta[]): number {
  return slices.filter((s) => s.numberOfFrames > 1 && s.imagePositionPatient === undefined).length;
}

/** A series of multi-frame files without per-frame positions: its frames cannot be put in order, so it is no phase. */
export function hasUnplacedFrames(series: Series): boolean {
  return unplacedFrames(series.slices) > 0;
}

function spacingOf(slices: readonly SliceMeta[], normal: Vec3, issues: string[]): number | undefined {
  const positions = slices.map((s) =>
    s.imagePositionPatient === undefined ? Number.NaN : dot(s.imagePositionPatient, normal),
  );
  if (positions.length < 2 || positions.some(Number.isNaN)) return undefined;
  const gaps = positions.slice(1).map((p, i) => p - (positions[i] as number));
  const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)] as number;
  const uneven = gaps.filter((g) => Math.abs(g - median) > 0.1 * median).length;
  if (uneven > 0)
    issues.push(
      `uneven slice spacing: ${uneven} gap${uneven > 1 ? 's differ' : ' differs'} from the usual ${median.toFixed(2)} mm (missing slices?)`,
    );
  return median;
}

function sameOrientation(a: SliceMeta['imageOrientationPatient'], b: SliceMeta['imageOrientationPatient']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.every((v, i) => v.every((c, j) => Math.abs(c - ((b[i] as Vec3)[j] as number)) < 1e-3));
}

/** Unit normal of a slice plane; undefined for a degenerate orientation (parallel or zero vectors). */
function sliceNormal(orientation: readonly [Vec3, Vec3]): Vec3 | undefined {
  const n = cross(orientation[0], orientation[1]);
  return Math.hypot(...n) > 0.5 ? normalize(n) : undefined;
}

const AXES: readonly [string, Vec3][] = [
  ['axial', [0, 0, 1]],
  ['coronal', [0, 1, 0]],
  ['sagittal', [1, 0, 0]],
];

/** Angle between two slice planes, degrees (0–90; opposite normals are the same plane). */
export function planeAngle(a: Vec3, b: Vec3): number {
  return (Math.acos(Math.min(1, Math.abs(dot(a, b)))) * 180) / Math.PI;
}

/** The nearest anatomical plane of slices with this normal, and how far they are tilted from it. */
export function slicePlane(normal: Vec3): { readonly name: string; readonly tilt: number } {
  const [name, tilt] = AXES.map(([n, axis]): [string, number] => [n, planeAngle(normal, axis)]).reduce((best, c) =>
    c[1] < best[1] ? c : best,
  );
  return { name, tilt };
}

/** "axial", "sagittal", "axial (tilted 12°)": tilts under a degree are rounding, not tilt. */
export function describePlane(normal: Vec3): string {
  const { name, tilt } = slicePlane(normal);
  return tilt < 1 ? name : `${name} (tilted ${tilt.toFixed(0)}°)`;
}

/**
 * Slices more than this far from axial are flagged: the classifier was trained on axial slices,
 * and an ROI's crop reads the slices either side of an axial plane (roi/crop.ts cropBox).
 */
const MAX_AXIAL_TILT_DEGREES = 5;

function planeIssue(normal: Vec3): string | undefined {
  const { name, tilt } = slicePlane(normal);
  if (name === 'axial' && tilt <= MAX_AXIAL_TILT_DEGREES) return undefined;
  const what =
    name === 'axial'
      ? `slices tilted ${tilt.toFixed(0)}° from axial`
      : `${name} slices${tilt < 1 ? '' : ` (tilted ${tilt.toFixed(0)}°)`}, not axial`;
  return `${what}: lesion classification expects axial slices and may be wrong on this series`;
}
