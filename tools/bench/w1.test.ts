import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/agent/plan/rng';
import { initNodeBackend } from '../../src/agent/tf/backend-node';
import { tf } from '../../src/agent/tf/core';
import { W1, W1Planner, type W1Shape, w1Init } from './w1';

const SHAPE: W1Shape = { ...W1, K: 4, H: 5, I: 6, hidden: 16 };

describe('W1 planner', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  // The small predictor moves the 64-dim state little, so the fall is small, but it is a fall: a
  // gradient with the wrong sign or not reaching u would leave the cost where it started or raise it.
  it('descends: the cost after I Adam iterations is below the cost of the starting u', () => {
    const init = w1Init(new Rng(1), SHAPE);
    const none = new W1Planner('fused', { ...SHAPE, I: 1 });
    const many = new W1Planner('fused', { ...SHAPE, I: 30 });
    try {
      const start = none.plan(init);
      const end = many.plan(init);
      expect(end).toBeLessThan(start - 0.1);
    } finally {
      none.dispose();
      many.dispose();
    }
  });

  it('awaiting the read-back (for WebGPU) gives the same cost as reading it synchronously, tensors flat', async () => {
    const p = new W1Planner('fused', SHAPE);
    const init = w1Init(new Rng(2), SHAPE);
    const want = p.plan(init);
    const held = tf.memory().numTensors;
    await expect(p.planAsync(init)).resolves.toBeCloseTo(want, 3);
    expect(tf.memory().numTensors).toBe(held);
    p.dispose();
  });
});
