/** How a real value sits against the range the phantoms span. */

export interface Spread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Mean, minimum and maximum of the finite values; null when there are none. */
export function spread(values: readonly number[]): Spread | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  return {
    mean: finite.reduce((a, b) => a + b, 0) / finite.length,
    min: Math.min(...finite),
    max: Math.max(...finite),
    count: finite.length,
  };
}

/**
 * How far `value` lies outside [min, max]: 0 inside, positive above the maximum (the real value is
 * higher than any phantom's), negative below the minimum.
 */
export function outsideBy(value: number, range: Spread): number {
  if (value > range.max) return value - range.max;
  if (value < range.min) return value - range.min;
  return 0;
}
