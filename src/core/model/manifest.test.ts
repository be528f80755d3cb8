import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest';
import { TEST_MANIFEST_JSON } from './test-manifest';

const valid = TEST_MANIFEST_JSON;

describe('model manifest', () => {
  it('gives the crop specification and what the page must show', () => {
    const m = parseManifest(valid);
    expect(m.crop).toEqual({
      inputSize: [80, 80],
      contextMargin: 0.5,
      huWindow: [-150, 250],
      mean: [1, 2, 3],
      std: [1, 1, 1],
    });
    expect(m.modelUrl).toBe('model.json');
    expect([m.accuracy, m.testSetSize, m.trainingData, m.modelCard]).toEqual([0.95, 318, 'phantoms', 'MODEL_CARD.md']);
  });

  it('reads the no-lesion output and the calibration into the reading policy', () => {
    const uncalibrated = parseManifest(valid);
    expect(uncalibrated.reading).toEqual({
      classes: ['CYST', 'FNH', 'HCC', 'HEM', 'METS'],
      noLesionOutput: false,
      temperature: 1,
      uncertainBelow: 0,
      inputRange: undefined,
    });
    expect(uncalibrated.calibrated).toBe(false);
    expect(uncalibrated.views).toBe(1);
    const range = [
      [60, 200],
      [70, 230],
      [70, 220],
    ];
    const m = parseManifest({
      ...valid,
      noLesionOutput: 'NONE',
      calibration: { temperature: 1.7, uncertainBelow: 0.55, inputRange: range },
    });
    expect(m.reading).toMatchObject({
      noLesionOutput: true,
      temperature: 1.7,
      uncertainBelow: 0.55,
      inputRange: range,
    });
    expect(m.calibrated).toBe(true);
    expect(m.views).toBe(1);
    const averaged = parseManifest({ ...valid, calibration: { temperature: 1.2, uncertainBelow: 0.5, views: 4 } });
    expect(averaged.views).toBe(4);
  });

  it.each([
    [{ ...valid, classes: ['CYST', 'TUMOUR'] }, /"classes"/],
    [{ ...valid, phases: ['NC', 'PV'] }, /"phases"/],
    [{ ...valid, inputSize: [80] }, /"inputSize"/],
    [{ ...valid, huWindow: [250, -150] }, /"huWindow"/],
    [{ ...valid, normalization: { mean: [1, 2, 3] } }, /"normalization"/],
    [{ ...valid, intendedUse: 'diagnosis' }, /not for clinical use/],
    [{ ...valid, training: {} }, /trained on/],
    ['not json', /JSON object/],
    [{ ...valid, noLesionOutput: 'NORMAL' }, /"noLesionOutput"/],
    [{ ...valid, calibration: { temperature: 0, uncertainBelow: 0.5 } }, /temperature/],
    [{ ...valid, calibration: { temperature: 1.5, uncertainBelow: 2 } }, /uncertainBelow/],
    [{ ...valid, calibration: { temperature: 1.5, uncertainBelow: 0.5, inputRange: [[1]] } }, /inputRange/],
    [{ ...valid, calibration: { temperature: 1.5, uncertainBelow: 0.5, views: 5 } }, /"calibration.views"/],
    [{ ...valid, calibration: { temperature: 1.5, uncertainBelow: 0.5, views: '4' } }, /"calibration.views"/],
  ])('rejects a manifest with a wrong field (%#)', (json, message) => {
    expect(() => parseManifest(json)).toThrow(message);
  });
});
