// Dense layers with frozen weights for planning. While the planner optimises actions the weights
// are constants: only the input gradient is needed. The shared fast matMul (tf/ops.ts) still
// computes the weight gradient in its custom gradient; this one closes over W and a transposed
// copy made once, so the backward pass is one untransposed matMul (XNNPACK on wasm).
import { tf } from '../tf/core';

export interface FrozenDense {
  /** x: [B, in] -> [B, out]; gradient flows to x only. */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Snapshots W [in, out] and b [out]; call again after the weights change (training). */
export function freezeDense(w: tf.Tensor2D, b?: tf.Tensor1D): FrozenDense {
  const W = tf.keep(tf.clone(w));
  const WT = tf.keep(tf.transpose(w));
  const B = b ? tf.keep(tf.clone(b)) : null;
  const mm = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    return {
      value: tf.matMul(x, W),
      gradFunc: (dy: tf.Tensor) => [tf.matMul(dy as tf.Tensor2D, WT)],
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;
  return {
    apply: (x) => (B ? tf.add(mm(x), B) : mm(x)),
    dispose: () => {
      W.dispose();
      WT.dispose();
      B?.dispose();
    },
  };
}
