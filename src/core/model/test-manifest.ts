/** A valid manifest.json, as the tests that need a model's manifest (not its graph) write it. */
export const TEST_MANIFEST_JSON = {
  id: 'm1',
  classes: ['CYST', 'FNH', 'HCC', 'HEM', 'METS'],
  phases: ['NC', 'ART', 'PV'],
  inputSize: [80, 80],
  huWindow: [-150, 250],
  normalization: { mean: [1, 2, 3], std: [1, 1, 1] },
  contextMargin: 0.5,
  metrics: { accuracy: 0.95, testSetSize: 318 },
  training: { data: 'phantoms' },
  intendedUse: 'research demo; not for clinical use',
  modelCard: 'MODEL_CARD.md',
};
