/**
 * While a folder is listed, the first series that can be shown before the rest is read. Exports
 * put each series in a folder of its own, so a series counts as whole once every folder holding
 * its files is listed and no file listed elsewhere belongs to it. (A file of it still unlisted in
 * another folder would be missing from the preview only: the study shown after the listing is
 * built from every file.) A flat folder completes only at the end: no preview then.
 */
import { groupSeries, hasUnplacedFrames, type Series } from '../dicom/series';
import type { SliceMeta } from '../dicom/slice-meta';

/** The folder part of a listed file's name ('' for a file at the top). */
export const folderOf = (name: string): string => name.slice(0, Math.max(0, name.lastIndexOf('/')));

export class ListingPreview {
  private readonly unlisted = new Map<string, number>();
  private readonly slices = new Map<string, SliceMeta[]>();
  private readonly seen = new Set<string>();
  private found = false;

  constructor(names: readonly string[]) {
    for (const name of names) this.unlisted.set(folderOf(name), (this.unlisted.get(folderOf(name)) ?? 0) + 1);
  }

  /**
   * Notes a listed file (`images` empty for a file that is no image). Returns a series the first
   * time one is whole, null otherwise; it is looked for only when a folder completes.
   */
  listed(name: string, images: readonly SliceMeta[]): Series | null {
    if (this.seen.has(name)) return null;
    this.seen.add(name);
    const folder = folderOf(name);
    const left = (this.unlisted.get(folder) ?? 0) - 1;
    this.unlisted.set(folder, left);
    const held = this.slices.get(folder);
    if (held === undefined) this.slices.set(folder, [...images]);
    else held.push(...images);
    if (this.found || left > 0) return null;
    const complete = [...this.slices].filter(([f]) => this.unlisted.get(f) === 0);
    const elsewhere = new Set(
      [...this.slices]
        .filter(([f]) => this.unlisted.get(f) !== 0)
        .flatMap(([, s]) => s.map((x) => x.seriesInstanceUid)),
    );
    const series = groupSeries(complete.flatMap(([, s]) => s)).find(
      (s) => s.modality === 'CT' && s.slices.length > 1 && !hasUnplacedFrames(s) && !elsewhere.has(s.seriesInstanceUid),
    );
    if (series === undefined) return null;
    this.found = true;
    return series;
  }
}
