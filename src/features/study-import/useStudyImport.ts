import { useCallback, useEffect, useRef, useState } from 'react';
import {
  demoSources,
  sourcesFromDrop,
  sourcesFromFileList,
  type BrowserFileSource,
  readHeadersInWorkers,
  startHeaderWorkers,
} from '../../adapters/files';
import { decodeSliceHu, inflateRaw, decodedSlices, withViewerFiles } from '../../adapters/dicom-codecs';
import { readStudy, type StudyRead } from '../../core/study/read-study';
import { errorMessage } from '../../core/error-message';
import type { Series } from '../../core/dicom/series';
import { parseSliceMeta, type SliceMeta } from '../../core/dicom/slice-meta';
import { ListingPreview } from '../../core/study/listing-preview';
import { firstLookName } from '../../core/study/first-look';
import { PreviewSequence } from '../../core/study/preview-sequence';

export interface OpenedStudy {
  readonly read: StudyRead;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
  readonly fileCount: number;
  /** Where the study came from, for the page title ("demo", a folder name). */
  readonly label: string;
  /** An annotations.json that came with the study (the demo's, or one in the opened folder). */
  readonly annotations?: () => Promise<Blob>;
}

/**
 * A slice shown while a folder is read: first a file picked by name alone (core/study/first-look.ts),
 * then the middle slice of the first whole series (core/study/listing-preview.ts), where the phases
 * will open.
 */
export interface ReadingPreview {
  /** Known once the series is whole; absent for the first look. */
  readonly series?: Series;
  readonly slice: SliceMeta;
  readonly source: BrowserFileSource;
}

export type ImportState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'reading';
      readonly done: number;
      readonly total: number;
      readonly label: string;
      readonly preview?: ReadingPreview;
    }
  | { readonly status: 'ready'; readonly study: OpenedStudy }
  | { readonly status: 'failed'; readonly message: string };

/** Opening a folder, dropped files or the demo; a newer open supersedes one still reading. */
export function useStudyImport() {
  const [state, setState] = useState<ImportState>({ status: 'idle' });
  const generation = useRef(0);
  useEffect(() => {
    try {
      startHeaderWorkers();
    } catch {
      // No workers in this browser: folders are listed in the page (read-study.ts).
    }
  }, []);

  const open = useCallback(
    async (label: string, load: () => Promise<{ sources: BrowserFileSource[]; annotationsUrl?: string }>) => {
      const mine = ++generation.current;
      // The decoded slices of the study being replaced are of no further use.
      decodedSlices.clear();
      setState({ status: 'reading', done: 0, total: 0, label });
      const previews = new PreviewSequence<ReadingPreview>();
      try {
        const { sources, annotationsUrl } = await load();
        const listing = new ListingPreview(sources.map((s) => s.name));
        const byName = new Map(sources.map((s) => [s.name, s]));
        let progress = { done: 0, total: sources.length };
        const show = () => {
          const preview = previews.shown;
          if (generation.current === mine)
            setState({ status: 'reading', ...progress, label, ...(preview && { preview }) });
        };
        const look = byName.get(firstLookName(sources.map((s) => s.name)) ?? '');
        if (look !== undefined) {
          void firstLook(look).then((slice) => {
            if (slice !== null && previews.offerFirstLook({ slice, source: look })) show();
          });
        }
        const read = await readStudy(
          sources,
          (done, total) => {
            progress = { done, total };
            // Re-rendering for every file of a 1 000-file folder costs more than the reading.
            if (done === total || done % 16 === 0) show();
          },
          {
            // The phase cues read pixels in any transfer syntax the page decodes.
            decode: decodeSliceHu,
            inflate: inflateRaw,
            readHeaders: readHeadersInWorkers,
            onListed: (source, parsed) => {
              const series = listing.listed(source.name, parsed.kind === 'slice' ? parsed.images : []);
              const slice = series?.slices[Math.floor(series.slices.length / 2)];
              const file = slice === undefined ? undefined : byName.get(slice.fileName);
              if (series === null || slice === undefined || file === undefined) return;
              if (previews.offerSeries({ series, slice, source: file })) show();
            },
          },
        );
        previews.end();
        if (generation.current !== mine) return;
        const viewable = await withViewerFiles(
          sources,
          read.series.flatMap((s) => s.series.slices),
        );
        if (generation.current !== mine) return;
        setState({
          status: 'ready',
          study: {
            read,
            sources: new Map(viewable.map((s) => [s.name, s])),
            fileCount: sources.length,
            label,
            ...annotationsWith(sources, annotationsUrl),
          },
        });
      } catch (error) {
        if (generation.current === mine) {
          setState({
            status: 'failed',
            message: `Could not open ${label}: ${errorMessage(error)}`,
          });
        }
      } finally {
        previews.end();
      }
    },
    [],
  );

  const openFiles = useCallback(
    (files: FileList | readonly File[]) => {
      const first = files[0];
      const folder = first?.webkitRelativePath.split('/')[0];
      void open(folder !== undefined && folder !== '' ? folder : 'the files', () =>
        Promise.resolve({ sources: sourcesFromFileList(files) }),
      );
    },
    [open],
  );

  const openDrop = useCallback(
    (transfer: DataTransfer) => {
      void open('the dropped files', async () => ({ sources: await sourcesFromDrop(transfer) }));
    },
    [open],
  );

  const openDemo = useCallback(() => {
    void open('the demo study', () => demoSources(import.meta.env.BASE_URL));
  }, [open]);

  return { state, openFiles, openDrop, openDemo };
}

/** The image of a file picked by name, read whole in the page; null when it is none the page can show. */
async function firstLook(source: BrowserFileSource): Promise<SliceMeta | null> {
  try {
    const parsed = parseSliceMeta(source.name, await source.read());
    if (parsed.kind !== 'slice') return null;
    return parsed.images[Math.floor((parsed.images.length - 1) / 2)] ?? parsed.slice;
  } catch {
    // The listing says what is wrong with the file; a first look is only ever a bonus.
    return null;
  }
}

function annotationsWith(
  sources: readonly BrowserFileSource[],
  url: string | undefined,
): { annotations?: () => Promise<Blob> } {
  if (url !== undefined) {
    return {
      annotations: async () => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
        return response.blob();
      },
    };
  }
  const found = sources
    .filter((s) => /(^|\/)annotations\.json$/.test(s.name))
    .sort((a, b) => a.name.split('/').length - b.name.split('/').length)[0];
  return found === undefined ? {} : { annotations: () => Promise.resolve(found.file) };
}
