/** The part of CharLS's Emscripten build (the full one, with the encoder) that the pipeline and its tests use. */
declare module '@cornerstonejs/codec-charls/wasmjs' {
  export interface FrameInfo {
    readonly width: number;
    readonly height: number;
    readonly bitsPerSample: number;
    readonly componentCount: number;
  }
  export interface JpegLSEncoder {
    getDecodedBuffer(frameInfo: FrameInfo): Uint8Array;
    setNearLossless(nearLossless: number): void;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
    delete(): void;
  }
  export interface JpegLSDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getDecodedBuffer(): Uint8Array;
    getFrameInfo(): FrameInfo;
    delete(): void;
  }
  export interface CharlsModule {
    JpegLSEncoder: new () => JpegLSEncoder;
    JpegLSDecoder: new () => JpegLSDecoder;
  }
  const factory: (options?: Record<string, unknown>) => Promise<CharlsModule>;
  export default factory;
}
