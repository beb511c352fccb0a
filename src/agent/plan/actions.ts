// Bounded actions. The world clips |a| to 1, so the planner optimises an unbounded u and maps it
// smoothly into the unit disc: a = u / sqrt(1 + |u|^2). Unlike per-axis tanh this bounds the norm
// (diagonal moves are not faster) and never has a flat clip region where the gradient vanishes.
import { tf } from '../tf/core';

const EPS = 1e-6;

/** u: [..., A] -> a with |a| < 1, differentiable everywhere. */
export function squash(u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n2 = tf.sum(tf.square(u), -1, true);
    return tf.div(u, tf.sqrt(tf.add(n2, 1)));
  });
}

/** Inverse of squash for |a| < 1; norms are first clipped to `maxNorm` so u stays finite. */
export function unsquash(a: tf.Tensor, maxNorm = 0.97): tf.Tensor {
  return tf.tidy(() => {
    const clipped = clipNorm(a, maxNorm);
    const n2 = tf.sum(tf.square(clipped), -1, true);
    return tf.div(clipped, tf.sqrt(tf.maximum(tf.sub(1, n2), EPS)));
  });
}

/** Scales the last axis down to norm <= maxNorm (sampling lives in action space). */
export function clipNorm(a: tf.Tensor, maxNorm = 1): tf.Tensor {
  return tf.tidy(() => {
    const n = tf.sqrt(tf.add(tf.sum(tf.square(a), -1, true), EPS * EPS));
    return tf.mul(a, tf.div(maxNorm, tf.maximum(n, maxNorm)));
  });
}

/** Same mapping as clipNorm for one JS action. */
export function clipAction(ax: number, ay: number, maxNorm = 1): [number, number] {
  const n = Math.hypot(ax, ay);
  if (!Number.isFinite(n)) return [0, 0];
  const k = n > maxNorm ? maxNorm / n : 1;
  return [ax * k, ay * k];
}
