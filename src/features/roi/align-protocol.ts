import { patientMm, type PatientMm, type Vec3 } from '../../core/geometry';
import { alignRoi, type AlignOptions, type Alignment, type HuVolume } from '../../core/roi/align';
import { errorMessage } from '../../core/error-message';

export interface AlignRequest {
  readonly id: number;
  readonly fixed: HuVolume;
  readonly moving: HuVolume;
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly options: AlignOptions;
}

export type AlignResponse =
  | { readonly id: number; readonly alignment: Alignment; readonly ms: number }
  | { readonly id: number; readonly error: string };

/** The same call in the worker and in the main-thread fallback. */
export function runAlignRequest(request: AlignRequest): AlignResponse {
  try {
    const start = performance.now();
    const alignment = alignRoi(request.fixed, request.moving, request.center, request.radiusMm, request.options);
    return { id: request.id, alignment, ms: performance.now() - start };
  } catch (error) {
    return { id: request.id, error: errorMessage(error) };
  }
}

/**
 * A small alignment (a 48³ volume at 2 mm, a ball in a textured background, moved by 4 mm) that runs the same
 * code as a real one, so a worker that has run it has compiled the search before the first ROI.
 */
export function warmUpRequest(): Omit<AlignRequest, 'id'> {
  const [nx, ny, nz] = [48, 48, 48];
  const volume = (dx: number): HuVolume => {
    const values = new Float32Array(nx * ny * nz);
    for (let k = 0, p = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++, p++)
          values[p] =
            Math.hypot(2 * i - 48 - dx, 2 * j - 48, 2 * k - 48) < 12
              ? 160
              : 100 + 15 * Math.sin((2 * i - dx) * 0.35) * Math.cos(j * 0.5 + k * 0.3);
    const axis = (a: number): Vec3 => [a === 0 ? 1 : 0, a === 1 ? 1 : 0, a === 2 ? 1 : 0];
    return {
      geometry: {
        dimensions: [nx, ny, nz],
        origin: patientMm(0, 0, 0),
        rowDirection: axis(0),
        columnDirection: axis(1),
        sliceDirection: axis(2),
        spacing: [2, 2, 2],
      },
      values,
    };
  };
  return { fixed: volume(0), moving: volume(4), center: patientMm(48, 48, 48), radiusMm: 12, options: {} };
}
