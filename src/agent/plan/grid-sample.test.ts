import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../model/rng';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { gridSampler } from './grid-sample';

/** The bilinear read written plainly, differentiated by tfjs's autodiff: the reference. */
function plainSample(M: tf.Tensor2D, width: number, height: number, pts: tf.Tensor2D): tf.Tensor1D {
  const G = M.shape[0];
  const tent = (u: tf.Tensor, size: number) => {
    const idx = tf.clipByValue(tf.sub(tf.div(u, size / G), 0.5), 0, G - 1);
    const centres = tf.reshape(tf.range(0, G, 1, 'float32'), [1, G]);
    return tf.relu(tf.sub(1, tf.abs(tf.sub(tf.reshape(idx, [-1, 1]), centres))));
  };
  const n = pts.shape[0];
  const wx = tent(tf.reshape(tf.slice(pts, [0, 0], [n, 1]), [n]), width);
  const wy = tent(tf.reshape(tf.slice(pts, [0, 1], [n, 1]), [n]), height);
  return tf.sum(tf.mul(tf.matMul(wy, M), wx), 1) as tf.Tensor1D;
}

const maxDiff = (x: tf.Tensor, y: tf.Tensor) => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!;

describe('gridSampler', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });
  afterAll(() => tf.disposeVariables());

  it('reads a grid bilinearly with the gradient of the plain formula, zero where a point is clipped', () => {
    const rand = mulberry32(7);
    const G = 8;
    const [width, height] = [4, 3];
    const grid = Float32Array.from({ length: G * G }, () => rand() * 3);
    // Inside the arena, beyond every edge (clipped), and with a per-point weight so a mix-up of
    // points or of x and y shows in the gradient.
    const pts: number[] = [];
    for (let i = 0; i < 40; i++) pts.push(-0.5 + rand() * (width + 1), -0.5 + rand() * (height + 1));
    tf.tidy(() => {
      const M = tf.tensor2d(grid, [G, G]);
      const P = tf.tensor2d(pts, [40, 2]);
      const wts = tf.tensor1d(Float32Array.from({ length: 40 }, () => rand() * 2 - 1));
      const sample = gridSampler(M, width, height);
      expect(maxDiff(sample(P), plainSample(M, width, height, P))).toBeLessThan(1e-5);
      const gFast = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(sample(p as tf.Tensor2D), wts)))(P);
      const gPlain = tf.grad((p: tf.Tensor) =>
        tf.sum(tf.mul(plainSample(M, width, height, p as tf.Tensor2D), wts)),
      )(P);
      expect(gFast.shape).toEqual([40, 2]);
      expect(maxDiff(gFast, gPlain)).toBeLessThan(1e-4);
      // Some points are clipped (zero gradient on that axis), most are not.
      const g = gFast.arraySync() as number[][];
      const clipped = pts.filter((v, i) =>
        i % 2 === 0
          ? v < width / G / 2 || v > width - width / G / 2
          : v < height / G / 2 || v > height - height / G / 2,
      );
      expect(clipped.length).toBeGreaterThan(5);
      expect(g.flat().filter((v) => v === 0).length).toBeGreaterThanOrEqual(clipped.length);
      expect(g.flat().filter((v) => v !== 0).length).toBeGreaterThan(40);
    });
  });

  it('keeps its grid for the backward pass even when the grid is made inside the gradient', () => {
    const G = 4;
    const n0 = tf.memory().numTensors;
    const g = tf.tidy(() => {
      const P = tf.tensor2d([0.3, 0.6, 1.1, 0.4], [2, 2]);
      return tf.grad((p: tf.Tensor) => {
        // The map read inside the forward pass, as buildContext does without a precomputed map.
        const M = tf.tensor2d(
          Float32Array.from({ length: G * G }, (_, i) => i),
          [G, G],
        );
        return tf.sum(gridSampler(M, 2, 2)(p as tf.Tensor2D));
      })(P);
    });
    // d/dx of the value is the map's slope along a row (1 per cell = 2 per metre), along y 4 x 2 = 8.
    const got = Array.from(g.dataSync());
    [2, 8, 2, 8].forEach((want, i) => {
      expect(got[i]).toBeCloseTo(want, 5);
    });
    g.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });
});
