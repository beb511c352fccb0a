// A [G, G] grid over the arena read bilinearly at points, as ONE differentiable op with a
// hand-written backward. The cost context reads the wall map and the route field this way at every
// imagined position; written with plain ops, autodiff recorded about twenty of them per read, cloned
// what each saves and ran two to three gradient kernels per op (about 200 kernels per read in a
// planning gradient). The forward here is about 20 kernels off the tape, the backward about 20.
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
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [pts, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const N = pts.shape[0];
    // Each axis on its own [N, G]: the two coordinates are sliced out of the small [N, 2] input.
    // (A [N, 2, G] layout split with gather was 7 ms per read: wasm's GatherV2 costs ~30 ns a value.)
    const centres = tf.reshape(tf.range(0, G, 1, 'float32'), [1, G]);
    const axis = (col: number, size: number) => {
      const cells = tf.sub(tf.mul(tf.slice(pts, [0, col], [N, 1]), G / size), 0.5); // [N, 1]
      const idx = tf.clipByValue(cells, 0, G - 1);
      const diff = tf.sub(idx, centres); // [N, G]
      const inner = tf.sub(1, tf.abs(diff));
      return { cells, idx, diff, inner, w: tf.relu(inner) };
    };
    const ax = axis(0, width);
    const ay = axis(1, height);
    const rowMix = tf.matMul(ay.w, M); // [N, G]: sum_i wy_i M_ij
    const value = tf.sum(tf.mul(rowMix, ax.w), 1) as tf.Tensor1D;
    if (tf.engine().state.gradientDepth > 0) {
      save([ax.cells, ax.idx, ax.diff, ax.inner, ay.cells, ay.idx, ay.diff, ay.inner, ax.w, rowMix, M]);
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xCells, xIdx, xDiff, xInner, yCells, yIdx, yDiff, yInner, wx, sRowMix, sM] =
          saved as tf.Tensor2D[];
        // d w / d idx inside a tent: -sign(idx - j); zero outside it and where the coordinate is clipped.
        const dIdx = (diff: tf.Tensor2D, inner: tf.Tensor2D, mix: tf.Tensor) =>
          tf.sum(tf.mul(mix, tf.mul(tf.neg(tf.sign(diff)), tf.step(inner))), 1, true); // [N, 1]
        const unclipped = (cells: tf.Tensor2D, idx: tf.Tensor2D, size: number) =>
          tf.mul(tf.cast(tf.equal(idx, cells), 'float32'), G / size);
        const gx = tf.mul(dIdx(xDiff!, xInner!, sRowMix!), unclipped(xCells!, xIdx!, width));
        const colMix = tf.matMul(wx!, tf.transpose(sM!)); // [N, G]: sum_j M_ij wx_j
        const gy = tf.mul(dIdx(yDiff!, yInner!, colMix), unclipped(yCells!, yIdx!, height));
        return [tf.mul(tf.concat([gx, gy], 1), tf.reshape(dy, [-1, 1]))];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as unknown as GridSampler;
}
