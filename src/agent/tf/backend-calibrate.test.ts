import { beforeAll, describe, expect, it } from 'vitest';
import { calibrateCurrentBackend } from './backend-calibrate';
import { initNodeBackend } from './backend-node';
import { tf } from './core';

describe('calibrateCurrentBackend', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('times the workload on the current backend and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const c = await calibrateCurrentBackend({ reps: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(c.repsMs).toHaveLength(3);
    expect(c.ms).toBeGreaterThan(0);
    expect(c.repsMs.every((ms) => Number.isFinite(ms) && ms > 0)).toBe(true);
  });

  it('stops after one rep when it has clearly lost to a rival', async () => {
    const c = await calibrateCurrentBackend({ reps: 5, rivalMs: 1e-6 });
    expect(c.repsMs).toHaveLength(1);
  });
});
