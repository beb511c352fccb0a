// trainStepAsync must be trainStep with another read-back: the worker trains with it on WebGPU, the
// Node CLIs with trainStep, and a checkpoint from either must mean the same thing.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import type { ModelConfig } from './config';
import { WorldModelLearner } from './learner';
import { dotBatch } from './synthetic';

const SMALL: Partial<ModelConfig> = {
  keypoints: 2,
  inputSize: 16,
  patchSize: 4,
  patchDim: 8,
  hiddenDim: 32,
  latentDim: 8,
  predictorHidden: 32,
  probeHidden: 16,
  rollout: 4,
  learningRate: 3e-3,
};

const batch = (seed: number) => dotBatch({ batch: 8, length: 5, size: 16, seed });

describe('WorldModelLearner.trainStepAsync', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('gives bit-identical losses, gradient norms and weights to trainStep from the same seed', async () => {
    const a = new WorldModelLearner(SMALL, 5);
    const b = new WorldModelLearner(SMALL, 5);
    for (let i = 0; i < 5; i++) {
      const ra = a.trainStep(batch(i));
      const rb = await b.trainStepAsync(batch(i));
      expect(ra.ok && rb.ok).toBe(true);
      if (!ra.ok || !rb.ok) return;
      expect(rb.losses).toEqual(ra.losses);
      expect(rb.gradNorm).toBe(ra.gradNorm);
      expect(rb.step).toBe(ra.step);
    }
    const wa = a.exportWeights();
    const wb = b.exportWeights();
    for (const [i, w] of wb.entries()) expect(w.data).toEqual(wa[i]!.data);
    a.dispose();
    b.dispose();
  });

  it('rejects a NaN batch before applying anything: weights and optimiser state untouched', async () => {
    const ref = new WorldModelLearner(SMALL, 6);
    const l = new WorldModelLearner(SMALL, 6);
    ref.trainStep(batch(0));
    await l.trainStepAsync(batch(0));
    const before = l.exportWeights();
    const tensorsBefore = tf.memory().numTensors;
    const bad = batch(1);
    bad.images[10] = Number.NaN;
    const r = await l.trainStepAsync(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/non-finite loss/);
    expect(l.rejectedSteps).toBe(1);
    expect(l.step).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    for (const [i, w] of l.exportWeights().entries()) expect(w.data).toEqual(before[i]!.data);
    // Adam's moments were not touched either: the next good step matches a learner that never saw NaN.
    const good = await l.trainStepAsync(batch(2));
    const refGood = ref.trainStep(batch(2));
    expect(good.ok && refGood.ok).toBe(true);
    if (good.ok && refGood.ok) expect(good.losses).toEqual(refGood.losses);
    const wr = ref.exportWeights();
    for (const [i, w] of l.exportWeights().entries()) expect(w.data).toEqual(wr[i]!.data);
    ref.dispose();
    l.dispose();
  });

  it('drops a step whose weights were replaced while it was being read back', async () => {
    const l = new WorldModelLearner(SMALL, 7);
    const saved = l.exportWeights();
    const pending = l.trainStepAsync(batch(0));
    l.importWeights(saved);
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/weights were replaced/);
    expect(l.step).toBe(0);
    for (const [i, w] of l.exportWeights().entries()) expect(w.data).toEqual(saved[i]!.data);
    l.dispose();
  });
});
