import { describe, expect, it } from 'vitest';
import { patientMm } from '../geometry';
import { circularRoi } from '../roi/roi';
import { heatmapRgba, imageToCanvas, patchCorners } from './heatmap-image';

describe('heatmap colours', () => {
  it('shows the strongest evidence for the class opaque and warm, against it blue, nothing clear', () => {
    const rgba = heatmapRgba(Float32Array.from([0.4, 0, -0.2, 0.1]));
    expect(Array.from(rgba.slice(0, 4))).toEqual([255, 255, 0, 255]);
    expect(rgba[7]).toBe(0);
    expect(rgba[10]).toBe(255);
    expect(rgba[11]).toBeGreaterThan(0);
    expect(rgba[15]).toBeLessThan(rgba[11] ?? 0);
  });

  it('scales every alpha by the opacity, and draws nothing for an empty map', () => {
    const half = heatmapRgba(Float32Array.from([0.4, 0.2]), 0.5);
    expect(half[3]).toBe(128);
    expect(Array.from(heatmapRgba(new Float32Array(3)))).toEqual(new Array(12).fill(0));
  });

  it('colours on a shared scale when given one: a weaker phase stays weaker', () => {
    const own = heatmapRgba(Float32Array.from([0.2]));
    const shared = heatmapRgba(Float32Array.from([0.2]), 1, 0.4);
    expect(own[3]).toBe(255);
    expect(shared[3]).toBeLessThan(128);
  });
});

describe('where the patch lies', () => {
  const plane = { row: [1, 0, 0], column: [0, 1, 0] } as const;

  it('spans the ROI radius times (1 + context margin) either side of its centre, in the image plane', () => {
    const [tl, tr, bl] = patchCorners(circularRoi(patientMm(10, 20, 30), 10), plane, { contextMargin: 0.5 });
    expect(tl).toEqual([-5, 5, 30]);
    expect(tr).toEqual([25, 5, 30]);
    expect(bl).toEqual([-5, 35, 30]);
  });

  it('maps image pixels onto the canvas parallelogram', () => {
    const [a, b, c, d, e, f] = imageToCanvas(
      [
        [100, 50],
        [260, 50],
        [100, 210],
      ],
      80,
      80,
    );
    const to = (x: number, y: number) => [a * x + c * y + e, b * x + d * y + f];
    expect(to(0, 0)).toEqual([100, 50]);
    expect(to(80, 80)).toEqual([260, 210]);
    expect(to(40, 0)).toEqual([180, 50]);
  });
});
