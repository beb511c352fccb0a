import { tf } from './core';

/**
 * matMul whose gradient uses only plain (untransposed) matMuls.
 *
 * tfjs-backend-wasm 4.22 sends a matMul to XNNPACK only when neither transposeA nor transposeB is
 * set; the built-in gradient sets them, so every backward matMul falls to a slow loop (about 5x
 * slower, shared/FIELD-NOTES.md). Transposing explicitly first keeps the backward pass on the fast path.
 * On other backends this costs one transpose per gradient and changes nothing else.
 */
export const matMul = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  const value = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
    const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
    return [tf.matMul(dy as tf.Tensor2D, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy as tf.Tensor2D)];
  };
  return { value, gradFunc };
}) as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** Identity forward, zero gradient: tfjs has no stop-gradient op. */
export const stopGradient = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as Parameters<typeof tf.customGrad>[0]) as unknown as <T extends tf.Tensor>(x: T) => T;

/** y = x W + b with the fast-gradient matMul. x: [B, in], w: [in, out], b: [out]. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  const y = matMul(x, w);
  return b ? tf.add(y, b) : y;
}
