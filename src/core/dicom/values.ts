/** Values read from DICOM text: times and orientations, as every header reader here needs them. */
import { dot, type Vec3 } from '../geometry';

/** DICOM TM (HHMMSS.FFFFFF, or the old HH:MM:SS) → seconds since midnight. */
export function parseDicomTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/:/g, '');
  const match = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?$/.exec(text);
  if (match === null) return undefined;
  const [, hh, mm = '0', ss = '0', fraction = ''] = match;
  return Number(hh) * 3600 + Number(mm) * 60 + Number(ss) + (fraction === '' ? 0 : Number(fraction));
}

/**
 * ImageOrientationPatient as two direction cosines, or undefined when they are not two orthogonal
 * unit vectors (all zeros, parallel, scaled): such a plane has no normal to sort slices along.
 * The tolerance admits values written with few decimals.
 */
export function validOrientation(v: readonly number[]): readonly [Vec3, Vec3] | undefined {
  const row: Vec3 = [v[0] as number, v[1] as number, v[2] as number];
  const column: Vec3 = [v[3] as number, v[4] as number, v[5] as number];
  const unit = (u: Vec3): boolean => Math.abs(Math.hypot(...u) - 1) < 0.01;
  return unit(row) && unit(column) && Math.abs(dot(row, column)) < 0.01 ? [row, column] : undefined;
}
