/**
 * A folder of files → the series of each study, with a phase for each series. The browser and
 * the Node pipeline both read studies through this, so a phase can never be read one way in
 * training and another way in the page.
 */
import { PHASES, type Phase } from '../labels';
import { errorMessage } from '../error-message';
import { mapConcurrent } from '../map-concurrent';
import { deflatedDataSetStart, joinInflated, type InflateRaw } from '../dicom/deflated';
import { coreDecoder, decodeCoreHu, type SliceDecoder } from '../dicom/pixels';
import { groupSeries, hasUnplacedFrames, type Series } from '../dicom/series';
import { parseSliceHeader, parseSliceMeta, type ParsedFile, type SliceMeta } from '../dicom/slice-meta';
import { assignPhases, type PhaseAssignment, type SeriesPhaseInput } from '../phase/assign-phases';
import { contentStats } from '../phase/content-cues';

/** A file the reader can open: a browser `File`, or a path in Node. */
export interface FileSource {
  /** Unique within one read (a relative path). */
  readonly name: string;
  read(): Promise<Uint8Array>;
  /** The file's size, where known without reading it. */
  readonly size?: number;
  /** The first `bytes` bytes (fewer for a smaller file), where a part can be read alone. */
  readHead?(bytes: number): Promise<Uint8Array>;
}

export interface SkippedFile {
  readonly fileName: string;
  readonly reason: string;
}

export interface StudySeries {
  readonly series: Series;
  readonly assignment: PhaseAssignment;
  /** Why its pixels could not be decoded (naming the transfer syntax); absent when they could. */
  readonly pixelProblem?: string;
}

/** How the pixels are read; the defaults are src/core's own (all the Node pipeline needs). */
export interface ReadStudyOptions {
  /** Decodes a slice to HU for the phase cues read from content (the page passes its codecs). */
  readonly decode?: SliceDecoder;
  /** Inflates deflated files (metadata and, without `decode`, pixels); absent: they are skipped as unreadable. */
  readonly inflate?: InflateRaw;
  /**
   * Reads the headers of many files at once elsewhere (the page: in workers, so the file system's
   * answers never hold up the page). One answer per source, in order; null where the head cannot
   * tell and the whole file must be read. Throws when it cannot run: each file is then read here;
   * an AbortError (the listing was cancelled) ends the read instead.
   */
  readonly readHeaders?: ReadHeaders;
  /** Each file as soon as its header is known, in no particular order (a file may come twice). */
  readonly onListed?: (source: FileSource, parsed: ParsedFile) => void;
}

/** `onRead` hears of each answer as it comes: the index of its source, and the answer. */
export type ReadHeaders = (
  sources: readonly FileSource[],
  headerBytes: number,
  onRead: (index: number, parsed: ParsedFile | null) => void,
) => Promise<readonly (ParsedFile | null)[]>;

export interface StudyRead {
  /** All CT and non-CT series, grouped by study (studies in order of their UID). */
  readonly series: readonly StudySeries[];
  readonly skipped: readonly SkippedFile[];
  /** The file behind each slice, by `SliceMeta.fileName`. */
  readonly files: ReadonlyMap<string, FileSource>;
}

/**
 * Bytes read first from each file when listing a folder: a CT header is a few KiB (2.5–2.6 KiB
 * in the real CT this project holds), the pixels of a 512² slice 512 KiB. A header that runs past
 * them costs a second, whole read.
 */
const HEADER_BYTES = 16 * 1024;
/**
 * Files read at once while listing: a browser answers each read through another process, and
 * one at a time those waits add up (npm run bench:large-study).
 */
const READS_IN_FLIGHT = 64;

/** At most this many middle slices per series are decoded to read the phase from content. */
const CONTENT_SLICES = 8;

export async function readStudy(
  sources: readonly FileSource[],
  onProgress?: (done: number, total: number) => void,
  options: ReadStudyOptions = {},
): Promise<StudyRead> {
  const slices: SliceMeta[] = [];
  const skipped: SkippedFile[] = [];
  const files = new Map<string, FileSource>();
  const parsedFiles = await listFiles(sources, options, onProgress);
  parsedFiles.forEach((parsed, i) => {
    if (parsed.kind === 'slice') {
      slices.push(...parsed.images);
      const source = sources[i] as FileSource;
      files.set(source.name, source);
    } else skipped.push({ fileName: parsed.fileName, reason: parsed.reason });
  });
  const series = groupSeries(slices);
  const assigned: StudySeries[] = [];
  for (const studyUid of new Set(series.map((s) => s.studyInstanceUid))) {
    const members = series.filter((s) => s.studyInstanceUid === studyUid);
    // Only CT series can be a phase: other series' pixels (screen captures, colour) are not read.
    const decode = options.decode ?? coreDecoder(options.inflate);
    const read = await Promise.all(members.map((s) => readPhaseInput(s, files, s.modality === 'CT' ? decode : null)));
    const assignments = assignCtOnly(
      members,
      read.map((r) => r.input),
    );
    members.forEach((s, i) => {
      const problem = read[i]?.pixelProblem;
      assigned.push({
        series: s,
        assignment: assignments[i] as PhaseAssignment,
        ...(problem === undefined ? {} : { pixelProblem: problem }),
      });
    });
  }
  return { series: assigned, skipped, files };
}

/** Each source's header, in order: from `readHeaders` where given and working, else file by file here. */
async function listFiles(
  sources: readonly FileSource[],
  options: ReadStudyOptions,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<ParsedFile[]> {
  let done = 0;
  const counted = (source: FileSource, parsed: ParsedFile | null) => {
    onProgress?.(++done, sources.length);
    if (parsed !== null) options.onListed?.(source, parsed);
  };
  const images = sources.filter((s) => !isHiddenOrSidecar(s.name));
  let fromHeads: readonly (ParsedFile | null)[] | null = null;
  if (options.readHeaders !== undefined && images.length > 0) {
    try {
      fromHeads = await options.readHeaders(images, HEADER_BYTES, (index, parsed) => {
        counted(images[index] as FileSource, parsed);
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      // Reading elsewhere failed (no workers): every file is read here, from the start.
      done = 0;
    }
  }
  const heads = new Map<FileSource, ParsedFile | null>(
    fromHeads === null ? [] : images.map((s, i) => [s, fromHeads[i] ?? null]),
  );
  return mapConcurrent(sources, READS_IN_FLIGHT, async (source) => {
    if (isHiddenOrSidecar(source.name)) {
      const skipped: ParsedFile = { kind: 'skipped', fileName: source.name, reason: 'not an image file' };
      counted(source, skipped);
      return skipped;
    }
    const head = heads.get(source);
    if (head !== undefined && head !== null) return head;
    const parsed = await readOne(source, options.inflate, head === undefined);
    if (head === undefined) counted(source, parsed);
    else options.onListed?.(source, parsed);
    return parsed;
  });
}

/** One file's header; `tryHead` false: its head was read already and could not tell. */
async function readOne(source: FileSource, inflate: InflateRaw | undefined, tryHead = true): Promise<ParsedFile> {
  try {
    if (tryHead && source.readHead !== undefined && source.size !== undefined) {
      const fromHeader = parseSliceHeader(source.name, await source.readHead(HEADER_BYTES), source.size);
      if (fromHeader !== null) return fromHeader;
    }
    const bytes = await source.read();
    const start = inflate === undefined ? null : deflatedDataSetStart(bytes);
    if (inflate !== undefined && start !== null) {
      return parseSliceMeta(source.name, bytes, joinInflated(bytes, start, await inflate(bytes.subarray(start))));
    }
    return parseSliceMeta(source.name, bytes);
  } catch (error) {
    return { kind: 'skipped', fileName: source.name, reason: `could not be read (${String(error)})` };
  }
}

/** Hidden files (.DS_Store, ._x), thumbnails and notes a PACS export leaves next to the images. */
export function isHiddenOrSidecar(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return base.startsWith('.') || /\.(txt|json|xml|html?|jpe?g|png|gif|bmp|pdf|md|csv|ini)$/i.test(base);
}

/** Non-CT series cannot be a contrast phase; only CT series of several images compete for NC/ART/PV/DL. */
function assignCtOnly(members: readonly Series[], inputs: readonly SeriesPhaseInput[]): PhaseAssignment[] {
  // One image is a fragment (a damaged copy whose series UID changed), not a volume to read.
  const ctIndices = members.flatMap((s, i) =>
    s.modality === 'CT' && s.slices.length > 1 && !hasUnplacedFrames(s) ? [i] : [],
  );
  const ctAssignments = assignPhases(ctIndices.map((i) => inputs[i] as SeriesPhaseInput));
  return members.map((_, i) => {
    const at = ctIndices.indexOf(i);
    return at === -1 ? { phase: 'unknown', source: 'none' } : (ctAssignments[at] as PhaseAssignment);
  });
}

/** The slices whose content is read for the phase: up to 8, spread over the middle third. */
export function contentSlices(series: Series): readonly SliceMeta[] {
  const n = series.slices.length;
  const start = Math.floor(n / 3);
  const end = Math.max(start + 1, Math.ceil((2 * n) / 3));
  const middle = series.slices.slice(start, end);
  if (middle.length <= CONTENT_SLICES) return middle;
  return Array.from(
    { length: CONTENT_SLICES },
    (_, i) => middle[Math.floor(((i + 0.5) * middle.length) / CONTENT_SLICES)] as SliceMeta,
  );
}

export async function phaseInput(
  series: Series,
  files: ReadonlyMap<string, FileSource>,
  decode: SliceDecoder = decodeCoreHu,
): Promise<SeriesPhaseInput> {
  return (await readPhaseInput(series, files, decode)).input;
}

/**
 * The cues for a series' phase, and why its pixels could not be read when they could not (the
 * phase then comes from the headers alone, and the page says which transfer syntax it was).
 * `decode` null: the headers only.
 */
export async function readPhaseInput(
  series: Series,
  files: ReadonlyMap<string, FileSource>,
  decode: SliceDecoder | null,
): Promise<{ input: SeriesPhaseInput; pixelProblem?: string }> {
  const first = series.slices[0];
  const hu: Float32Array[] = [];
  let pixelProblem: string | undefined;
  for (const slice of decode === null ? [] : contentSlices(series)) {
    const source = files.get(slice.fileName);
    if (source === undefined || decode === null) continue;
    try {
      hu.push(await decode(await source.read(), slice));
    } catch (error) {
      // The slices of a series share one encoding: the first failure speaks for them all.
      pixelProblem = errorMessage(error);
      break;
    }
  }
  const input: SeriesPhaseInput = {
    description: series.description,
    acquisitionTime: first?.acquisitionTime,
    contrastBolusAgent: first?.contrastBolusAgent,
    contrastBolusStartTime: first?.contrastBolusStartTime,
    ...(hu.length > 0 && pixelProblem === undefined ? { content: contentStats(hu) } : {}),
  };
  return pixelProblem === undefined ? { input } : { input, pixelProblem };
}

/** The series shown for each phase: the user's choice (by `Series.key`) where made, else the automatic one. */
export function seriesByPhase(
  series: readonly StudySeries[],
  overrides: ReadonlyMap<string, Phase | 'unknown'>,
): Partial<Record<Phase, StudySeries>> {
  const result: Partial<Record<Phase, StudySeries>> = {};
  for (const s of series) {
    // Only CT is ever a phase, whatever a user picks: other images are shown, never classified.
    if (s.series.modality !== 'CT') continue;
    const phase = overrides.get(s.series.key) ?? s.assignment.phase;
    if (phase !== 'unknown' && result[phase] === undefined) result[phase] = s;
  }
  return result;
}

export function missingPhases(byPhase: Partial<Record<Phase, StudySeries>>): Phase[] {
  return PHASES.filter((p) => byPhase[p] === undefined);
}
