import type { Series } from '../../core/dicom/series';
import { useSeriesView } from './useSeriesView';

interface Props {
  readonly series: Series;
  readonly imageIds: readonly string[];
  /** Back to the phases; absent when the study has none to go back to. */
  readonly onClose: (() => void) | undefined;
}

/** A series that is no phase, over the phase grid: looked at with its own window, never classified. */
export function SeriesView({ series, imageIds, onClose }: Props) {
  const { register, state, error } = useSeriesView(imageIds);
  return (
    <section
      className="series-view"
      aria-label="Series shown for viewing only"
      data-testid="series-view"
      data-series-uid={series.seriesInstanceUid}
      data-modality={series.modality}
      data-slice-index={state?.index}
      data-window-center={state?.window?.center}
      data-window-width={state?.window?.width}
      data-state={error !== null ? 'error' : state === null ? 'loading' : 'shown'}
    >
      <div className="series-view-head">
        <span>
          {series.modality || 'no modality'} · {series.description || '(no description)'} · shown for viewing only,
          never classified
        </span>
        {onClose !== undefined && (
          <button type="button" onClick={onClose}>
            Back to the phases
          </button>
        )}
      </div>
      <div className="viewport series-view-pane">
        <div
          className="viewport-element"
          ref={register}
          onContextMenu={(event) => {
            event.preventDefault();
          }}
        />
        {state !== null && (
          <span className="viewport-slice">
            image {state.index + 1}/{state.count}
            {state.window !== undefined && ` · W ${state.window.width.toFixed(0)} L ${state.window.center.toFixed(0)}`}
          </span>
        )}
        {error !== null && <p className="series-view-error">These images could not be shown: {error}.</p>}
      </div>
    </section>
  );
}
