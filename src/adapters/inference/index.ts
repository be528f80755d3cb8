/** The lesion classifier (tfjs): load(manifestUrl) → classify(), explain(), dispose(); backends and threads. */
export { BACKENDS, isBackendName, type BackendName, type PassedOver } from './backends';
export {
  load,
  type Classification,
  type ExplanationResult,
  type LesionClassifier,
  type LoadOptions,
} from './classifier';
export type { ResilientClassifier } from './resilient';
export { parseThreadsParam } from './wasm-threads';
