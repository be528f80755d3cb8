import { useState } from 'react';
import { errorMessage } from '../../core/error-message';
import type { ExportedFinding } from './export-finding';

type ExportState =
  | { readonly state: 'idle' }
  | { readonly state: 'working' }
  | { readonly state: 'done'; readonly names: readonly string[] }
  | { readonly state: 'error'; readonly message: string };

/** The button that writes the selected lesion's finding (JSON, PDF, DICOM SR) and saves it. */
export function ExportFinding({
  disabledReason,
  onExport,
  onSave,
}: {
  /** Why it cannot export yet (no result, HU not read), or null when it can. */
  readonly disabledReason: string | null;
  readonly onExport: () => Promise<ExportedFinding>;
  readonly onSave: (exported: ExportedFinding) => void;
}) {
  const [state, setState] = useState<ExportState>({ state: 'idle' });
  return (
    <div className="export-finding" data-testid="export-status" data-state={state.state}>
      <button
        type="button"
        data-testid="export-finding"
        disabled={disabledReason !== null || state.state === 'working'}
        title={disabledReason ?? 'Save this finding as JSON, a one-page PDF and a DICOM Structured Report'}
        onClick={() => {
          setState({ state: 'working' });
          onExport().then(
            (exported) => {
              onSave(exported);
              setState({ state: 'done', names: exported.files.map((f) => f.name) });
            },
            (error: unknown) => {
              setState({ state: 'error', message: errorMessage(error) });
            },
          );
        }}
      >
        Export finding
      </button>
      {state.state === 'working' && <span className="muted"> writing…</span>}
      {state.state === 'done' && <span className="muted"> saved {state.names.join(', ')}</span>}
      {state.state === 'error' && <span className="error"> could not export: {state.message}</span>}
      {disabledReason !== null && <span className="muted"> ({disabledReason})</span>}
    </div>
  );
}
