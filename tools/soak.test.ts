// The short soak: 300 ticks of plan + learn with the shipped checkpoint; tensors flat, heap bounded.
import { describe, expect, it } from 'vitest';
import { judgeSoak, runSoak } from './soak-run';

describe('soak (short)', () => {
  it('300 ticks of planning and learning leak no tensors and keep the heap bounded', async () => {
    const r = await runSoak({ ticks: 300, sampleEvery: 20 });
    const verdict = judgeSoak(r);
    expect(verdict.lines.join('\n'), verdict.lines.join('\n')).toMatch(/flat[\s\S]*bounded/);
    expect(verdict.ok).toBe(true);
    expect(r.trainSteps).toBeGreaterThan(0);
    expect(r.learningErrors.filter((m) => !/needs at least one episode/.test(m))).toEqual([]);
  }, 600_000);
});
