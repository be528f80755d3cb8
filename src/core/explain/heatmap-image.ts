/**
 * The explanation as pixels over the image: colours for the map, and where the model's input
 * patch lies in patient space (so the map can be drawn over each phase's ROI at any zoom).
 */
import type { PatientMm, Vec3 } from '../geometry';
import { patientMm } from '../geometry';
import { cropHalfSideMm, type CropSpec } from '../roi/crop';
import { roiRadiusMm, type ImagePlane, type Roi } from '../roi/roi';

/**
 * RGBA for a map: pixels whose hiding lowers the class (evidence for it) from transparent through
 * red to yellow, pixels whose hiding raises it (evidence against) in blue, both scaled by `peak`
 * (by default the map's own largest absolute score; the phases of one explanation share theirs,
 * so equal colours mean equal effects). `opacity` (0–1) scales the alpha of everything.
 */
export function heatmapRgba(
  map: Float32Array,
  opacity = 1,
  peak = largestMagnitude(map),
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.length * 4);
  if (peak === 0) return out;
  map.forEach((v, p) => {
    const t = Math.min(1, Math.abs(v) / peak);
    const o = p * 4;
    if (v >= 0) {
      out[o] = 255;
      out[o + 1] = Math.round(255 * Math.max(0, t - 0.5) * 2);
      out[o + 2] = 0;
    } else {
      out[o] = 40;
      out[o + 1] = 120;
      out[o + 2] = 255;
    }
    // Weak scores stay nearly clear so the anatomy shows through.
    out[o + 3] = Math.round(255 * opacity * Math.min(1, t * 1.2) ** 1.5);
  });
  return out;
}

/** The largest absolute score of a map: where its colour scale ends. */
export function largestMagnitude(map: Float32Array): number {
  let peak = 0;
  for (const v of map) peak = Math.max(peak, Math.abs(v));
  return peak;
}

/** The patch's corners in patient mm: top-left, top-right, bottom-left (as the input's rows run). */
export function patchCorners(
  roi: Roi,
  plane: ImagePlane,
  spec: Pick<CropSpec, 'contextMargin'>,
): readonly [PatientMm, PatientMm, PatientMm] {
  const half = cropHalfSideMm(roiRadiusMm(roi), spec);
  const at = (u: number, v: number): PatientMm => {
    const c: Vec3 = roi.center;
    return patientMm(
      c[0] + half * (u * plane.row[0] + v * plane.column[0]),
      c[1] + half * (u * plane.row[1] + v * plane.column[1]),
      c[2] + half * (u * plane.row[2] + v * plane.column[2]),
    );
  };
  return [at(-1, -1), at(1, -1), at(-1, 1)];
}

/**
 * The 2-D affine map (canvas `setTransform` order a, b, c, d, e, f) that sends a `width × height`
 * image onto the parallelogram with these corners (canvas px): what places the map on a viewport.
 */
export function imageToCanvas(
  corners: readonly [readonly [number, number], readonly [number, number], readonly [number, number]],
  width: number,
  height: number,
): [number, number, number, number, number, number] {
  const [tl, tr, bl] = corners;
  return [
    (tr[0] - tl[0]) / width,
    (tr[1] - tl[1]) / width,
    (bl[0] - tl[0]) / height,
    (bl[1] - tl[1]) / height,
    tl[0],
    tl[1],
  ];
}
