/**
 * The header's one line about what the model is: what it was trained on, how it scored on
 * synthetic test lesions, what it answered on real CT, and what "none" means. Every number comes
 * from the manifest, which npm run calibrate-model and training/ship.py wrote from measurements.
 */
import type { ModelManifest } from './manifest';

export function modelSummary(
  manifest: Pick<ModelManifest, 'trainingData' | 'accuracy' | 'testSetSize' | 'realCheck' | 'reading'>,
): string {
  const trained = `Trained on: ${manifest.trainingData.split('(')[0]?.trim() ?? ''}.`;
  const accuracy =
    manifest.accuracy === undefined
      ? ''
      : ` ${(100 * manifest.accuracy).toFixed(1)} % on ${String(manifest.testSetSize ?? '?')} synthetic test lesions.`;
  const real = manifest.realCheck;
  const realText =
    real === undefined
      ? ' Not checked on real CT.'
      : ` Real CT (${real.name}): ${String(real.normalAnsweredNone)} of ${String(real.normal)} normal-tissue ROIs answered "none", ${String(real.lesionsNamedRight)} of ${String(real.lesions)} lesion ROIs named right.`;
  const none = manifest.reading.noLesionOutput
    ? ' "None" means no focal lesion recognised, not sure, or outside what it was trained on.'
    : '';
  return `${trained}${accuracy}${realText}${none}`;
}
