import { beforeAll, describe, expect, it } from 'vitest';
import { WorldModelLearner } from '../model/learner';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { FrozenWorldModel } from './frozen-model';

describe('FrozenWorldModel', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('matches the learner (values and action gradients) and leaks no tensors', () => {
    const learner = new WorldModelLearner({}, 3);
    const frozen = new FrozenWorldModel(learner);
    const D = learner.latentDim;
    const s = tf.randomUniform([5, D], -1, 1, 'float32', 1) as tf.Tensor2D;
    const a = tf.randomUniform([5, 2], -1, 1, 'float32', 2) as tf.Tensor2D;
    const diff = (x: tf.Tensor, y: tf.Tensor) => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!;
    tf.tidy(() => {
      expect(diff(frozen.predict(s, a), learner.predict(s, a))).toBeLessThan(1e-5);
      expect(diff(frozen.position(s), learner.position(s))).toBeLessThan(1e-5);
      expect(diff(frozen.wallDistance(s), learner.wallDistance(s))).toBeLessThan(1e-5);
      expect(diff(frozen.hazard(s), learner.hazard(s))).toBeLessThan(1e-5);
      // The one-pass read the planner uses gives the same three readouts.
      const all = frozen.readAll(s);
      expect(diff(all.position, learner.position(s))).toBeLessThan(1e-5);
      expect(diff(all.wallDistance, learner.wallDistance(s))).toBeLessThan(1e-5);
      expect(diff(all.hazard, learner.hazard(s))).toBeLessThan(1e-5);
      expect(all.wallDistance.shape).toEqual([5]);
      const f = (m: { predict: typeof frozen.predict; position: typeof frozen.position }) => (x: tf.Tensor) =>
        tf.sum(m.position(m.predict(m.predict(s, x as tf.Tensor2D), x as tf.Tensor2D)));
      expect(diff(tf.grad(f(frozen))(a), tf.grad(f(learner))(a))).toBeLessThan(1e-4);
    });
    const n0 = tf.memory().numTensors;
    frozen.refresh();
    tf.tidy(() => {
      frozen.predict(s, a);
    });
    expect(tf.memory().numTensors).toBe(n0);
    frozen.dispose();
    learner.dispose();
    tf.dispose([s, a]);
  });
});
