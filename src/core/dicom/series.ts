/**
 * Groups slices into series (by study and series UID) and sorts each along its slice normal: by
 * where a slice is, not by its file name or InstanceNumber, which exports get wrong. Problems a
 * reader must see (duplicates, gaps, mixed orientations, non-CT) are listed per series.
 */
import { cross, dot, normalize, type Vec3 } from '../geometry';
import type { SliceMeta } from './slice-meta';

export interface Series {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
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
    .map(buildSeries)
    .sort(
      (a, b) =>
        a.studyInstanceUid.localeCompare(b.studyInstanceUid) ||
        (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER) ||
        a.seriesInstanceUid.localeCompare(b.seriesInstanceUid),
    );
}

function buildSeries(members: SliceMeta[]): Series {
  const first = members[0] as SliceMeta;
  const issues: string[] = [];
  if (first.modality !== 'CT')
    issues.push(`not CT (modality ${first.modality || 'missing'}): phases cannot be read from it`);
  const orientation = first.imageOrientationPatient;
  const normal = orientation === undefined ? undefined : normalize(cross(orientation[0], orientation[1]));
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
  const sliceSpacing = normal === undefined ? undefined : spacingOf(ordered, normal, issues);
  return {
    studyInstanceUid: first.studyInstanceUid,
    seriesInstanceUid: first.seriesInstanceUid,
    seriesNumber: first.seriesNumber,
    description: first.seriesDescription,
    modality: first.modality,
    slices: ordered,
    normal,
    sliceSpacing,
    issues,
  };
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
      `uneven slice spacing: ${uneven} gap${uneven > 1 ? 's' : ''} differ from ${median.toFixed(2)} mm (missing slices?)`,
    );
  return median;
}

function sameOrientation(a: SliceMeta['imageOrientationPatient'], b: SliceMeta['imageOrientationPatient']): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.every((v, i) => v.every((c, j) => Math.abs(c - ((b[i] as Vec3)[j] as number)) < 1e-3));
}
