// A [G, G] grid over the arena read bilinearly at points, as ONE differentiable op with a
// hand-written backward. The cost context reads the wall map and the route field this way at every
// imagined position; written with plain ops, autodiff recorded about twenty of them per read, cloned
// what each saves and ran two to three gradient kernels per op (about 200 kernels per read in a
// planning gradient). The forward here is 13 kernels off the tape, the backward 17.
import { tf } from '../tf/core';

/** Reads a grid at points [N, 2] (m): [N]. Differentiable in the points, not in the grid. */
export type GridSampler = (pts: tf.Tensor2D) => tf.Tensor1D;

/**
 * M [G, G] (row = y cell) over a width x height arena. Each coordinate u is mapped to cell units
 * idx = clip(u / cell - 0.5, 0, G - 1) and spread over the cell centres by tent weights
 * max(0, 1 - |idx - j|); the value is sum_ij wy_i M_ij wx_j. The gradient is that of the formula:
 * zero where a coordinate is clipped, -sign(idx - j) inside a tent. M must outlive the gradient
 * (the planner's wall map and route field live for the whole plan). Call inside tf.tidy.
 */
export function gridSampler(M: tf.Tensor2D, width: number, height: number): GridSampler {
  const G = M.shape[0];
  // Made where they are used: a tensor made here would belong to the caller's scope, which a
  // gradient's forward pass disposes before the backward runs. M itself is saved for the backward.
  const scale = () => tf.tensor1d([G / width, G / height]);
  const x = () => tf.scalar(0, 'int32');
  const y = () => tf.scalar(1, 'int32');
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [pts, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const N = pts.shape[0];
    const centres = tf.reshape(tf.range(0, G, 1, 'float32'), [1, 1, G]);
    const cells = tf.sub(tf.mul(pts, scale()), 0.5); // [N, 2]
    const idx = tf.clipByValue(cells, 0, G - 1);
    const diff = tf.sub(tf.reshape(idx, [N, 2, 1]), centres); // [N, 2, G]
    const inner = tf.sub(1, tf.abs(diff));
    const w = tf.relu(inner);
    const wx = tf.gather(w, x(), 1) as tf.Tensor2D; // [N, G]
    const wy = tf.gather(w, y(), 1) as tf.Tensor2D;
    const rowMix = tf.matMul(wy, M); // [N, G]: sum_i wy_i M_ij
    const value = tf.sum(tf.mul(rowMix, wx), 1) as tf.Tensor1D;
    if (tf.engine().state.gradientDepth > 0) save([cells, idx, diff, inner, wx, rowMix, M]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sCells, sIdx, sDiff, sInner, sWx, sRowMix, sM] = saved as [
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor3D,
          tf.Tensor3D,
          tf.Tensor2D,
          tf.Tensor2D,
        ];
        // d w / d idx inside a tent: -sign(idx - j); zero outside it.
        const dw = tf.mul(tf.neg(tf.sign(sDiff)), tf.step(sInner)); // [N, 2, G]
        const gx = tf.sum(tf.mul(sRowMix, tf.gather(dw, x(), 1)), 1); // [N]
        const colMix = tf.matMul(sWx, tf.transpose(sM)); // [N, G]: sum_j M_ij wx_j
        const gy = tf.sum(tf.mul(colMix, tf.gather(dw, y(), 1)), 1);
        const unclipped = tf.cast(tf.equal(sIdx, sCells), 'float32'); // [N, 2]
        const g = tf.mul(tf.mul(tf.stack([gx, gy], 1), tf.mul(unclipped, scale())), tf.reshape(dy, [-1, 1]));
        return [g];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as GridSampler;
}
