import { useEffect, useRef } from 'react';
import type { ReadingPreview } from './useStudyImport';
import { sliceAspectRatio, useSlicePreview } from './useSlicePreview';

interface Props {
  readonly preview: ReadingPreview;
  readonly done: number;
  readonly total: number;
}

/** The middle slice of a folder's first whole series, shown while the rest of the folder is read. */
export function SlicePreview({ preview, done, total }: Props) {
  const { series, slice, source } = preview;
  const state = useSlicePreview(source, slice);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (state.status === 'shown') canvas.current?.getContext('2d')?.putImageData(state.image, 0, 0);
  }, [state]);
  return (
    <figure
      className="slice-preview"
      data-testid="series-preview"
      data-series-uid={series.seriesInstanceUid}
      data-state={state.status}
    >
      <canvas ref={canvas} width={slice.columns} height={slice.rows} style={{ aspectRatio: sliceAspectRatio(slice) }} />
      <figcaption>
        {series.description || '(no description)'} · image {series.slices.indexOf(slice) + 1}/{series.slices.length} ·
        the first series read; the phases are shown once every file is listed ({done} of {total})
        {state.status === 'failed' && ` · this image could not be shown: ${state.message}`}
      </figcaption>
    </figure>
  );
}
