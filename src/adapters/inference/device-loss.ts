/**
 * Passes that survive a lost GPU device (a driver reset, a GPU process crash, a laptop switching
 * GPUs): the lost backend is left for good, the model loaded on the next one, and a pass the loss
 * broke is run again there. One recovery however many requests notice the loss.
 */
import * as tf from '@tensorflow/tfjs-core';
import { delay } from '../../core/delay';
import type { BackendName } from './backends';
import { loadOnBackend, passOn, type Loaded, type ModelSource } from './load-on-backend';

/** How long a failed read waits for the device to report its loss, if that is why it failed. */
const LOSS_GRACE_MS = 1000;

export interface LossSurvivingModel {
  /** The model on the backend now in use. */
  readonly current: Loaded;
  /** What happened, once the model has left a lost backend. */
  readonly fallback: string | undefined;
  pass(batch: Float32Array): Promise<number[][]>;
}

export function survivingDeviceLoss(first: Loaded, source: ModelSource): LossSurvivingModel {
  let current = first;
  const lostBackends: BackendName[] = [];
  let fallback: string | undefined;
  let recovering: Promise<void> | null = null;

  const leaveLostBackend = async (): Promise<void> => {
    const from = current.backend;
    const reason = current.lost ?? 'unknown';
    lostBackends.push(from);
    try {
      current.model.dispose();
    } catch {
      // Its tensors lived on the lost device; there is nothing left to free.
    }
    try {
      tf.removeBackend(from);
    } catch {
      // Same: a lost device cannot be cleaned up, only left.
    }
    current = await loadOnBackend(source, undefined, lostBackends);
    fallback = `the ${from} device was lost (${reason}); the model now runs on ${current.backend}`;
  };

  const fallBack = (): Promise<void> => {
    recovering ??= leaveLostBackend().finally(() => {
      recovering = null;
    });
    return recovering;
  };

  return {
    get current() {
      return current;
    },
    get fallback() {
      return fallback;
    },
    pass: async (batch) => {
      if (recovering !== null) await recovering;
      if (current.lost !== null) await fallBack();
      try {
        return await passOn(current, batch, source.shape);
      } catch (error) {
        // A read may fail a moment before the device reports its loss.
        if (current.whenLost !== null) await Promise.race([current.whenLost, delay(LOSS_GRACE_MS)]);
        if (recovering !== null) await recovering;
        else if (current.lost === null) throw error;
        else await fallBack();
        return passOn(current, batch, source.shape);
      }
    },
  };
}
