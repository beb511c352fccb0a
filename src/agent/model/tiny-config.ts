// The smallest model config the tests train and serialise in a few milliseconds (valid: latentDim
// exceeds proprioDim + 2 * keypoints, inputSize is a multiple of patchSize).
import type { ModelConfig } from './config';

export const TINY_MODEL: Partial<ModelConfig> = {
  keypoints: 2,
  inputSize: 16,
  patchSize: 4,
  patchDim: 8,
  hiddenDim: 16,
  latentDim: 8,
  predictorHidden: 16,
  probeHidden: 8,
  rollout: 2,
};
