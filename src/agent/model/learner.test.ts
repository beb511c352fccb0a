import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import type { ModelConfig } from './config';
import { WorldModelLearner } from './learner';
import { dotBatch } from './synthetic';

/**
 * Small enough for a few hundred steps in seconds on one core. No keypoints: the collapse test is
 * about the objective, and keypoint coordinates cannot shrink to a point the way an MLP output can.
 */
const SMALL: Partial<ModelConfig> = {
  keypoints: 0,
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

const batch = (seed: number, size = 16) => dotBatch({ batch: 32, length: 5, size, seed });
const meanStd = (s: number[]) => s.reduce((a, b) => a + b, 0) / s.length;

describe('WorldModelLearner', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('keeps the latent spread with variance/covariance/IDM and collapses without them', () => {
    const evalBatch = dotBatch({ batch: 64, length: 5, size: 16, seed: 12345 });
    const run = (weights: Partial<ModelConfig['weights']>) => {
      const l = new WorldModelLearner({ ...SMALL, weights: weights as ModelConfig['weights'] }, 7);
      for (let i = 0; i < 300; i++) {
        const r = l.trainStep(batch(i));
        expect(r.ok).toBe(true);
      }
      // The last proprioDim entries are the velocity itself (data, not learned): leave them out.
      const std = l.evaluate(evalBatch).latentStd.slice(0, l.config.latentDim - l.config.proprioDim);
      l.dispose();
      return std;
    };
    const withTerms = run({});
    const without = run({ variance: 0, covariance: 0, inverseDynamics: 0 });
    // The variance hinge asks for std >= 1 per dimension.
    expect(Math.min(...withTerms)).toBeGreaterThan(0.5);
    expect(meanStd(without)).toBeLessThan(0.05);
    expect(meanStd(without)).toBeLessThan(meanStd(withTerms) / 10);
  });

  it('keeps tf.memory().numTensors flat over many training steps', () => {
    const l = new WorldModelLearner(SMALL, 1);
    l.trainStep(batch(0));
    l.evaluate(batch(1));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      l.trainStep(batch(i));
      if (i % 10 === 0) l.evaluate(batch(i + 100));
      tf.tidy(() => {
        const s = l.encode(tf.zeros([2, 4, 16, 16]) as tf.Tensor4D, tf.zeros([2, 2]) as tf.Tensor2D);
        l.position(l.predict(s, tf.zeros([2, 2]) as tf.Tensor2D));
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    l.dispose();
  });

  it('rejects a step whose loss is not finite and leaves weights and optimiser untouched', () => {
    const l = new WorldModelLearner(SMALL, 2);
    l.trainStep(batch(0));
    const before = l.exportWeights();
    const bad = batch(1);
    bad.images[10] = Number.NaN;
    const r = l.trainStep(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/non-finite loss/);
    expect(l.rejectedSteps).toBe(1);
    expect(l.step).toBe(1);
    const after = l.exportWeights();
    for (const [i, w] of after.entries()) expect(w.data).toEqual(before[i]!.data);
    // Still trains normally afterwards.
    expect(l.trainStep(batch(2)).ok).toBe(true);
    l.dispose();
  });

  it('learns: predictions beat "nothing changes" and the probe beats guessing the mean', () => {
    const l = new WorldModelLearner({ ...SMALL, keypoints: 4, latentDim: 16 }, 3);
    const ev = dotBatch({ batch: 64, length: 9, size: 16, seed: 999 });
    const untrained = l.evaluate(ev, 8);
    for (let i = 0; i < 300; i++) l.trainStep(batch(i));
    const m = l.evaluate(ev, 8);
    expect(m.probePositionError).toBeLessThan(untrained.probePositionError / 2);
    expect(m.probePositionError).toBeLessThan(m.meanGuessPositionError / 2);
    expect(m.horizonError[0]!).toBeLessThan(m.horizonErrorStatic[0]!);
    expect(m.horizonError.length).toBe(8);
    l.dispose();
  });

  it('fits the probes on a frozen encoder without touching anything else', () => {
    const l = new WorldModelLearner({ ...SMALL, keypoints: 4, latentDim: 16 }, 5);
    for (let i = 0; i < 20; i++) l.trainStep(batch(i));
    const before = l.exportWeights();
    const ev = dotBatch({ batch: 64, length: 2, size: 16, seed: 77 });
    const e0 = l.evaluate(ev, 1).probePositionError;
    for (let i = 0; i < 150; i++)
      expect(l.trainProbeStep(dotBatch({ batch: 32, length: 2, size: 16, seed: 500 + i }))).not.toBeNull();
    expect(l.evaluate(ev, 1).probePositionError).toBeLessThan(e0 / 2);
    const after = l.exportWeights();
    for (const [i, w] of after.entries()) {
      if (w.name.startsWith('probe/')) expect(w.data).not.toEqual(before[i]!.data);
      else expect(w.data).toEqual(before[i]!.data);
    }
    l.dispose();
  });

  it('refuses a batch with the wrong channel count and pools larger images to the input size', () => {
    const l = new WorldModelLearner(SMALL, 4);
    const wrong = dotBatch({ batch: 2, length: 3, size: 16, channels: 3, seed: 1 });
    expect(() => l.trainStep(wrong)).toThrow(/3 channels, model expects 4/);
    expect(l.trainStep(dotBatch({ batch: 4, length: 5, size: 32, seed: 1 })).ok).toBe(true);
    l.dispose();
  });
});
