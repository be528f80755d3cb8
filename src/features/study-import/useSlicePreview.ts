import { useEffect, useState } from 'react';
import type { BrowserFileSource } from '../../adapters/files';
import { decodeSliceHu } from '../../adapters/dicom-codecs';
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { errorMessage } from '../../core/error-message';
import { DEFAULT_WINDOW, windowedRgba } from '../../core/viewer/window';

export type SlicePreviewState =
  | { readonly status: 'loading' }
  | { readonly status: 'shown'; readonly image: ImageData }
  | { readonly status: 'failed'; readonly message: string };

/**
 * One slice decoded by the page itself and windowed as the phases will be: drawn on a plain
 * canvas, it is on screen long before a Cornerstone viewport could be set up for it.
 */
export function useSlicePreview(source: BrowserFileSource, slice: SliceMeta): SlicePreviewState {
  // Kept with the slice it is for: another slice is loading until its own answer comes.
  const [result, setResult] = useState<{ readonly slice: SliceMeta; readonly state: SlicePreviewState } | null>(null);
  useEffect(() => {
    let current = true;
    source
      .read()
      .then((bytes) => decodeSliceHu(bytes, slice))
      .then((hu) => {
        if (current) {
          const image = new ImageData(windowedRgba(hu, DEFAULT_WINDOW), slice.columns, slice.rows);
          setResult({ slice, state: { status: 'shown', image } });
        }
      })
      .catch((error: unknown) => {
        if (current) setResult({ slice, state: { status: 'failed', message: errorMessage(error) } });
      });
    return () => {
      current = false;
    };
  }, [source, slice]);
  return result?.slice === slice ? result.state : { status: 'loading' };
}

/** The slice's width over its height in mm, as CSS `aspect-ratio` (pixels need not be square). */
export function sliceAspectRatio(slice: SliceMeta): string {
  const [rowMm, columnMm] = slice.pixelSpacing ?? [1, 1];
  return `${String(slice.columns * columnMm)} / ${String(slice.rows * rowMm)}`;
}
