import type { ChangeEvent } from 'react';

interface Props {
  readonly enabled: boolean;
  readonly canExport: boolean;
  readonly onLoad: (file: File) => void;
  readonly onExport: () => void;
}

/** Load an annotations.json for the open study, or save the current ROIs in the same format. */
export function AnnotationControls({ enabled, canExport, onLoad, onExport }: Props) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file !== undefined) onLoad(file);
    event.target.value = '';
  };
  return (
    <div className="annotation-controls">
      <label className={enabled ? 'button' : 'button disabled'}>
        Load annotations…
        <input
          type="file"
          accept=".json,application/json"
          data-testid="open-annotations"
          disabled={!enabled}
          onChange={onChange}
        />
      </label>
      <button type="button" data-testid="export-annotations" disabled={!canExport} onClick={onExport}>
        Export annotations
      </button>
    </div>
  );
}
