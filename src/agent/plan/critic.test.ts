import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { Critic, lambdaReturns } from './critic';
import { Rng } from './rng';

describe('critic', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('lambda-returns match the definition (lambda = 1 is the discounted Monte Carlo sum)', () => {
    const g = lambdaReturns([1, 2, 3], [9, 9, 9], true, 0.5, 1);
    expect(Array.from(g)).toEqual([1 + 0.5 * 2 + 0.25 * 3, 2 + 0.5 * 3, 3]);
    const td0 = lambdaReturns([1, 1], [4, 6], false, 0.5, 0);
    expect(Array.from(td0)).toEqual([1 + 0.5 * 4, 1 + 0.5 * 6]);
  });

  it("learns a chain's goal-conditioned cost-to-go to within 0.15 mean absolute error (V up to 6.5; measured 0.07)", () => {
    // States 0..N on a line, any goal j ahead of the start, cost 1 per step until the goal:
    // V(i, j) = (1 - gamma^(j - i)) / (1 - gamma).
    const N = 10;
    const gamma = 0.9;
    const enc = (i: number) => [i / N, 0.5];
    const critic = new Critic({ latentDim: 2, gamma, lambda: 0.8, lr: 3e-3, hidden: 32, seed: 1 });
    const rng = new Rng(4);
    let n0 = 0;
    for (let step = 0; step < 600; step++) {
      // Adam creates its moment tensors on the first step; count from after it.
      if (step === 1) n0 = tf.memory().numTensors;
      const s: number[] = [];
      const g: number[] = [];
      const y: number[] = [];
      for (let e = 0; e < 4; e++) {
        const j = 1 + rng.int(N);
        const i0 = rng.int(j);
        const next: number[] = [];
        const nextS: number[] = [];
        const goals: number[] = [];
        for (let i = i0 + 1; i <= j; i++) {
          nextS.push(...enc(i));
          goals.push(...enc(j));
        }
        const v = critic.values(new Float32Array(nextS), new Float32Array(goals));
        next.push(...v);
        const targets = lambdaReturns(new Array(j - i0).fill(1), next, true, gamma, critic.lambda);
        for (let i = i0; i < j; i++) {
          s.push(...enc(i));
          g.push(...enc(j));
          y.push(targets[i - i0]!);
        }
      }
      critic.fit(new Float32Array(s), new Float32Array(g), new Float32Array(y));
    }
    expect(tf.memory().numTensors).toBe(n0);
    let err = 0;
    let n = 0;
    const s: number[] = [];
    const g: number[] = [];
    const truth: number[] = [];
    for (let j = 1; j <= N; j++)
      for (let i = 0; i < j; i++) {
        s.push(...enc(i));
        g.push(...enc(j));
        truth.push((1 - gamma ** (j - i)) / (1 - gamma));
      }
    const v = critic.values(new Float32Array(s), new Float32Array(g));
    truth.forEach((t, k) => {
      err += Math.abs(v[k]! - t);
      n++;
    });
    expect(err / n).toBeLessThan(0.15);
    const fit = critic.fit(new Float32Array(s), new Float32Array(g), new Float32Array(truth));
    expect(fit.meanAbsError).toBeCloseTo(err / n, 3);
    critic.dispose();
  });
});
