import { beforeAll, describe, expect, it } from 'vitest';
import { ReplayMemory, type SequenceBatch } from '../src/agent/memory/replay';
import { WorldModelLearner } from '../src/agent/model/learner';
import { dotBatch } from '../src/agent/model/synthetic';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import type { StepInfo } from '../src/world/types';
import { predictionCurve } from './prediction-curve';

const SIZE = 16;
const model = () =>
  new WorldModelLearner(
    {
      keypoints: 0,
      inputSize: SIZE,
      patchSize: 4,
      patchDim: 8,
      hiddenDim: 32,
      latentDim: 8,
      predictorHidden: 32,
      probeHidden: 16,
      rollout: 4,
    },
    1,
  );

/** Each sequence of `s` becomes one episode; `still` repeats its first frame with no action instead. */
function remember(memory: ReplayMemory, s: SequenceBatch, still = false): void {
  const F = s.channels * s.size * s.size;
  for (let b = 0; b < s.batch; b++) {
    memory.startEpisode();
    for (let t = 0; t < s.length; t++) {
      const i = b * s.length + (still ? 0 : t);
      const a = still || t === s.length - 1 ? [0, 0] : [...s.actions.subarray((b * (s.length - 1) + t) * 2)];
      memory.append({
        obs: {
          image: s.images.subarray(i * F, (i + 1) * F),
          size: s.size,
          channels: s.channels,
          proprio: still ? new Float32Array(2) : s.proprio.subarray(i * 2, i * 2 + 2),
        },
        action: [a[0]!, a[1]!],
        info: {
          position: { x: s.positions[i * 2]!, y: s.positions[i * 2 + 1]! },
          goal: { x: 0, y: 0 },
          wallDistance: 1,
          inHazard: false,
        } as StepInfo,
      });
    }
  }
}

describe('predictionCurve', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('says why when memory holds no stretch long enough for the horizon', () => {
    const learner = model();
    const memory = new ReplayMemory({ capacity: 500, channels: 4, size: SIZE, proprioDim: 2, actionDim: 2 });
    remember(memory, dotBatch({ batch: 3, length: 10, size: SIZE, seed: 1 }));
    const r = predictionCurve(learner, memory);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/17 consecutive frames yet \(30 frames\)/);
    learner.dispose();
  });

  it('gives 16 finite points for model and baseline, from the newest frames only, leaking nothing', () => {
    const learner = model();
    const memory = new ReplayMemory({ capacity: 2000, channels: 4, size: SIZE, proprioDim: 2, actionDim: 2 });
    // Old episodes move; the newest ones stand still, so a curve drawn only from them has a static
    // baseline of exactly 0 (s_h equals s_0), and any older sequence would make it positive.
    remember(memory, dotBatch({ batch: 40, length: 20, size: SIZE, seed: 2 }));
    remember(memory, dotBatch({ batch: 10, length: 20, size: SIZE, seed: 3 }), true);
    const tensors = tf.memory().numTensors;
    const recent = predictionCurve(learner, memory, { window: 150 });
    expect(tf.memory().numTensors).toBe(tensors);
    if (!recent.ok) throw new Error(recent.reason);
    expect(recent.model).toHaveLength(16);
    expect(recent.static).toHaveLength(16);
    expect(recent.static.every((v) => v === 0)).toBe(true);
    expect(recent.model.every(Number.isFinite)).toBe(true);

    const all = predictionCurve(learner, memory, { window: 1000 });
    if (!all.ok) throw new Error(all.reason);
    expect(Math.max(...all.static)).toBeGreaterThan(0);
    // Moving sequences drift further from where they started the further ahead one looks.
    expect(all.static[15]!).toBeGreaterThan(all.static[0]!);
    learner.dispose();
  });
});
