/**
 * Normalised mutual information between a masked fixed cube and a moving cube of binned HU, per
 * integer shift: the score the ROI alignment (align.ts) searches. Intensities are binned around
 * each volume's liver HU, so any mapping between two phases' contrasts can score high.
 */

/** Intensity bins for mutual information, over ± WINDOW_HU around each volume's liver HU. */
const BINS = 16;
const WINDOW_HU = 100;
/** The bin of a sample outside the volume: a histogram row holds BINS cells and this one. */
const OUTSIDE = BINS;
const ROW = BINS + 1;

/** Normalised mutual information of the masked fixed cube against the moving one, per shift. */
export class Scorer {
  private readonly base: Int32Array;
  private readonly fixedCells: Uint16Array;
  private readonly movingBins: Uint8Array;
  private readonly moving: number;
  /** BINS rows of ROW cells: the moving bins, then one for a moving sample outside the volume. */
  private readonly hist = new Int32Array(BINS * ROW);
  private readonly cache = new Map<number, number>();
  /** v·log(v) for every count a histogram cell can hold. */
  private readonly xlogx: Float64Array;

  /**
   * `fixedBins` and `mask` on an n³ cube, `movingBins` on an m³ cube with the same centre
   * (m − n even). The masked fixed samples are thinned to every k-th, k = ⌊masked / maxSamples⌋,
   * so between `maxSamples` and twice that remain once there are more.
   */
  constructor(
    fixedBins: Uint8Array,
    mask: Uint8Array,
    n: number,
    movingBins: Uint8Array,
    m: number,
    /** Largest shift scored, per axis, in steps. */
    readonly limit: number,
    maxSamples: number,
  ) {
    const offset = (m - n) / 2;
    let tissue = 0;
    for (let p = 0; p < mask.length; p++) if (mask[p] && fixedBins[p] !== OUTSIDE) tissue++;
    // A regular subset: enough for the histogram, and the time stays bounded for large ROIs.
    const stride = Math.max(1, Math.floor(tissue / maxSamples));
    this.base = new Int32Array(Math.ceil(tissue / stride));
    this.fixedCells = new Uint16Array(this.base.length);
    for (let p = 0, seen = 0, t = 0; p < mask.length; p++) {
      if (!mask[p] || fixedBins[p] === OUTSIDE) continue;
      if (seen++ % stride !== 0) continue;
      const a = (p % n) + offset;
      const b = (Math.floor(p / n) % n) + offset;
      const c = Math.floor(p / (n * n)) + offset;
      this.base[t] = a + b * m + c * m * m;
      this.fixedCells[t++] = (fixedBins[p] as number) * ROW;
    }
    this.movingBins = movingBins;
    this.moving = m;
    this.xlogx = new Float64Array(this.base.length + 1);
    for (let v = 2; v <= this.base.length; v++) this.xlogx[v] = v * Math.log(v);
  }

  get samples(): number {
    return this.base.length;
  }

  /** No neighbouring shift scores higher than `s`, the score at (da, db, dc). */
  isPeak(da: number, db: number, dc: number, s: number): boolean {
    for (let z = -1; z <= 1; z++)
      for (let y = -1; y <= 1; y++)
        for (let x = -1; x <= 1; x++) if ((x || y || z) && this.score(da + x, db + y, dc + z) > s) return false;
    return true;
  }

  /** Score of a shift in steps; -1 beyond the search limit, 0 with too little overlap. */
  score(da: number, db: number, dc: number): number {
    if (Math.max(Math.abs(da), Math.abs(db), Math.abs(dc)) > this.limit) return -1;
    const m = this.moving;
    const shift = da + db * m + dc * m * m;
    const cached = this.cache.get(shift);
    if (cached !== undefined) return cached;
    const { base, fixedCells, movingBins, hist } = this;
    hist.fill(0);
    for (let t = 0; t < base.length; t++) {
      const cell = (fixedCells[t] as number) + (movingBins[(base[t] as number) + shift] as number);
      hist[cell] = (hist[cell] as number) + 1;
    }
    let count = 0;
    for (let i = 0; i < BINS; i++) for (let j = 0; j < BINS; j++) count += hist[i * ROW + j] as number;
    let joint = 0;
    let hf = 0;
    let hm = 0;
    if (count >= 0.5 * base.length && count > 0) {
      // Entropy × count = count·log(count) − Σ v·log(v), with v·log(v) from a table.
      const { xlogx } = this;
      const total = count * Math.log(count);
      let sumJoint = 0;
      let sumRows = 0;
      let sumColumns = 0;
      for (let i = 0; i < BINS; i++) {
        let fixedTotal = 0;
        let movingTotal = 0;
        for (let j = 0; j < BINS; j++) {
          const v = hist[i * ROW + j] as number;
          fixedTotal += v;
          movingTotal += hist[j * ROW + i] as number;
          sumJoint += xlogx[v] as number;
        }
        sumRows += xlogx[fixedTotal] as number;
        sumColumns += xlogx[movingTotal] as number;
      }
      joint = total - sumJoint;
      hf = total - sumRows;
      hm = total - sumColumns;
    }
    // Less than half the fixed tissue still inside the moving volume: not comparable.
    const s = joint > 0 ? (hf + hm) / joint - 1 : 0;
    this.cache.set(shift, s);
    return s;
  }
}

/** Bins around `level`, the volume's liver HU (fat and bone clamp to the end bins); OUTSIDE for NaN. */
export function binned(values: Float32Array, level: number): Uint8Array {
  const width = (2 * WINDOW_HU) / BINS;
  const out = new Uint8Array(values.length);
  for (let p = 0; p < values.length; p++) {
    const v = values[p] as number;
    out[p] = v !== v ? OUTSIDE : Math.max(0, Math.min(BINS - 1, Math.floor((v - level + WINDOW_HU) / width)));
  }
  return out;
}
