import type { OfflineState } from './useOfflineApp';

const TEXT: Record<OfflineState['state'], string> = {
  unsupported: 'This browser cannot keep the app for offline use; it works while this page stays open.',
  installing: 'Saving the app, the model and the demo study on this computer for offline use…',
  ready: 'Works offline: the app, the model and the demo study are stored on this computer.',
  'update-available': 'A new version of the app or the model is available.',
  error: 'Offline use could not be set up',
};

/** One fixed line in a corner, so it never moves the viewports under the user's mouse. */
export function OfflineStatus({ offline }: { readonly offline: OfflineState }) {
  return (
    <div
      className={`offline-status ${offline.state}`}
      data-testid="offline-status"
      data-state={offline.state}
      role="status"
    >
      <span>
        {TEXT[offline.state]}
        {offline.state === 'error' ? `: ${offline.message}` : ''}
      </span>
      {offline.state === 'update-available' && (
        <button type="button" data-testid="update-reload" onClick={offline.apply}>
          Reload to update
        </button>
      )}
    </div>
  );
}
