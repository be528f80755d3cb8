import { useCallback, useEffect, useState } from 'react';
import { SeriesViewer, type SeriesViewState } from '../../adapters/cornerstone/series-viewer';
import { errorMessage } from '../../core/error-message';

/** A viewer for one series that is no phase, alive while `imageIds` is shown in a registered element. */
export function useSeriesView(imageIds: readonly string[] | null) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [state, setState] = useState<SeriesViewState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (element === null || imageIds === null) return;
    let disposed = false;
    let viewer: SeriesViewer | null = null;
    setError(null);
    SeriesViewer.create(element, setState)
      .then(async (created) => {
        if (disposed) {
          created.destroy();
          return;
        }
        viewer = created;
        await created.show(imageIds);
      })
      .catch((failure: unknown) => {
        if (!disposed) setError(errorMessage(failure));
      });
    return () => {
      disposed = true;
      viewer?.destroy();
      setState(null);
    };
  }, [element, imageIds]);

  const register = useCallback((next: HTMLDivElement | null) => {
    setElement(next);
  }, []);

  return { register, state, error };
}
