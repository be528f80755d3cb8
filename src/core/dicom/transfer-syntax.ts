/**
 * The DICOM transfer syntaxes CT arrives in, and how each is read: native pixels (src/core reads
 * them), a deflated data set (inflated first, then native), or encapsulated frames (a codec in
 * src/adapters decodes them). Names are what the page shows when it says why pixels cannot be read.
 */

export type PixelEncoding = 'native' | 'deflated' | 'encapsulated';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly encoding: PixelEncoding;
  /** Native pixels stored most significant byte first. */
  readonly bigEndian?: true;
  /** The codec may change values: decoded HU are near, not equal to, the scanner's. */
  readonly lossy?: true;
  /** This build decodes the pixels (the viewer and the classifier read them). */
  readonly decoded: boolean;
}

export const IMPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

const SYNTAXES: readonly TransferSyntax[] = [
  { uid: IMPLICIT_LITTLE_ENDIAN, name: 'Implicit VR Little Endian', encoding: 'native', decoded: true },
  { uid: EXPLICIT_LITTLE_ENDIAN, name: 'Explicit VR Little Endian', encoding: 'native', decoded: true },
  { uid: DEFLATED_LITTLE_ENDIAN, name: 'Deflated Explicit VR Little Endian', encoding: 'deflated', decoded: true },
  {
    uid: EXPLICIT_BIG_ENDIAN,
    name: 'Explicit VR Big Endian',
    encoding: 'native',
    bigEndian: true,
    decoded: true,
  },
  {
    uid: '1.2.840.10008.1.2.4.50',
    name: 'JPEG Baseline (8-bit)',
    encoding: 'encapsulated',
    lossy: true,
    decoded: true,
  },
  {
    uid: '1.2.840.10008.1.2.4.51',
    name: 'JPEG Extended (12-bit)',
    encoding: 'encapsulated',
    lossy: true,
    decoded: true,
  },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless (Process 14)', encoding: 'encapsulated', decoded: true },
  {
    uid: '1.2.840.10008.1.2.4.70',
    name: 'JPEG Lossless (first-order prediction)',
    encoding: 'encapsulated',
    decoded: true,
  },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encoding: 'encapsulated', decoded: true },
  {
    uid: '1.2.840.10008.1.2.4.81',
    name: 'JPEG-LS Near-Lossless',
    encoding: 'encapsulated',
    lossy: true,
    decoded: true,
  },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless', encoding: 'encapsulated', decoded: true },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', encoding: 'encapsulated', lossy: true, decoded: true },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'encapsulated', decoded: true },
  // Known, but not decoded here: no codec in this build was checked against an encoder for them.
  {
    uid: '1.2.840.10008.1.2.4.92',
    name: 'JPEG 2000 Part 2 Multi-component Lossless',
    encoding: 'encapsulated',
    decoded: false,
  },
  {
    uid: '1.2.840.10008.1.2.4.93',
    name: 'JPEG 2000 Part 2 Multi-component',
    encoding: 'encapsulated',
    lossy: true,
    decoded: false,
  },
  { uid: '1.2.840.10008.1.2.4.201', name: 'HTJ2K Lossless', encoding: 'encapsulated', decoded: false },
  { uid: '1.2.840.10008.1.2.4.203', name: 'HTJ2K', encoding: 'encapsulated', lossy: true, decoded: false },
  { uid: '1.2.840.10008.1.2.4.110', name: 'JPEG XL Lossless', encoding: 'encapsulated', decoded: false },
  { uid: '1.2.840.10008.1.2.4.112', name: 'JPEG XL', encoding: 'encapsulated', lossy: true, decoded: false },
  { uid: '1.2.840.10008.1.2.4.100', name: 'MPEG-2 video', encoding: 'encapsulated', lossy: true, decoded: false },
  { uid: '1.2.840.10008.1.2.4.102', name: 'MPEG-4 video', encoding: 'encapsulated', lossy: true, decoded: false },
];

const BY_UID = new Map(SYNTAXES.map((s) => [s.uid, s]));

/** What is known about `uid`; an unknown UID is taken as encapsulated and not decodable. */
export function transferSyntax(uid: string): TransferSyntax {
  return BY_UID.get(uid) ?? { uid, name: 'an unknown transfer syntax', encoding: 'encapsulated', decoded: false };
}

/** "JPEG-LS Lossless (1.2.840.10008.1.2.4.80)": how messages name a syntax. */
export function describeTransferSyntax(uid: string): string {
  return `${transferSyntax(uid).name} (${uid})`;
}

/** Pixels that could not be decoded, with the transfer syntax they are in. */
export class PixelDecodeError extends Error {
  constructor(
    readonly transferSyntaxUid: string,
    reason: string,
  ) {
    super(`${describeTransferSyntax(transferSyntaxUid)}: ${reason}`);
    this.name = 'PixelDecodeError';
  }
}
