// A small fixed context to try a compiled formula on before it is accepted: each quantity over a
// plausible range, one row at the edges (where `1/speed` or `log(hazard)` blow up), one random.
// Fixed seed, so the same text is always accepted or always rejected.

import { mulberry32 } from '../../model/rng';
import { tf } from '../../tf/core';
import { type CostContext, QUANTITIES, type QuantityName } from '../context';

/**
 * Plausible ranges in the built-in scenarios: a 10 x 10 m arena, top speed maxAccel / damping =
 * 2.5 m/s, actions in the unit disc; the latent goal distance has no units, 0..5 covers it.
 */
const RANGES: Partial<Record<QuantityName, readonly [number, number]>> = {
  x: [0, 10],
  y: [0, 10],
  vx: [-3, 3],
  vy: [-3, 3],
  speed: [0, 3],
  goalDist: [0, 5],
  goalPosDist: [0, 14],
  wallDist: [0, 5],
  hazard: [0, 1],
  ax: [-1, 1],
  ay: [-1, 1],
  dax: [-2, 2],
  day: [-2, 2],
};
/** Quantities added to context.ts later get this range until someone gives them a better one. */
const DEFAULT_RANGE = [-1, 1] as const;

export const PROBE_K = 2;
export const PROBE_H = 3;

/** Plain numbers for each quantity, row-major [K, H]. */
export function probeValues(seed = 7): Record<QuantityName, Float32Array> {
  const rand = mulberry32(seed);
  const out = {} as Record<QuantityName, Float32Array>;
  for (const name of Object.keys(QUANTITIES) as QuantityName[]) {
    const v = new Float32Array(PROBE_K * PROBE_H);
    if (name === 't') {
      for (let i = 0; i < v.length; i++) v[i] = (i % PROBE_H) + 1;
    } else {
      const [lo, hi] = RANGES[name] ?? DEFAULT_RANGE;
      const mid = lo < 0 && hi > 0 ? 0 : (lo + hi) / 2;
      v.set([lo, mid, hi]);
      for (let i = PROBE_H; i < v.length; i++) v[i] = lo + (hi - lo) * rand();
    }
    out[name] = v;
  }
  return out;
}

/** The probe values as a CostContext; call inside tf.tidy. */
export function probeContext(values = probeValues()): CostContext {
  const tensors = {} as Record<QuantityName, tf.Tensor2D>;
  for (const name of Object.keys(values) as QuantityName[]) {
    tensors[name] = tf.tensor2d(values[name], [PROBE_K, PROBE_H]);
  }
  return { ...tensors, K: PROBE_K, H: PROBE_H };
}
