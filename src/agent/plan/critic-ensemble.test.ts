import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { Critic } from './critic';
import { CriticEnsemble } from './critic-ensemble';

describe('CriticEnsemble', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('values mean + kappa * std of its critics, with gradients, and refuses a mismatched set', () => {
    const a = new Critic({ latentDim: 3, seed: 1, units: 'steps', name: 'ens-a' });
    const b = new Critic({ latentDim: 3, seed: 2, units: 'steps', name: 'ens-b' });
    const s = tf.tensor2d([0.1, -0.4, 0.7, 1.2, 0.3, -0.5], [2, 3]);
    const g = tf.tensor2d([0, 0, 1], [1, 3]);
    const va = a.value(s, g).arraySync();
    const vb = b.value(s, g).arraySync();
    for (const kappa of [0, 2]) {
      const e = new CriticEnsemble([a, b], kappa);
      expect(e.units).toBe('steps');
      const v = e.value(s, g).arraySync();
      for (let i = 0; i < 2; i++) {
        const mean = (va[i]! + vb[i]!) / 2;
        const std = Math.abs(va[i]! - vb[i]!) / 2;
        expect(v[i]!).toBeCloseTo(mean + kappa * std, 3);
      }
    }
    // Differentiable in the state, as the planner needs.
    const grad = tf.grad((x: tf.Tensor) => tf.sum(new CriticEnsemble([a, b], 1).value(x as tf.Tensor2D, g)))(
      s,
    );
    expect(grad.shape).toEqual([2, 3]);
    expect(grad.dataSync().every(Number.isFinite)).toBe(true);
    const c = new Critic({ latentDim: 4, seed: 3, units: 'steps', name: 'ens-c' });
    expect(() => new CriticEnsemble([a, c])).toThrow(/latentDim or units/);
    expect(() => new CriticEnsemble([a])).toThrow(/at least 2/);
    expect(() => new CriticEnsemble([a, b], -1)).toThrow(/kappa/);
    tf.dispose([s, g, grad]);
    for (const x of [a, b, c]) x.dispose();
  });
});
