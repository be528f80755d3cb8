/**
 * The liver reference (src/core/roi/liver-ring.ts) on real CT: ROIs in HCC009's liver against its
 * capsule (abdominal wall, ribs, lung base, IVC, the tumour) on the committed PV series. What it
 * keeps must be the liver: its median within 15 HU of the liver's own (the median of the project's
 * by-eye liver ROIs on PV), and none of it inside the spleen, kidney or vessel ROIs of
 * pipeline/real-ct/hcc009-rois.json (each grown by 5 mm): the masks that can be built here.
 * An ROI off the liver, in the abdominal wall, gets no reference.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeCodecDecoder } from '../../../test-support/node-codecs';
import { inflateRaw } from './decode-slice';
import { patientMm, voxelIndex, voxelToPatient, type VolumeGeometry } from '../../core/geometry';
import { median } from '../../core/median';
import { liverRing } from '../../core/roi/liver-ring';
import { seriesGeometry } from '../../core/roi/hu-box';
import { circularRoi } from '../../core/roi/roi';
import { roiHuStats } from '../../core/roi/roi-stats';
import { readStudy } from '../../core/study/read-study';
import type { Series } from '../../core/dicom/series';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const STUDY = join(ROOT, 'testdata', 'real-ct', 'hcc009-3phase');
const ROIS = JSON.parse(readFileSync(join(ROOT, 'pipeline', 'real-ct', 'hcc009-rois.json'), 'utf8')) as {
  normalRois: { id: string; tissue: string; center: [number, number, number]; radiusMm: number }[];
};
/** Liver ROIs against the capsule, placed by eye on PV (x, y, z, radius mm) and what lies beyond. */
const AT_THE_CAPSULE: [string, number, number, number, number][] = [
  ['lateral wall and ribs', -150, 0, -360, 12],
  ['lung base, posterior', -110, 60, -360, 12],
  ['IVC and caudate', -45, 10, -360, 10],
  ['tumour margin', -80, -60, -360, 10],
  ['posterior right lobe', -120, 60, -290, 12],
  ['lateral wall', -150, -20, -321.5, 15],
  ['the tumour, drawn around it (L1)', -12, -57, -321.5, 70],
];
const OFF_THE_LIVER: [string, number, number, number, number] = ['abdominal wall', -155, -30, -290, 12];

describe('liver reference on real CT (HCC009, PV)', () => {
  let series: Series;
  let geometry: VolumeGeometry;
  const decode = nodeCodecDecoder();
  const files = new Map<string, Uint8Array>();
  const sliceHu = async (z: number): Promise<{ k: number; hu: Float32Array }> => {
    const k = series.slices.reduce(
      (best, s, i) =>
        Math.abs((s.imagePositionPatient?.[2] ?? 0) - z) <
        Math.abs((series.slices[best]?.imagePositionPatient?.[2] ?? 0) - z)
          ? i
          : best,
      0,
    );
    const meta = series.slices[k];
    if (meta === undefined) throw new Error('no slice');
    return { k, hu: await decode(files.get(meta.fileName) ?? new Uint8Array(), meta) };
  };

  beforeAll(async () => {
    const entries = readdirSync(STUDY, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of entries)
      files.set(relative(STUDY, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)));
    const sources = [...files].map(([name, bytes]) => ({ name, read: () => Promise.resolve(bytes) }));
    const study = await readStudy(sources, undefined, { decode, inflate: inflateRaw });
    const pv = study.series.find((s) => s.assignment.phase === 'PV')?.series;
    const g = pv === undefined ? null : seriesGeometry(pv);
    if (pv === undefined || g === null) throw new Error('HCC009 has no PV series');
    series = pv;
    geometry = g;
  });

  it('keeps the liver against the capsule, not the organs beyond it', async () => {
    const plane = { row: [1, 0, 0], column: [0, 1, 0] } as const;
    const liverMeans: number[] = [];
    for (const roi of ROIS.normalRois.filter((r) => r.tissue === 'liver')) {
      const { k, hu } = await sliceHu(roi.center[2]);
      const stats = roiHuStats(geometry, k, hu, circularRoi(patientMm(...roi.center), roi.radiusMm), plane);
      if (stats !== null) liverMeans.push(stats.mean);
    }
    const liver = median(liverMeans);
    const others = ROIS.normalRois.filter((r) => ['spleen', 'kidney', 'vessel'].includes(r.tissue));
    for (const [name, x, y, z, r] of AT_THE_CAPSULE) {
      const { k, hu } = await sliceHu(z);
      const ring = liverRing(geometry, k, hu, circularRoi(patientMm(x, y, z), r));
      const sliceZ = voxelToPatient(geometry, voxelIndex(0, 0, k))[2];
      const intruded = ring.pixels.filter((p) => {
        const at = voxelToPatient(
          geometry,
          voxelIndex(p % geometry.dimensions[0], Math.floor(p / geometry.dimensions[0]), k),
        );
        return others.some(
          (o) =>
            Math.abs(o.center[2] - sliceZ) < 5 && Math.hypot(at[0] - o.center[0], at[1] - o.center[1]) < o.radiusMm + 5,
        );
      });
      console.log(
        `${name}: ${ring.stats === null ? 'no reference' : `median ${ring.stats.median.toFixed(0)} HU over ${String(ring.stats.count)} px`} (liver ${liver.toFixed(0)} HU); in other organs' ROIs: ${String(intruded.length)} px`,
      );
      expect(ring.stats, name).not.toBeNull();
      expect(Math.abs((ring.stats?.median ?? 0) - liver), name).toBeLessThan(15);
      expect(intruded, name).toEqual([]);
    }
  });

  it('gives no reference for an ROI in the abdominal wall', async () => {
    const [, x, y, z, r] = OFF_THE_LIVER;
    const { k, hu } = await sliceHu(z);
    expect(liverRing(geometry, k, hu, circularRoi(patientMm(x, y, z), r)).stats).toBeNull();
  });
});
