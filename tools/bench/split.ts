// What it costs to cut a [H, ...] tensor into its H pieces, three ways: the fused rollout does this
// for every step's action and gradient, and on wasm the ways differ by 4-30x (docs/BENCHMARKS.md,
// session 7). Host backends only (wasm, cpu): the third way reads the values back.
import { tf } from '../../src/agent/tf/core';
import { round } from './measure';

export interface SplitCost {
  shape: number[];
  /** Median ms per whole split over the reps. */
  gather: number;
  slice: number;
  read: number;
}

/** The W1 gradient's [32, 64, 64] and the page plan's [36, 16, 32]. */
const SHAPES = [
  [32, 64, 64],
  [36, 16, 32],
];

export function splitCosts(reps: number): SplitCost[] {
  return SHAPES.map((shape) => {
    const H = shape[0]!;
    const rest = shape.slice(1);
    const x = tf.tensor(
      Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => i % 7),
      shape,
    );
    // Each way's pieces are disposed by its tidy (nothing is returned from it, so nothing is kept).
    const ways = {
      gather: () => {
        tf.tidy(() => {
          for (let t = 0; t < H; t++) tf.gather(x, tf.scalar(t, 'int32'));
        });
      },
      slice: () => {
        tf.tidy(() => {
          for (let t = 0; t < H; t++) tf.slice(x, t, 1);
        });
      },
      read: () => {
        tf.tidy(() => {
          const v = x.dataSync() as Float32Array;
          const n = v.length / H;
          for (let t = 0; t < H; t++) tf.tensor(v.subarray(t * n, (t + 1) * n), rest);
        });
      },
    };
    const ms: Record<keyof typeof ways, number[]> = { gather: [], slice: [], read: [] };
    for (let r = 0; r < reps + 1; r++) {
      for (const k of Object.keys(ways) as (keyof typeof ways)[]) {
        const t0 = performance.now();
        ways[k]();
        if (r > 0) ms[k].push(performance.now() - t0); // the first round warms up
      }
    }
    x.dispose();
    const median = (a: number[]) => round([...a].sort((p, q) => p - q)[a.length >> 1]!, 3);
    return { shape, gather: median(ms.gather), slice: median(ms.slice), read: median(ms.read) };
  });
}
