import { useEffect, useRef } from 'react';
import type { ReadingPreview } from './useStudyImport';
import { sliceAspectRatio, useSlicePreview } from './useSlicePreview';

interface Props {
  readonly preview: ReadingPreview;
  readonly done: number;
  readonly total: number;
}

/** A slice of the folder (see ReadingPreview), shown while the rest of it is read. */
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
      data-series-uid={slice.seriesInstanceUid}
      data-first-look={series === undefined}
      data-state={state.status}
    >
      <canvas ref={canvas} width={slice.columns} height={slice.rows} style={{ aspectRatio: sliceAspectRatio(slice) }} />
      <figcaption>
        {series === undefined
          ? `${slice.seriesDescription || '(no description)'} · ${slice.fileName} · a first look while the folder is read;`
          : `${series.description || '(no description)'} · image ${String(series.slices.indexOf(slice) + 1)}/${String(series.slices.length)} · the first series read;`}{' '}
        the phases are shown once every file is listed ({done} of {total})
        {state.status === 'failed' && ` · this image could not be shown: ${state.message}`}
      </figcaption>
    </figure>
  );
}
