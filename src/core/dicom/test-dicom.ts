/**
 * Small DICOM files built byte by byte for tests: any native transfer syntax (implicit or
 * explicit VR little endian, explicit big endian), or encapsulated frames given as fragments.
 * Written independently of dicom-parser, so a test reads back what was meant, not what the
 * parser happens to agree with.
 */
import { patientMm } from '../geometry';
import type { SliceMeta } from './slice-meta';
import { EXPLICIT_BIG_ENDIAN, IMPLICIT_LITTLE_ENDIAN, transferSyntax } from './transfer-syntax';

export interface TestImage {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly rescaleSlope?: number;
  readonly rescaleIntercept?: number;
  /** Stored values, frame after frame (rows × columns each). */
  readonly frames: readonly (readonly number[])[];
  readonly samplesPerPixel?: number;
}

interface Element {
  readonly group: number;
  readonly element: number;
  readonly vr: string;
  readonly value: Uint8Array;
  /** Undefined length (encapsulated pixel data): the value already holds items and delimiter. */
  readonly undefinedLength?: boolean;
}

const text = (value: string, pad = ' '): Uint8Array => {
  const even = value.length % 2 === 0 ? value : value + pad;
  return new TextEncoder().encode(even);
};

function numbers(values: readonly number[], size: 2 | 4, little: boolean): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    if (size === 2) view.setUint16(i * 2, v & 0xffff, little);
    else view.setUint32(i * 4, v >>> 0, little);
  });
  return out;
}

/** Stored values in `bitsAllocated`-bit words (two's complement for negatives). */
function nativePixels(image: TestImage, little: boolean): Uint8Array {
  const values = image.frames.flat();
  if (image.bitsAllocated === 8) return Uint8Array.from(values, (v) => v & 0xff);
  return numbers(values, image.bitsAllocated === 16 ? 2 : 4, little);
}

/** Items of an encapsulated pixel data element: an empty offset table, one fragment each, the delimiter. */
function encapsulate(fragments: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  // Item (FFFE,E000) tags, group then element, little endian as encapsulated data always is.
  parts.push(numbers([0xfffe, 0xe000], 2, true), numbers([0], 4, true));
  for (const fragment of fragments) {
    const padded = fragment.length % 2 === 0 ? fragment : Uint8Array.from([...fragment, 0]);
    parts.push(numbers([0xfffe, 0xe000], 2, true), numbers([padded.length], 4, true), padded);
  }
  parts.push(numbers([0xfffe, 0xe0dd], 2, true), numbers([0], 4, true));
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function writeElement(e: Element, explicit: boolean, little: boolean): Uint8Array {
  const length = e.undefinedLength === true ? 0xffffffff : e.value.length;
  const tag = numbers([e.group, e.element], 2, little);
  if (!explicit) return concat([tag, numbers([length], 4, little), e.value]);
  const vr = new TextEncoder().encode(e.vr);
  if (LONG_VRS.has(e.vr)) return concat([tag, vr, new Uint8Array(2), numbers([length], 4, little), e.value]);
  return concat([tag, vr, numbers([length], 2, little), e.value]);
}

/**
 * A CT file in `syntaxUid`. For a native syntax the frames are written as pixel data; for an
 * encapsulated one pass `fragments` (one per frame), already encoded.
 */
export function buildDicom(
  image: TestImage,
  syntaxUid: string,
  fragments?: readonly Uint8Array[],
  extra: readonly { tag: [number, number]; vr: string; value: string }[] = [],
): Uint8Array {
  const syntax = transferSyntax(syntaxUid);
  const little = syntaxUid !== EXPLICIT_BIG_ENDIAN;
  const explicit = syntaxUid !== IMPLICIT_LITTLE_ENDIAN;
  const sopClass = '1.2.840.10008.5.1.4.1.1.2';
  const sopInstance = '2.25.1001';
  const us = (group: number, element: number, v: number): Element => ({
    group,
    element,
    vr: 'US',
    value: numbers([v], 2, little),
  });
  const str = (group: number, element: number, vr: string, v: string): Element => ({
    group,
    element,
    vr,
    value: text(v, vr === 'UI' ? '\0' : ' '),
  });
  const pixelValue = syntax.encoding === 'encapsulated' ? encapsulate(fragments ?? []) : nativePixels(image, little);
  const pixelVr = syntax.encoding === 'encapsulated' || image.bitsAllocated === 8 ? 'OB' : 'OW';
  const dataSet: Element[] = [
    str(0x0008, 0x0016, 'UI', sopClass),
    str(0x0008, 0x0018, 'UI', sopInstance),
    str(0x0008, 0x0060, 'CS', 'CT'),
    str(0x0020, 0x000d, 'UI', '2.25.1'),
    str(0x0020, 0x000e, 'UI', '2.25.2'),
    us(0x0028, 0x0002, image.samplesPerPixel ?? 1),
    str(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    ...(image.frames.length > 1 ? [str(0x0028, 0x0008, 'IS', String(image.frames.length))] : []),
    us(0x0028, 0x0010, image.rows),
    us(0x0028, 0x0011, image.columns),
    us(0x0028, 0x0100, image.bitsAllocated),
    us(0x0028, 0x0101, image.bitsStored),
    us(0x0028, 0x0102, image.bitsStored - 1),
    us(0x0028, 0x0103, image.pixelRepresentation),
    str(0x0028, 0x1052, 'DS', String(image.rescaleIntercept ?? 0)),
    str(0x0028, 0x1053, 'DS', String(image.rescaleSlope ?? 1)),
    ...extra.map((x) => str(x.tag[0], x.tag[1], x.vr, x.value)),
    {
      group: 0x7fe0,
      element: 0x0010,
      vr: pixelVr,
      value: pixelValue,
      undefinedLength: syntax.encoding === 'encapsulated',
    },
  ].sort((a, b) => a.group - b.group || a.element - b.element);
  const metaElements: Element[] = [
    { group: 0x0002, element: 0x0001, vr: 'OB', value: Uint8Array.from([0, 1]) },
    str(0x0002, 0x0002, 'UI', sopClass),
    str(0x0002, 0x0003, 'UI', sopInstance),
    str(0x0002, 0x0010, 'UI', syntaxUid),
  ];
  // The meta header is always explicit VR little endian.
  const meta = concat(metaElements.map((e) => writeElement(e, true, true)));
  const groupLength = writeElement(
    { group: 0x0002, element: 0x0000, vr: 'UL', value: numbers([meta.length], 4, true) },
    true,
    true,
  );
  const body = concat(dataSet.map((e) => writeElement(e, explicit, little)));
  return concat([new Uint8Array(128), new TextEncoder().encode('DICM'), groupLength, meta, body]);
}

/** A SliceMeta as the parser would return it for one axial CT slice at `z`; `overrides` change any field. */
export function fakeSlice(overrides: Partial<SliceMeta> & { z?: number }): SliceMeta {
  const { z = 0, ...rest } = overrides;
  return {
    fileName: `f${z}`,
    sopInstanceUid: `1.${z}`,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    studyInstanceUid: '1.1',
    seriesInstanceUid: '1.1.1',
    frameOfReferenceUid: '1.9',
    modality: 'CT',
    seriesNumber: 2,
    seriesDescription: 'PV',
    instanceNumber: undefined,
    imagePositionPatient: patientMm(0, 0, z),
    imageOrientationPatient: [
      [1, 0, 0],
      [0, 1, 0],
    ],
    pixelSpacing: [0.7, 0.7],
    sliceThickness: 2.5,
    rows: 512,
    columns: 512,
    numberOfFrames: 1,
    frame: 0,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    acquisitionTime: undefined,
    acquisitionNumber: undefined,
    contrastBolusAgent: undefined,
    contrastBolusStartTime: undefined,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 1,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    pixelData: { offset: 0, length: 0 },
    ...rest,
  };
}
