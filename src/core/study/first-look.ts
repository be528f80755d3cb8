/**
 * The file shown first while a folder is listed, before any header is read: the middle one, by
 * name, of the first folder holding image files. Exports name a series' files in order (IM0001…,
 * 1-001.dcm) and give each series a folder, so this is usually near the middle of the first
 * series, where the liver is. Any slice will do for a first look: the middle slice of the first
 * whole series replaces it once that series is listed (listing-preview.ts).
 */
import { folderOf } from './listing-preview';
import { isHiddenOrSidecar } from './read-study';

const byNumberInName = new Intl.Collator('en', { numeric: true }).compare;

export function firstLookName(names: readonly string[]): string | null {
  const images = names.filter((name) => !isHiddenOrSidecar(name));
  const first = images[0];
  if (first === undefined) return null;
  const folder = folderOf(first);
  const inFolder = images.filter((name) => folderOf(name) === folder).sort(byNumberInName);
  return inFolder[Math.floor((inFolder.length - 1) / 2)] ?? null;
}
