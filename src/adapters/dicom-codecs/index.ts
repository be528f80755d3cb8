/** A slice's HU in any transfer syntax the page reads, decoded once per open study, and files the viewer can read. */
export { decodeSliceHu, inflateRaw } from './decode-slice';
export { DECODED_SLICES_BUDGET, decodedSlices, type DecodedSlices, type HuSlice } from './decoded-slices';
export { withViewerFiles } from './viewer-files';
