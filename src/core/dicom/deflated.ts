/**
 * Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): everything after the file meta
 * header is raw-deflated. dicom-parser can inflate only with Node's zlib and only a Node Buffer,
 * and a browser has no synchronous inflater at all: so the caller inflates first with whatever
 * async inflater it has (`InflateRaw`) and hands the parser the result. The parser's offsets
 * (SliceMeta.pixelData) then point into the meta header followed by the inflated data set.
 */
import dicomParser from 'dicom-parser';
import { DEFLATED_LITTLE_ENDIAN, EXPLICIT_LITTLE_ENDIAN } from './transfer-syntax';

/** An async raw-inflate (RFC 1951), e.g. DecompressionStream('deflate-raw') in the browser. */
export type InflateRaw = (deflated: Uint8Array) => Promise<Uint8Array>;

/** Where the deflated data set starts (the end of the meta header); null when the file is not deflated. */
export function deflatedDataSetStart(bytes: Uint8Array): number | null {
  let header: dicomParser.DataSet;
  let syntax: string | undefined;
  try {
    header = dicomParser.readPart10Header(bytes);
    // In a file cut inside its meta header the element runs past the end: reading it throws.
    syntax = header.string('x00020010');
  } catch {
    return null;
  }
  if (syntax?.replace(/\0/g, '').trim() !== DEFLATED_LITTLE_ENDIAN) return null;
  return Math.max(...Object.values(header.elements).map((e) => e.dataOffset + e.length));
}

/** The meta header followed by the inflated data set. */
export function joinInflated(bytes: Uint8Array, start: number, inflated: Uint8Array): Uint8Array {
  const joined = new Uint8Array(start + inflated.length);
  joined.set(bytes.subarray(0, start), 0);
  joined.set(inflated, start);
  return joined;
}

/** The bytes a deflated file's SliceMeta offsets point into, inflated with `inflate`; other files as they are. */
export async function inflatedFile(bytes: Uint8Array, inflate: InflateRaw): Promise<Uint8Array> {
  const start = deflatedDataSetStart(bytes);
  return start === null ? bytes : joinInflated(bytes, start, await inflate(bytes.subarray(start)));
}

/**
 * An inflated file (`inflatedFile`) relabelled Explicit VR Little Endian: the same data set under
 * a meta header that no longer says deflated, for readers that cannot inflate (Cornerstone 5.14
 * reads local files' metadata without inflating: a deflated file renders black).
 */
export function asExplicitLittleEndian(inflated: Uint8Array): Uint8Array {
  const header = dicomParser.readPart10Header(inflated);
  const syntax = header.elements.x00020010;
  const groupLength = header.elements.x00020000;
  if (syntax === undefined || groupLength === undefined) throw new Error('no transfer syntax in the meta header');
  const value = new TextEncoder().encode(`${EXPLICIT_LITTLE_ENDIAN}\0`); // UI values pad to even length with NUL
  const shrink = syntax.length - value.length;
  const out = new Uint8Array(inflated.length - shrink);
  // The element's 2-byte length sits just before its value (explicit VR, short form, as UI is).
  out.set(inflated.subarray(0, syntax.dataOffset - 2), 0);
  const view = new DataView(out.buffer);
  view.setUint16(syntax.dataOffset - 2, value.length, true);
  out.set(value, syntax.dataOffset);
  out.set(inflated.subarray(syntax.dataOffset + syntax.length), syntax.dataOffset + value.length);
  view.setUint32(groupLength.dataOffset, view.getUint32(groupLength.dataOffset, true) - shrink, true);
  return out;
}

/** Options for dicomParser.parseDicom that use bytes already inflated (`inflatedFile`). */
export function parserOptions(inflated: Uint8Array | undefined): dicomParser.ParseDicomOptions | undefined {
  return inflated === undefined ? undefined : { inflater: () => inflated };
}
