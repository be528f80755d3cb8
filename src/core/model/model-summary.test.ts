import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest';
import { modelSummary } from './model-summary';
import { TEST_MANIFEST_JSON } from './test-manifest';

describe('modelSummary', () => {
  it('says synthetic, and that the model was not checked on real CT when the manifest has no such check', () => {
    const text = modelSummary(parseManifest(TEST_MANIFEST_JSON));
    expect(text).toBe('Trained on: phantoms. 95.0 % on 318 synthetic test lesions. Not checked on real CT.');
  });

  it('quotes the real-CT check and what "none" means for a model with a no-lesion output', () => {
    const manifest = parseManifest({
      ...TEST_MANIFEST_JSON,
      noLesionOutput: 'NONE',
      metrics: {
        ...TEST_MANIFEST_JSON.metrics,
        realCt: { name: 'HCC009', normal: 33, normalAnsweredNone: 31, lesions: 1, lesionsNamedRight: 1 },
      },
    });
    expect(modelSummary(manifest)).toContain(
      'Real CT (HCC009): 31 of 33 normal-tissue ROIs answered "none", 1 of 1 lesion ROIs named right.',
    );
    expect(modelSummary(manifest)).toContain('"None" means no focal lesion recognised');
  });
});
