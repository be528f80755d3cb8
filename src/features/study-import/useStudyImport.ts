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
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { ListingPreview } from '../../core/study/listing-preview';

export interface OpenedStudy {
  readonly read: StudyRead;
  readonly sources: ReadonlyMap<string, BrowserFileSource>;
  readonly fileCount: number;
  /** Where the study came from, for the page title ("demo", a folder name). */
  readonly label: string;
  /** An annotations.json that came with the study (the demo's, or one in the opened folder). */
  readonly annotations?: () => Promise<Blob>;
}

/** The first whole series of a folder still being read (core/study/listing-preview.ts), and the slice shown of it. */
export interface ReadingPreview {
  readonly series: Series;
  /** The middle one, where the phases will open. */
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
      try {
        const { sources, annotationsUrl } = await load();
        const listing = new ListingPreview(sources.map((s) => s.name));
        const byName = new Map(sources.map((s) => [s.name, s]));
        let preview: ReadingPreview | undefined;
        let progress = { done: 0, total: sources.length };
        const show = () => {
          if (generation.current === mine)
            setState({ status: 'reading', ...progress, label, ...(preview && { preview }) });
        };
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
              preview = { series, slice, source: file };
              show();
            },
          },
        );
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
