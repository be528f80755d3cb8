import { BACKENDS, isBackendName, type BackendName, type PassedOver } from '../../adapters/inference';
import { modelSummary } from '../../core/model/model-summary';
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

function describePassedOver(passed: readonly PassedOver[]): string {
  const named = (reason: PassedOver['reason']) =>
    passed
      .filter((p) => p.reason === reason)
      .map((p) => p.backend)
      .join(', ');
  const unavailable = named('unavailable');
  const software = named('software');
  return [
    unavailable === '' ? '' : `${unavailable} unavailable here`,
    software === '' ? '' : `${software} emulated in software here, slower than WASM; the setting can force it`,
  ]
    .filter((t) => t !== '')
    .join('; ');
}

/**
 * Which model, on which backend, how fast; and what it is not. Always three single lines (the
 * full text in the tooltip), so the header, and the viewports under it, never move while a
 * model loads: a user may be drawing an ROI at that moment.
 */
export function ModelStatusPanel({ status, preference, onBackend }: Props) {
  const setting = <BackendSetting preference={preference} onBackend={onBackend} busy={status.state === 'loading'} />;
  if (status.state !== 'ready') {
    const text =
      status.state === 'loading'
        ? `Loading the model${preference === undefined ? '' : ` on ${preference}`}…`
        : `No classification: ${status.message}`;
    return (
      <div className="model-status" data-testid="inference-status" data-state={status.state}>
        <p title={text}>{text}</p>
        <p className="model-warning">Research demo, not for clinical use.</p>
        {setting}
      </div>
    );
  }
  const { manifest, manifestUrl } = status.classifier;
  const card =
    manifest.modelCard === undefined
      ? undefined
      : new URL(manifest.modelCard, new URL(manifestUrl, location.href)).href;
  const notes = [
    status.fallback === undefined ? '' : ` (${status.fallback})`,
    status.classifier.passedOver.length > 0 ? ` (${describePassedOver(status.classifier.passedOver)})` : '',
    status.classifier.thread === 'page'
      ? status.incident === undefined
        ? ' in the page (no worker could start)'
        : ' in the page (its worker stopped)'
      : '',
    status.lastMs === undefined ? '' : `, last inference ${status.lastMs.toFixed(0)} ms`,
  ].join('');
  const trainedOn = modelSummary(manifest);
  const threads = status.backend === 'wasm' ? status.classifier.threads : 1;
  const runsOn = threads > 1 ? `${status.backend}, ${String(threads)} threads` : status.backend;
  return (
    <div
      className="model-status"
      data-testid="inference-status"
      data-state="ready"
      data-backend={status.backend}
      data-ms={status.lastMs === undefined ? '' : status.lastMs.toFixed(1)}
      data-thread={status.classifier.thread}
      data-threads={threads}
      data-fallback={status.fallback ?? ''}
      data-incident={status.incident ?? ''}
    >
      <p title={`Model ${manifest.id} on ${runsOn}${notes}`}>
        Model <strong>{manifest.id}</strong> on {runsOn}
        {notes}
      </p>
      <p className="model-warning" title={trainedOn}>
        Research demo, not for clinical use.{' '}
        {card !== undefined && (
          <a href={card} target="_blank" rel="noreferrer">
            Model card
          </a>
        )}{' '}
        {trainedOn}
      </p>
      {setting}
    </div>
  );
}
