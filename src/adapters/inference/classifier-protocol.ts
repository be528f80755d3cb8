/** Messages between the page and the classifier worker. */
import type { Explanation } from '../../core/explain/explain';
import type { ModelManifest } from '../../core/model/manifest';
import type { BackendName, PassedOver } from './backends';

export type ClassifierRequest =
  | {
      readonly type: 'load';
      readonly manifestUrl: string;
      readonly backend: BackendName | undefined;
      readonly threads: number | undefined;
    }
  | { readonly type: 'classify'; readonly id: number; readonly input: Float32Array }
  | { readonly type: 'explain'; readonly id: number; readonly input: Float32Array; readonly output: number }
  | { readonly type: 'cancel'; readonly id: number }
  /** Explanations pause between passes while held (LesionClassifier.hold). */
  | { readonly type: 'hold'; readonly held: boolean };

export type ClassifierReply =
  | {
      readonly type: 'ready';
      readonly manifest: ModelManifest;
      readonly backend: BackendName;
      readonly passedOver: readonly PassedOver[];
      readonly threads: number;
    }
  | { readonly type: 'load-failed'; readonly message: string }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly probabilities: number[];
      readonly ms: number;
      readonly backend: BackendName;
      readonly fallback?: string;
    }
  | {
      readonly type: 'explained';
      readonly id: number;
      readonly explanation: Explanation;
      readonly ms: number;
      readonly backend: BackendName;
    }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
