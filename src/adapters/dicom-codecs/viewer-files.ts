/**
 * What Cornerstone's loader is given for each file. Cornerstone 5.14 reads a local file's
 * metadata without inflating it, so a deflated file (1.2.840.10008.1.2.1.99) renders black; it
 * gets the same data set inflated and relabelled explicit little endian instead. The classifier
 * keeps reading the original file (`read()`), with the offsets its metadata was parsed with.
 */
import { asExplicitLittleEndian, inflatedFile } from '../../core/dicom/deflated';
import type { SliceMeta } from '../../core/dicom/slice-meta';
import { transferSyntax } from '../../core/dicom/transfer-syntax';
import type { BrowserFileSource } from '../files/browser-files';
import { inflateRaw } from './decode-slice';

/** `sources`, each deflated one among `slices` with a `viewerFile` the loader can read. */
export async function withViewerFiles(
  sources: readonly BrowserFileSource[],
  slices: readonly SliceMeta[],
): Promise<readonly BrowserFileSource[]> {
  const deflated = new Set(
    slices.filter((s) => transferSyntax(s.transferSyntaxUid).encoding === 'deflated').map((s) => s.fileName),
  );
  if (deflated.size === 0) return sources;
  const out: BrowserFileSource[] = [];
  for (const source of sources) {
    if (!deflated.has(source.name)) {
      out.push(source);
      continue;
    }
    const relabelled = asExplicitLittleEndian(await inflatedFile(await source.read(), inflateRaw));
    out.push({ ...source, viewerFile: new Blob([new Uint8Array(relabelled)], { type: 'application/dicom' }) });
  }
  return out;
}
