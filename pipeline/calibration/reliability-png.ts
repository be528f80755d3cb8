/** A reliability diagram as a PNG, with no plotting library: per panel, accuracy against confidence. */
import { PNG } from 'pngjs';
import { drawText } from '../bitmap-font';
import type { ReliabilityBin } from './calibration';

export interface Panel {
  readonly title: string;
  readonly bins: readonly ReliabilityBin[];
  readonly ece: number;
}

const SIDE = 260;
const PAD = 40;

export function reliabilityPng(panels: readonly Panel[]): Buffer {
  const width = panels.length * (SIDE + 2 * PAD);
  const height = SIDE + 2 * PAD + 20;
  const png = new PNG({ width, height });
  png.data.fill(255);
  const rgba = png.data as unknown as Uint8Array;
  const put = (x: number, y: number, c: readonly [number, number, number]): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (Math.round(y) * width + Math.round(x)) * 4;
    rgba[o] = c[0];
    rgba[o + 1] = c[1];
    rgba[o + 2] = c[2];
    rgba[o + 3] = 255;
  };
  panels.forEach((panel, p) => {
    const x0 = p * (SIDE + 2 * PAD) + PAD;
    const y0 = PAD;
    // Bars: accuracy of each confidence bin (blue), the gap to the diagonal (red).
    for (const bin of panel.bins) {
      if (bin.count === 0) continue;
      const left = x0 + bin.low * SIDE + 1;
      const right = x0 + bin.high * SIDE - 1;
      const top = y0 + SIDE * (1 - bin.accuracy);
      const ideal = y0 + SIDE * (1 - bin.confidence);
      for (let x = left; x <= right; x++) {
        for (let y = top; y <= y0 + SIDE; y++) put(x, y, [70, 110, 200]);
        for (let y = Math.min(top, ideal); y <= Math.max(top, ideal); y++) put(x, y, [220, 80, 70]);
      }
    }
    for (let i = 0; i <= SIDE; i++) {
      put(x0 + i, y0 + SIDE - i, [0, 0, 0]); // perfect calibration
      put(x0, y0 + i, [0, 0, 0]);
      put(x0 + i, y0 + SIDE, [0, 0, 0]);
    }
    drawText(rgba, width, height, panel.title, x0, 10, [0, 0, 0], 2);
    drawText(rgba, width, height, `ECE ${(100 * panel.ece).toFixed(1)} PCT`, x0 + 8, y0 + 8, [0, 0, 0], 2);
    drawText(rgba, width, height, 'CONFIDENCE 0 TO 1', x0 + 40, y0 + SIDE + 8, [0, 0, 0], 2);
    drawText(rgba, width, height, 'BLUE: ACCURACY  RED: GAP', x0, y0 + SIDE + 26, [0, 0, 0], 1);
  });
  return PNG.sync.write(png);
}
