import { BACKENDS, isBackendName, type BackendName } from '../../adapters/inference/backends';
import type { ModelStatus } from './useClassification';

interface Props {
  readonly status: ModelStatus;
  readonly preference: BackendName | undefined;
  readonly onBackend: (backend: BackendName | undefined) => void;
}

/** Settings: which backend to force (e.g. for a laptop with a broken GPU driver). */
function BackendSetting({ preference, onBackend, busy }: Omit<Props, 'status'> & { readonly busy: boolean }) {
  return (
    <label className="backend-setting">
      Inference backend{' '}
      <select
        data-testid="backend-select"
        value={preference ?? 'auto'}
        disabled={busy}
        onChange={(event) => {
          const value = event.target.value;
          onBackend(isBackendName(value) ? value : undefined);
        }}
      >
        <option value="auto">automatic (WebGPU → WebGL → WASM)</option>
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Which model, on which backend, how fast; and what it is not. */
export function ModelStatusPanel({ status, preference, onBackend }: Props) {
  const setting = <BackendSetting preference={preference} onBackend={onBackend} busy={status.state === 'loading'} />;
  if (status.state === 'loading') {
    return (
      <div className="model-status" data-testid="inference-status" data-state="loading">
        <p>Loading the model{preference === undefined ? '' : ` on ${preference}`}…</p>
        {setting}
      </div>
    );
  }
  if (status.state === 'error') {
    return (
      <div className="model-status" data-testid="inference-status" data-state="error">
        <p>No classification: {status.message}</p>
        {setting}
      </div>
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
      data-thread={status.classifier.thread}
    >
      <p>
        Model <strong>{manifest.id}</strong> on {status.backend}
        {status.classifier.unavailable.length > 0 && ` (${status.classifier.unavailable.join(', ')} unavailable here)`}
        {status.classifier.thread === 'page' && ' in the page (no worker could start)'}
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
      {setting}
    </div>
  );
}
