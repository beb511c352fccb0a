import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import {
  covarianceLoss,
  inverseDynamicsLoss,
  predictionLoss,
  probeLoss,
  smoothnessLoss,
  varianceLoss,
} from './losses';

const val = (t: tf.Scalar) => {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('JEPA loss terms', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('prediction: zero when equal, mean squared distance otherwise', () => {
    const a = tf.tensor2d([
      [0, 0],
      [1, 1],
    ]);
    const b = tf.tensor2d([
      [3, 4],
      [1, 1],
    ]);
    expect(val(predictionLoss(a, a))).toBe(0);
    expect(val(predictionLoss(a, b))).toBeCloseTo(12.5, 5);
    tf.dispose([a, b]);
  });

  it('variance: 1 for a constant latent, 0 when every dimension spreads beyond the target', () => {
    const constant = tf.ones([64, 8]) as tf.Tensor2D;
    const spread = tf.mul(tf.randomNormal([512, 8], 0, 1, 'float32', 3), 3) as tf.Tensor2D;
    expect(val(varianceLoss(constant))).toBeCloseTo(1 - Math.sqrt(1e-4), 4);
    expect(val(varianceLoss(spread))).toBe(0);
    tf.dispose([constant, spread]);
  });

  it('covariance: ~0 for independent dimensions, large when dimensions copy each other', () => {
    const indep = tf.randomNormal([2000, 4], 0, 1, 'float32', 5) as tf.Tensor2D;
    const x = tf.randomNormal([2000, 1], 0, 1, 'float32', 6);
    const copies = tf.concat([x, x, x, x], 1) as tf.Tensor2D;
    const lo = val(covarianceLoss(indep));
    const hi = val(covarianceLoss(copies));
    expect(lo).toBeLessThan(0.02);
    // 12 off-diagonal entries of ~1 each, divided by D = 4.
    expect(hi).toBeGreaterThan(2.5);
    tf.dispose([indep, x, copies]);
  });

  it('smoothness: zero for a still sequence, grows with the step size', () => {
    const still = tf.ones([2, 5, 3]) as tf.Tensor3D;
    const ramp = tf.tensor3d([0, 1, 2, 3], [1, 4, 1]);
    expect(val(smoothnessLoss(still))).toBe(0);
    expect(val(smoothnessLoss(ramp))).toBeCloseTo(1, 6);
    expect(() => smoothnessLoss(tf.ones([1, 1, 2]) as tf.Tensor3D)).toThrow(/at least 2 time steps/);
    tf.dispose([still, ramp]);
  });

  it('inverse dynamics: squared action error', () => {
    const p = tf.tensor2d([[1, 0]]);
    const a = tf.tensor2d([[0, 0]]);
    expect(val(inverseDynamicsLoss(p, a))).toBeCloseTo(1, 6);
    expect(val(inverseDynamicsLoss(a, a))).toBe(0);
    tf.dispose([p, a]);
  });

  it('probe loss: low for the right readout and confident hazard, higher when wrong', () => {
    const target = tf.tensor2d([[0.5, 0.5, 1, 1]]);
    const good = tf.tensor2d([[0.5, 0.5, 1, 10]]);
    const bad = tf.tensor2d([[0.1, 0.9, 3, -10]]);
    const g = val(probeLoss(good, target));
    const b = val(probeLoss(bad, target));
    expect(g).toBeLessThan(1e-3);
    expect(b).toBeGreaterThan(10);
    tf.dispose([target, good, bad]);
  });

  it('gradients of every term are finite on real tensors', () => {
    const z = tf.variable(tf.randomNormal([32, 6], 0, 1, 'float32', 9)) as tf.Variable<tf.Rank.R2>;
    const { grads, value } = tf.variableGrads(
      () =>
        tf.addN([
          varianceLoss(z),
          covarianceLoss(z),
          smoothnessLoss(tf.reshape(z, [4, 8, 6]) as tf.Tensor3D),
        ]) as tf.Scalar,
    );
    for (const g of Object.values(grads))
      expect(Number.isFinite(tf.sum(tf.abs(g)).dataSync()[0]!)).toBe(true);
    tf.dispose([value, ...Object.values(grads), z]);
  });
});
