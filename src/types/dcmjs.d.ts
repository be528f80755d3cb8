// dcmjs ships no type declarations; this covers the part of its API the pipeline and the SR writer use.
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>;
  interface DicomDictInstance {
    dict: Record<string, unknown>;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
        naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset;
      };
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: Record<string, unknown>,
        ): { dict: Record<string, unknown>; meta: Record<string, unknown> };
      };
    };
  };
  export default dcmjs;
}
