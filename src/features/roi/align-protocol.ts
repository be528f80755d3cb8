import type { PatientMm } from '../../core/geometry';
import { alignRoi, type AlignOptions, type Alignment, type HuVolume } from '../../core/roi/align';

export interface AlignRequest {
  readonly id: number;
  readonly fixed: HuVolume;
  readonly moving: HuVolume;
  readonly center: PatientMm;
  readonly radiusMm: number;
  readonly options: AlignOptions;
}

export type AlignResponse =
  { readonly id: number; readonly alignment: Alignment } | { readonly id: number; readonly error: string };

/** The same call in the worker and in the main-thread fallback. */
export function runAlignRequest(request: AlignRequest): AlignResponse {
  try {
    return {
      id: request.id,
      alignment: alignRoi(request.fixed, request.moving, request.center, request.radiusMm, request.options),
    };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}
