import { useCallback, useEffect, useState } from 'react';
import { SeriesViewer, type SeriesViewState } from '../../adapters/cornerstone';
import { errorMessage } from '../../core/error-message';

/** A viewer for one series that is no phase, alive while `imageIds` is shown in a registered element. */
export function useSeriesView(imageIds: readonly string[] | null) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [state, setState] = useState<SeriesViewState | null>(null);
  // Kept with the images and element it is for: a new series starts without it.
  const [error, setError] = useState<{
    readonly imageIds: readonly string[];
    readonly element: HTMLDivElement;
    readonly message: string;
  } | null>(null);

  useEffect(() => {
    if (element === null || imageIds === null) return;
    let disposed = false;
    let viewer: SeriesViewer | null = null;
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
        if (!disposed) setError({ imageIds, element, message: errorMessage(failure) });
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

  const shownError = error !== null && error.imageIds === imageIds && error.element === element ? error.message : null;
  return { register, state, error: shownError };
}
