// Checkpoint <-> learner. Loading parses and validates everything first, so a bad file throws and
// the running learner keeps its weights.
import type { ModelConfig } from '../model/config';
import { WorldModelLearner } from '../model/learner';
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from './format';

export function saveLearner(
  learner: WorldModelLearner,
  extra: { metrics?: Checkpoint['metrics']; meta?: Checkpoint['meta'] } = {},
): ArrayBuffer {
  return encodeCheckpoint({
    config: learner.config,
    weights: learner.exportWeights(),
    metrics: { steps: learner.step, ...(extra.metrics ?? {}) },
    meta: extra.meta ?? {},
  });
}

/** Loads into an existing learner with the same config; throws (learner untouched) on any problem. */
export function loadIntoLearner(learner: WorldModelLearner, bytes: ArrayBuffer | Uint8Array): Checkpoint {
  const ckpt = decodeCheckpoint(bytes);
  learner.importWeights(ckpt.weights, ckpt.config);
  return ckpt;
}

/** A new learner built from the checkpoint's own config. */
export function learnerFromCheckpoint(
  bytes: ArrayBuffer | Uint8Array,
  overrides: Partial<Pick<ModelConfig, 'learningRate' | 'weights'>> = {},
): { learner: WorldModelLearner; checkpoint: Checkpoint } {
  const checkpoint = decodeCheckpoint(bytes);
  const learner = new WorldModelLearner({ ...checkpoint.config, ...overrides });
  try {
    learner.importWeights(checkpoint.weights);
  } catch (e) {
    learner.dispose();
    throw e;
  }
  return { learner, checkpoint };
}
