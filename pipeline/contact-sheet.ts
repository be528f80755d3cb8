/**
 * Renders a PNG contact sheet of a study folder so a person can look at it: one row per annotated
 * lesion, the four phases of the slice through the lesion in the liver window (W150/L90), with
 * the annotation circle, and a zoomed view of the lesion region under each phase.
 *
 *   npm run contact-sheet -- --study DIR [--out sheet.png]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { parseAnnotations } from '../src/core/annotations';
import { PHASES, type Phase } from '../src/core/labels';
import { drawText } from './bitmap-font';
import { readSlices, type SliceRecord } from './read-dicom';
import { parseArgs } from './args';
import { errorMessage } from '../src/core/error-message';

const TILE = 256;
const ZOOM = 256;
const LABEL_H = 22;
const WINDOW = { center: 90, width: 150 };

export async function renderContactSheet(studyDir: string): Promise<PNG> {
  const raw: unknown = JSON.parse(await readFile(join(studyDir, 'annotations.json'), 'utf8'));
  const annotations = parseAnnotations(raw);
  const seriesPhases = readSeriesPhases(raw);
  const slices = await readSlices(studyDir);
  const byPhase = new Map<Phase, SliceRecord[]>();
  for (const slice of slices) {
    const phase = seriesPhases[slice.meta.seriesInstanceUid];
    if (phase === undefined) continue;
    const list = byPhase.get(phase) ?? [];
    list.push(slice);
    byPhase.set(phase, list);
  }
  const phases = PHASES.filter((p) => byPhase.has(p));
  const rowH = LABEL_H + TILE + ZOOM;
  const png = new PNG({ width: phases.length * TILE, height: Math.max(1, annotations.lesions.length) * rowH });
  const rgba = png.data as unknown as Uint8Array;
  for (let o = 0; o < rgba.length; o += 4) {
    rgba[o] = 24;
    rgba[o + 1] = 24;
    rgba[o + 2] = 32;
    rgba[o + 3] = 255;
  }
  annotations.lesions.forEach((lesion, row) => {
    phases.forEach((phase, col) => {
      const center = lesion.phaseCenters?.[phase] ?? lesion.center;
      const list = byPhase.get(phase) ?? [];
      const slice = nearestSlice(list, center[2]);
      if (slice === undefined) return;
      const x0 = col * TILE;
      const y0 = row * rowH;
      const [rowSpacing, columnSpacing] = slice.meta.pixelSpacing ?? [1, 1];
      const origin = slice.meta.imagePositionPatient ?? [0, 0, 0];
      const ps = columnSpacing;
      const ci = (center[0] - origin[0]) / ps;
      const cj = (center[1] - origin[1]) / rowSpacing;
      const radiusPx = lesion.radiusMm / ps;
      // Full slice, scaled to the tile.
      blit(rgba, png.width, slice, x0, y0 + LABEL_H, TILE, 0, 0, slice.meta.columns);
      circle(
        rgba,
        png.width,
        x0 + (ci * TILE) / slice.meta.columns,
        y0 + LABEL_H + (cj * TILE) / slice.meta.rows,
        (radiusPx * TILE) / slice.meta.columns + 3,
        [255, 200, 0],
      );
      // Zoom: a square of 3 lesion radii around the centre.
      const half = Math.max(12, radiusPx * 2.2);
      blit(rgba, png.width, slice, x0, y0 + LABEL_H + TILE, ZOOM, ci - half, cj - half, 2 * half);
      drawText(
        rgba,
        png.width,
        png.height,
        `${lesion.id} ${lesion.label ?? '?'} ${phase}`,
        x0 + 4,
        y0 + 4,
        [255, 255, 255],
      );
    });
  });
  return png;
}

function readSeriesPhases(raw: unknown): Record<string, Phase> {
  const generator = (raw as { generator?: { seriesPhases?: Record<string, Phase> } }).generator;
  if (generator?.seriesPhases === undefined)
    throw new Error('annotations.json has no generator.seriesPhases: is this a generated phantom?');
  return generator.seriesPhases;
}

function nearestSlice(slices: readonly SliceRecord[], z: number): SliceRecord | undefined {
  let best: SliceRecord | undefined;
  const distance = (s: SliceRecord): number => Math.abs((s.meta.imagePositionPatient?.[2] ?? Number.NaN) - z);
  for (const s of slices) {
    if (best === undefined || distance(s) < distance(best)) best = s;
  }
  return best;
}

/** Copies a square source region [si, si+size) × [sj, sj+size) of a slice into a dest square. */
function blit(
  rgba: Uint8Array,
  width: number,
  slice: SliceRecord,
  dx: number,
  dy: number,
  dsize: number,
  si: number,
  sj: number,
  size: number,
): void {
  const lo = WINDOW.center - WINDOW.width / 2;
  for (let y = 0; y < dsize; y++) {
    for (let x = 0; x < dsize; x++) {
      const i = Math.floor(si + ((x + 0.5) * size) / dsize);
      const j = Math.floor(sj + ((y + 0.5) * size) / dsize);
      const { columns, rows } = slice.meta;
      const inside = i >= 0 && j >= 0 && i < columns && j < rows;
      const hu = inside ? (slice.hu[j * columns + i] as number) : -1000;
      const g = Math.max(0, Math.min(255, Math.round(((hu - lo) / WINDOW.width) * 255)));
      const o = ((dy + y) * width + dx + x) * 4;
      rgba[o] = g;
      rgba[o + 1] = g;
      rgba[o + 2] = g;
      rgba[o + 3] = 255;
    }
  }
}

function circle(
  rgba: Uint8Array,
  width: number,
  cx: number,
  cy: number,
  r: number,
  color: readonly [number, number, number],
): void {
  const steps = Math.max(32, Math.ceil(2 * Math.PI * r));
  for (let s = 0; s < steps; s++) {
    const a = (2 * Math.PI * s) / steps;
    const x = Math.round(cx + r * Math.cos(a));
    const y = Math.round(cy + r * Math.sin(a));
    if (x < 0 || y < 0 || x >= width || y * width * 4 >= rgba.length) continue;
    const o = (y * width + x) * 4;
    rgba[o] = color[0];
    rgba[o + 1] = color[1];
    rgba[o + 2] = color[2];
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { study: 'string', out: 'string' });
  const study = args.study;
  if (typeof study !== 'string') throw new Error('usage: npm run contact-sheet -- --study DIR [--out sheet.png]');
  const out = typeof args.out === 'string' ? args.out : join(study, 'contact-sheet.png');
  const png = await renderContactSheet(study);
  await writeFile(out, PNG.sync.write(png));
  console.log(`wrote ${out} (${png.width}×${png.height})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`contact-sheet: ${errorMessage(error)}`);
    process.exit(1);
  });
}
