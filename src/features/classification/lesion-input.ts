import type { BrowserFileSource } from '../../adapters/files';
import { decodedSlices, type HuSlice } from '../../adapters/dicom-codecs';
import { PixelDecodeError } from '../../core/dicom/transfer-syntax';
import type { Phase } from '../../core/labels';
import { roiDiscMeans } from '../../core/model/input-range';
import type { ModelManifest } from '../../core/model/manifest';
import { cropBox, cropPhase, toModelInput } from '../../core/roi/crop';
import { readHuBox, seriesGeometry } from '../../core/roi/hu-box';
import type { Lesion } from '../../core/roi/lesion';
import { roiRadiusMm } from '../../core/roi/roi';
import type { StudySeries } from '../../core/study/read-study';

/** Why a lesion cannot be classified: said in its row instead of a guess. */
export class MissingInput extends Error {}

export interface LesionInput {
  readonly input: Float32Array;
  /** Mean byte inside the ROI disc per input channel: is this ROI like what the model was trained on? */
  readonly roiMeans: readonly number[];
}

/**
 * The model input for a lesion: each input phase's patch around that phase's ROI (after
 * alignment or a nudge), read from only the slices it needs, cut and normalised by src/core.
 */
export async function lesionInput(
  lesion: Lesion,
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
  manifest: ModelManifest,
): Promise<LesionInput> {
  const missing = manifest.phases.filter((p) => byPhase[p] === undefined);
  if (missing.length > 0) throw new MissingInput(`needs ${missing.join(', ')}: no such series in this study`);
  const channels: Uint8Array[] = [];
  for (const phase of manifest.phases) {
    const series = (byPhase[phase] as StudySeries).series;
    const roi = lesion.rois[phase]?.roi;
    const geometry = seriesGeometry(series);
    const orientation = series.slices[0]?.imageOrientationPatient;
    if (roi === undefined) throw new MissingInput(`no ROI on ${phase} yet`);
    if (geometry === null || orientation === undefined) throw new MissingInput(`the ${phase} series has no geometry`);
    const radius = roiRadiusMm(roi);
    const box = cropBox(geometry, roi.center, radius, manifest.crop);
    if (box === null) throw new MissingInput(`the ROI lies outside the ${phase} images`);
    const readSlice = async (k: number): Promise<HuSlice | null> => {
      const slice = series.slices[k];
      const file = slice === undefined ? undefined : sources.get(slice.fileName);
      if (slice === undefined || file === undefined) return null;
      try {
        return await decodedSlices.read(file, slice);
      } catch (error) {
        if (error instanceof PixelDecodeError) {
          throw new MissingInput(`the ${phase} pixels cannot be decoded: ${error.message}`);
        }
        throw error;
      }
    };
    const volume = await readHuBox(geometry, box, readSlice);
    const plane = { row: orientation[0], column: orientation[1] };
    channels.push(cropPhase(volume, roi.center, radius, plane, manifest.crop));
  }
  return { input: toModelInput(channels, manifest.crop), roiMeans: roiDiscMeans(channels, manifest.crop) };
}
