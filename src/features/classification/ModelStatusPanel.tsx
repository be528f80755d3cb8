import type { ModelStatus } from './useClassification';

/** Which model, on which backend, how fast; and what it is not. */
export function ModelStatusPanel({ status }: { readonly status: ModelStatus }) {
  if (status.state === 'loading') {
    return (
      <p className="model-status" data-testid="inference-status" data-state="loading">
        Loading the model…
      </p>
    );
  }
  if (status.state === 'error') {
    return (
      <p className="model-status" data-testid="inference-status" data-state="error">
        No classification: {status.message}
      </p>
    );
  }
  const { manifest, manifestUrl } = status.classifier;
  const card =
    manifest.modelCard === undefined
      ? undefined
      : new URL(manifest.modelCard, new URL(manifestUrl, location.href)).href;
  return (
    <div
      className="model-status"
      data-testid="inference-status"
      data-state="ready"
      data-backend={status.backend}
      data-ms={status.lastMs === undefined ? '' : status.lastMs.toFixed(1)}
    >
      <p>
        Model <strong>{manifest.id}</strong> on {status.backend}
        {status.classifier.unavailable.length > 0 && ` (${status.classifier.unavailable.join(', ')} unavailable here)`}
        {status.lastMs !== undefined && `, last inference ${status.lastMs.toFixed(0)} ms`}
        {manifest.accuracy !== undefined &&
          ` · ${(100 * manifest.accuracy).toFixed(1)} % on ${String(manifest.testSetSize ?? '?')} test lesions`}
      </p>
      <p className="model-warning">
        Research demo, not for clinical use. Trained on: {manifest.trainingData.split('(')[0]?.trim()}.{' '}
        {card !== undefined && (
          <a href={card} target="_blank" rel="noreferrer">
            Model card
          </a>
        )}
      </p>
    </div>
  );
}
