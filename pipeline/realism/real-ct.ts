/**
 * Measures the real CT studies in place (../shared/data, read-only) with the project's own DICOM
 * reader: disc ROIs per phase from real-rois.json, noise patches centred on the liver ROIs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHu } from '../../src/core/dicom/pixels';
import { parseSliceMeta, type SliceMeta } from '../../src/core/dicom/slice-meta';
import type { Phase } from '../../src/core/labels';
import type { PhaseMeasures, StudyMeasures, Tissue, TissueStats } from './measures';
import { estimateNoise, NOISE_PATCH_MM, type Patch } from './noise';
import type { RealStudyConfig } from './real-rois';
import { discStats, squareAt, type AxialSlice, type DiscSample } from './slice-roi';
import type { RealColumn } from './report';

interface StoredSlice {
  readonly meta: SliceMeta;
  readonly bytes: Uint8Array;
  readonly z: number;
}

/** One series' slices, decoded on first use. */
class Series {
  private readonly decoded = new Map<StoredSlice, AxialSlice>();

  constructor(
    readonly dir: string,
    private readonly slices: readonly StoredSlice[],
    /** Files that could not be read as slices, with the reason. */
    readonly skipped: readonly string[],
  ) {}

  static async read(dir: string): Promise<Series> {
    const names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith('.dcm')).sort();
    const slices: StoredSlice[] = [];
    const skipped: string[] = [];
    for (const name of names) {
      const bytes = new Uint8Array(await readFile(join(dir, name)));
      const parsed = parseSliceMeta(name, bytes);
      if (parsed.kind === 'skipped') {
        skipped.push(`${name}: ${parsed.reason}`);
        continue;
      }
      const z = parsed.slice.imagePositionPatient?.[2];
      if (z === undefined) throw new Error(`${join(dir, name)}: no ImagePositionPatient`);
      slices.push({ meta: parsed.slice, bytes, z });
    }
    if (slices.length === 0) throw new Error(`${dir}: no readable DICOM slices`);
    return new Series(dir, slices, skipped);
  }

  /** The slice nearest `z`; throws when even that one is further than half a slice thickness. */
  nearest(z: number): AxialSlice {
    let best = this.slices[0] as StoredSlice;
    for (const slice of this.slices) if (Math.abs(slice.z - z) < Math.abs(best.z - z)) best = slice;
    const halfThickness = (best.meta.sliceThickness ?? 0) / 2;
    if (Math.abs(best.z - z) > halfThickness + 0.1) {
      throw new Error(`${this.dir}: no slice within half a slice of z = ${z} mm (nearest ${best.z} mm)`);
    }
    const cached = this.decoded.get(best);
    if (cached !== undefined) return cached;
    const slice = decodeSlice(best, this.dir);
    this.decoded.set(best, slice);
    return slice;
  }
}

function decodeSlice({ meta, bytes, z }: StoredSlice, dir: string): AxialSlice {
  const where = join(dir, meta.fileName);
  const orientation = meta.imageOrientationPatient;
  const standard = [1, 0, 0, 0, 1, 0];
  const axial =
    orientation !== undefined &&
    [...orientation[0], ...orientation[1]].every((v, i) => Math.abs(v - (standard[i] ?? Number.NaN)) < 1e-3);
  // ROI centres are patient mm mapped to pixels by origin + index × spacing: only true for
  // standard axial orientation (rows along +x, columns along +y).
  if (!axial) throw new Error(`${where}: not an axial slice in standard orientation`);
  const [rowSpacing, columnSpacing] = meta.pixelSpacing ?? [];
  const origin = meta.imagePositionPatient;
  if (rowSpacing === undefined || columnSpacing === undefined || origin === undefined) {
    throw new Error(`${where}: no pixel spacing or position`);
  }
  const pixels = decodeHu(bytes, meta);
  if (pixels === null) throw new Error(`${where}: pixel data is compressed or not 16-bit single-frame`);
  return {
    pixels,
    geometry: { columns: meta.columns, rows: meta.rows, x0: origin[0], y0: origin[1], columnSpacing, rowSpacing },
    z,
  };
}

export interface RealResult {
  readonly columns: RealColumn[];
  /** The PV slice through the first study's HCC ROI centre, for the picture. */
  readonly tumourSlice: { readonly study: string; readonly slice: AxialSlice } | null;
  /** What was skipped or approximated, for the report's header. */
  readonly notes: string[];
}

export async function measureRealStudies(dataDir: string, studies: readonly RealStudyConfig[]): Promise<RealResult> {
  const columns: RealColumn[] = [];
  const notes: string[] = [];
  let tumourSlice: RealResult['tumourSlice'] = null;
  for (const study of studies) {
    const measures: StudyMeasures = {};
    for (const [phase, folder] of Object.entries(study.series) as [Phase, string][]) {
      const series = await Series.read(join(dataDir, study.folder, folder));
      for (const reason of series.skipped) notes.push(`${study.name} ${phase}: skipped ${reason}`);
      measures[phase] = measurePhase(study, phase, series);
      const tumour = study.rois.find((roi) => roi.tissue === 'hcc')?.centers.PV;
      if (phase === 'PV' && tumour !== undefined && tumourSlice === null) {
        tumourSlice = { study: study.name, slice: series.nearest(tumour[2]) };
      }
    }
    columns.push({ name: study.name, measures });
  }
  return { columns, tumourSlice, notes };
}

function measurePhase(study: RealStudyConfig, phase: Phase, series: Series): PhaseMeasures {
  const samples = new Map<Tissue | 'hcc', DiscSample[]>();
  const patches: Patch[] = [];
  for (const roi of study.rois) {
    const center = roi.centers[phase];
    if (center === undefined) continue;
    const slice = series.nearest(center[2]);
    const sample = discStats(slice.pixels, slice.geometry, center[0], center[1], roi.radiusMm);
    if (sample === null) throw new Error(`${study.name} ${phase} ${roi.id}: the disc lies outside the slice`);
    samples.set(roi.tissue, [...(samples.get(roi.tissue) ?? []), sample]);
    if (roi.tissue !== 'liver') continue;
    const spacing = slice.geometry.columnSpacing;
    const side = Math.round(NOISE_PATCH_MM / spacing);
    // Only squares that fit inside the checked disc count as homogeneous liver.
    if ((side * spacing) / Math.SQRT2 > roi.radiusMm) continue;
    const values = squareAt(slice.pixels, slice.geometry, center[0], center[1], side);
    if (values !== null) patches.push({ values, side, spacingMm: spacing });
  }
  const tissues: Partial<Record<Tissue, TissueStats>> = {};
  for (const [tissue, list] of samples) {
    if (tissue === 'hcc') continue;
    tissues[tissue] = { mean: average(list.map((s) => s.mean)), sd: average(list.map((s) => s.sd)) };
  }
  const liver = tissues.liver?.mean;
  const hccContrast = liver === undefined ? [] : (samples.get('hcc') ?? []).map((s) => s.mean - liver);
  return { tissues, noise: estimateNoise(patches), hccContrast };
}

const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
