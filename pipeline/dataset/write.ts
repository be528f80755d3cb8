/** Writes an ROI dataset folder: crops.u8 (N × C × H × W bytes) and index.json (spec, classes, samples). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LESION_CLASSES, NO_LESION } from '../../src/core/labels';
import type { CropSpec } from '../../src/core/roi/crop';
import type { SampleRecord } from './build';
import { MODEL_PHASES } from '../../src/core/labels';

export async function writeDatasetFolder(
  out: string,
  spec: CropSpec,
  records: readonly SampleRecord[],
  crops: readonly Uint8Array[],
): Promise<number> {
  await mkdir(out, { recursive: true });
  const bytes = Buffer.concat(crops);
  await writeFile(join(out, 'crops.u8'), bytes);
  await writeFile(
    join(out, 'index.json'),
    JSON.stringify(
      {
        format: 'liver-roi-dataset',
        version: 1,
        layout: 'crops.u8: N x C x H x W uint8, C in the order of "phases"',
        spec,
        phases: MODEL_PHASES,
        // The last class, NONE, only when the studies have normal-tissue ROIs (annotations' normalRois).
        classes: records.some((r) => r.label === NO_LESION) ? [...LESION_CLASSES, NO_LESION] : LESION_CLASSES,
        count: records.length,
        samples: records,
      },
      null,
      1,
    ),
  );
  return bytes.length;
}
