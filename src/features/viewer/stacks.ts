import type { BrowserFileSource } from '../../adapters/files';
import { imageIdForFile, imageIdForFrame, type PhaseStack } from '../../adapters/cornerstone';
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { PHASES, type Phase } from '../../core/labels';
import type { StudySeries } from '../../core/study/read-study';
import { slicePositions } from '../../core/viewer/slice-position';

/** The stack each shown phase displays: its slices' files registered with the image loader. */
export function buildStacks(
  byPhase: Partial<Record<Phase, StudySeries>>,
  sources: ReadonlyMap<string, BrowserFileSource>,
): PhaseStack[] {
  return PHASES.flatMap((phase): PhaseStack[] => {
    const entry = byPhase[phase];
    const orientation = entry?.series.slices[0]?.imageOrientationPatient;
    if (entry === undefined || entry.series.normal === undefined || orientation === undefined) return [];
    const imageIds = imageIdsFor(entry.series.slices, sources);
    return [
      {
        phase,
        series: entry.series,
        imageIds,
        positions: slicePositions(entry.series),
        normal: entry.series.normal,
        plane: { row: orientation[0], column: orientation[1] },
      },
    ];
  });
}

/** One image id per image, in order: each file registered once, a multi-frame file's frames each an id of their own. */
export function imageIdsFor(slices: readonly SliceMeta[], sources: ReadonlyMap<string, BrowserFileSource>): string[] {
  const fileIds = new Map<string, string>();
  return slices.map((slice) => {
    const source = sources.get(slice.fileName);
    if (source === undefined) throw new Error(`file ${slice.fileName} is no longer open`);
    let fileId = fileIds.get(slice.fileName);
    if (fileId === undefined) {
      fileId = imageIdForFile(source.viewerFile ?? source.file);
      fileIds.set(slice.fileName, fileId);
    }
    return slice.numberOfFrames === 1 ? fileId : imageIdForFrame(fileId, slice.frame);
  });
}
