// Frames to latents with a frozen encoder, in batches: shared by the tools that learn on latents.
import type { WorldModelLearner } from '../src/agent/model/learner';
import { tf } from '../src/agent/tf/core';

/** Encodes frames [n, C, S, S] in batches with the frozen encoder. */
export function encodeAll(
  learner: WorldModelLearner,
  images: Float32Array[],
  proprio: Float32Array[],
): Float32Array {
  const D = learner.latentDim;
  const n = images.length;
  const CSS = images[0]!.length;
  const S = Math.round(Math.sqrt(CSS / learner.config.channels));
  const P = proprio[0]!.length;
  const out = new Float32Array(n * D);
  for (let i = 0; i < n; i += 128) {
    const m = Math.min(128, n - i);
    const ib = new Float32Array(m * CSS);
    const pb = new Float32Array(m * P);
    for (let j = 0; j < m; j++) {
      ib.set(images[i + j]!, j * CSS);
      pb.set(proprio[i + j]!, j * P);
    }
    const z = tf.tidy(
      () =>
        learner
          .encode(tf.tensor4d(ib, [m, learner.config.channels, S, S]), tf.tensor2d(pb, [m, P]))
          .dataSync() as Float32Array,
    );
    out.set(z, i * D);
  }
  return out;
}
