import type { ChangeEvent } from 'react';
import type { ImportState } from './useStudyImport';

interface Props {
  readonly state: ImportState;
  readonly onFiles: (files: FileList) => void;
  readonly onDemo: () => void;
}

/** The ways in: a folder picker, the demo study (drag and drop is handled by `DropTarget`). */
export function OpenControls({ state, onFiles, onDemo }: Props) {
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = event.target.files;
    if (files !== null && files.length > 0) onFiles(files);
    event.target.value = '';
  };
  return (
    <div className="open-controls">
      <label className="button">
        Open folder…
        <input
          type="file"
          data-testid="open-folder"
          multiple
          onChange={onChange}
          ref={(input) => {
            // React does not know the non-standard attribute; set it on the element itself.
            input?.setAttribute('webkitdirectory', '');
          }}
        />
      </label>
      <button type="button" data-testid="load-demo" onClick={onDemo} disabled={state.status === 'reading'}>
        Load demo study
      </button>
      {state.status === 'reading' && (
        <p className="progress" role="status">
          Reading {state.label}: {state.done} / {state.total || '…'} files
        </p>
      )}
      <p className="hint">or drop a folder of DICOM files anywhere on the page</p>
    </div>
  );
}
