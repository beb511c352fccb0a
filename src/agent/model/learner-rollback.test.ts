// A non-finite weight after an update (a device fault, an optimiser overflow) rolls the learner back
// to the weights before that update, resets Adam, and training goes on. Sync and async paths.
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { WorldModelLearner } from './learner';
import { dotBatch } from './synthetic';
import { TINY_MODEL } from './tiny-config';

const SMALL = { ...TINY_MODEL, keypoints: 0 };
const batch = (seed: number) => dotBatch({ batch: 8, length: 3, size: 16, seed });

describe('WorldModelLearner rollback', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  for (const mode of ['sync', 'async'] as const) {
    it(`${mode}: a NaN written by an update is rolled back to the last good weights and said so`, async () => {
      const l = new WorldModelLearner(SMALL, 11);
      const step = (s: number) => (mode === 'sync' ? l.trainStep(batch(s)) : l.trainStepAsync(batch(s)));
      expect((await step(0)).ok).toBe(true);
      expect((await step(1)).ok).toBe(true);
      const good = l.exportWeights();
      const tensors = tf.memory().numTensors;
      l.poisonNextUpdate();
      const r = await step(2);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.rolledBack).toBe(true);
        expect(r.reason).toMatch(/step 3 made a weight non-finite; weights rolled back to step 2/);
        expect(Number.isFinite(r.losses.total)).toBe(true);
      }
      expect(l.step).toBe(2);
      expect(l.rejectedSteps).toBe(1);
      for (const [i, w] of l.exportWeights().entries()) expect(w.data).toEqual(good[i]!.data);
      // Adam's moments were reset, not leaked: same live tensors once the next step has rebuilt them.
      const next = await step(3);
      expect(next.ok).toBe(true);
      expect(l.step).toBe(3);
      for (const w of l.exportWeights()) expect(w.data.every(Number.isFinite)).toBe(true);
      expect(tf.memory().numTensors).toBe(tensors);
      l.dispose();
    });
  }

  it('a hostile batch (NaN, Infinity pixels) is refused before any update; weights stay, no rollback', () => {
    const l = new WorldModelLearner(SMALL, 12);
    l.trainStep(batch(0));
    const before = l.exportWeights();
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const bad = batch(1);
      bad.images[3] = v;
      const r = l.trainStep(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(/non-finite (loss|gradient).*step rejected, weights unchanged/);
        expect(r.rolledBack).toBeUndefined();
      }
    }
    expect(l.step).toBe(1);
    for (const [i, w] of l.exportWeights().entries()) expect(w.data).toEqual(before[i]!.data);
    l.dispose();
  });

  it('frees its last-good copy on dispose', () => {
    const before = tf.memory().numTensors;
    const l = new WorldModelLearner(SMALL, 13);
    l.trainStep(batch(0));
    l.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
