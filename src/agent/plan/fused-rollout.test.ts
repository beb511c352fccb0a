import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorldModelLearner } from '../model/learner';
import { mulberry32 } from '../model/rng';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { FrozenWorldModel } from './frozen-model';
import { type DenseLayer, FusedRollout, hasFusedRollout, outerPieces } from './fused-rollout';
import { rollout } from './imagine';

const D = 6;
const A = 2;
const HID = 16;

function randn(rand: () => number, shape: number[], scale: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (2 * rand() - 1) * scale;
  return tf.tensor(v, shape);
}

function layers(rand: () => number): DenseLayer[] {
  const sizes = [D + A, HID, HID, D];
  return sizes.slice(1).map((out, i) => ({
    w: randn(rand, [sizes[i]!, out], 1 / Math.sqrt(sizes[i]!)) as tf.Tensor2D,
    b: randn(rand, [out], 0.3) as tf.Tensor1D,
  }));
}

/** The same rollout written plainly, differentiated by tfjs's autodiff: the reference. */
function plainRollout(ls: DenseLayer[], s0: tf.Tensor2D, actions: tf.Tensor3D): tf.Tensor3D {
  const [N, H] = actions.shape;
  let s = tf.broadcastTo(s0, [N, D]) as tf.Tensor2D;
  const out: tf.Tensor2D[] = [];
  for (let t = 0; t < H; t++) {
    const a = tf.reshape(tf.slice(actions, [0, t, 0], [N, 1, A]), [N, A]);
    let h = tf.concat([s, a], 1) as tf.Tensor2D;
    ls.forEach((l, i) => {
      h = tf.add(tf.matMul(h, l.w), l.b);
      if (i + 1 < ls.length) h = tf.relu(h);
    });
    s = tf.add(s, h);
    out.push(s);
  }
  return tf.stack(out) as tf.Tensor3D;
}

const maxDiff = (x: tf.Tensor, y: tf.Tensor) => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!;

describe('FusedRollout', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });
  afterAll(() => tf.disposeVariables());

  it('matches the plain rollout in values and in gradients (to 1e-4) on random inputs', () => {
    for (const seed of [1, 2, 3]) {
      const rand = mulberry32(seed);
      const ls = layers(rand);
      const fused = new FusedRollout(ls, D);
      tf.tidy(() => {
        const N = 5;
        const H = 7;
        const s0 = randn(rand, [1, D], 1) as tf.Tensor2D;
        const sN = randn(rand, [N, D], 1) as tf.Tensor2D;
        const acts = randn(rand, [N, H, A], 1) as tf.Tensor3D;
        // A weight per state and step, so every dL/ds_t differs and a mix-up of steps shows.
        const wts = randn(rand, [H, N, D], 1);
        const goal = randn(rand, [1, D], 1);
        const loss = (r: (s: tf.Tensor2D, a: tf.Tensor3D) => tf.Tensor3D) => (s: tf.Tensor, a: tf.Tensor) => {
          const st = r(s as tf.Tensor2D, a as tf.Tensor3D);
          return tf.add(tf.sum(tf.mul(st, wts)), tf.sum(tf.square(tf.sub(st, goal))));
        };
        const plain = (s: tf.Tensor2D, a: tf.Tensor3D) => plainRollout(ls, s, a);
        for (const s of [s0, sN]) {
          expect(maxDiff(fused.rollout(s, acts), plain(s, acts))).toBeLessThan(1e-4);
          const gf = tf.grads(loss(fused.rollout))([s, acts]);
          const gp = tf.grads(loss(plain))([s, acts]);
          expect(gf[0]!.shape).toEqual(s.shape);
          expect(gf[1]!.shape).toEqual(acts.shape);
          const scale = Math.max(1, tf.max(tf.abs(gp[1]!)).dataSync()[0]!);
          expect(maxDiff(gf[0]!, gp[0]!) / scale).toBeLessThan(1e-4);
          expect(maxDiff(gf[1]!, gp[1]!) / scale).toBeLessThan(1e-4);
          // The gradient is not trivially zero: the comparison means something.
          expect(tf.max(tf.abs(gf[1]!)).dataSync()[0]!).toBeGreaterThan(1e-3);
        }
      });
      fused.dispose();
      tf.dispose(ls.flatMap((l) => [l.w, l.b]));
    }
  });

  it('leaks no tensors through repeated gradient steps and names bad shapes', () => {
    const rand = mulberry32(9);
    const ls = layers(rand);
    const fused = new FusedRollout(ls, D);
    const s0 = randn(rand, [1, D], 1) as tf.Tensor2D;
    const acts = randn(rand, [4, 3, A], 1) as tf.Tensor3D;
    const step = () =>
      tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(fused.rollout(s0, a as tf.Tensor3D)))(acts)).dispose();
    step();
    const n0 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(n0);
    expect(() => fused.rollout(tf.zeros([2, D]) as tf.Tensor2D, acts)).toThrow(
      /s0 must be \[1, 6\] or \[4, 6\]/,
    );
    expect(() => new FusedRollout(ls.slice(0, 2), D)).toThrow(/last give 6 outputs \(got 16\)/);
    fused.dispose();
    tf.dispose([s0, acts, ...ls.flatMap((l) => [l.w, l.b])]);
  });

  it('splits [H, ...] into H pieces the same way on the host (one read) and on a device (gathers)', () => {
    tf.tidy(() => {
      const x = randn(mulberry32(9), [5, 3, 4], 1);
      const host = outerPieces(x, true);
      const device = outerPieces(x, false);
      expect(host.map((p) => p.shape)).toEqual(new Array(5).fill([3, 4]));
      host.forEach((p, t) => {
        expect(maxDiff(p, device[t]!)).toBe(0);
        expect(maxDiff(p, tf.reshape(tf.slice(x, [t, 0, 0], [1, 3, 4]), [3, 4]))).toBe(0);
      });
    });
  });

  it("is what the planner rolls out with the learned model: same states and action gradients as the learner's predict", () => {
    const learner = new WorldModelLearner({}, 5);
    const frozen = new FrozenWorldModel(learner);
    expect(hasFusedRollout(frozen)).toBe(true);
    const rand = mulberry32(4);
    const D = learner.latentDim;
    tf.tidy(() => {
      const s0 = randn(rand, [1, D], 1) as tf.Tensor2D;
      const acts = randn(rand, [6, 5, 2], 0.8) as tf.Tensor3D;
      const f = (m: typeof learner | typeof frozen) => (a: tf.Tensor) =>
        tf.sum(tf.square(rollout(m, s0, a as tf.Tensor3D).future));
      const viaFused = rollout(frozen, s0, acts);
      const viaLearner = rollout(learner, s0, acts);
      expect(viaFused.future.shape).toEqual([5 * 6, D]);
      expect(maxDiff(viaFused.future, viaLearner.future)).toBeLessThan(1e-4);
      expect(maxDiff(viaFused.last, viaLearner.last)).toBeLessThan(1e-4);
      // s_H is the last time-major block of the future
      expect(maxDiff(viaFused.last, tf.slice(viaFused.future, [4 * 6, 0], [6, D]))).toBe(0);
      // and the critic's gradient through s_H matches too
      const h = (m: typeof learner | typeof frozen) => (a: tf.Tensor) =>
        tf.sum(tf.square(rollout(m, s0, a as tf.Tensor3D).last));
      const hF = tf.grad(h(frozen))(acts);
      const hL = tf.grad(h(learner))(acts);
      expect(maxDiff(hF, hL) / Math.max(1, tf.max(tf.abs(hL)).dataSync()[0]!)).toBeLessThan(1e-4);
      const gF = tf.grad(f(frozen))(acts);
      const gL = tf.grad(f(learner))(acts);
      const scale = Math.max(1, tf.max(tf.abs(gL)).dataSync()[0]!);
      expect(maxDiff(gF, gL) / scale).toBeLessThan(1e-4);
    });
    frozen.dispose();
    learner.dispose();
  });
});
