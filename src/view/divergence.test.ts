import { describe, expect, it } from 'vitest';
import { DIVERGENCE_FADE_STEPS, DivergenceTracker, divergenceAlpha, type ReferencePlan } from './divergence';

const line = (n: number, dx: number): { x: number; y: number }[] =>
  Array.from({ length: n }, (_, j) => ({ x: 1 + j * dx, y: 5 }));

function plan(step: number, episode = 0): ReferencePlan {
  return { episode, step, imagined: line(6, 0.2) };
}

describe('DivergenceTracker', () => {
  it('finds the first step where the real path is more than 0.5 m from the imagined one', () => {
    const d = new DivergenceTracker();
    d.offer(plan(10), { episode: 0, step: 10 });
    // The agent follows for two steps, then is pushed sideways.
    const real = [
      { x: 1, y: 5 },
      { x: 1.2, y: 5.1 },
      { x: 1.4, y: 5.3 },
      { x: 1.6, y: 5.4 },
      { x: 1.8, y: 6.2 },
    ];
    for (const [j, p] of real.entries()) d.observe(0, 10 + j, p);
    expect(d.state?.splitAt).toBe(4);
    expect(d.lastSplit?.real[4]).toEqual({ x: 1.8, y: 6.2 });
  });

  it('reports no split while the agent stays within the threshold', () => {
    const d = new DivergenceTracker();
    d.offer(plan(0), { episode: 0, step: 0 });
    for (let j = 0; j < 6; j++) d.observe(0, j, { x: 1 + j * 0.2, y: 5.4 });
    expect(d.state?.splitAt).toBeNull();
    expect(d.lastSplit).toBeNull();
  });

  it('keeps one reference over its whole horizon, then takes the next plan offered', () => {
    const d = new DivergenceTracker();
    d.offer(plan(0), { episode: 0, step: 0 });
    d.offer(plan(2), { episode: 0, step: 2 });
    expect(d.state?.plan.step).toBe(0);
    d.offer(plan(5), { episode: 0, step: 5 });
    expect(d.state?.plan.step).toBe(5);
  });

  it('forgets everything when the episode changes', () => {
    const d = new DivergenceTracker();
    d.offer(plan(0), { episode: 0, step: 0 });
    d.observe(0, 1, { x: 9, y: 9 });
    expect(d.lastSplit).not.toBeNull();
    d.observe(1, 0, { x: 1, y: 5 });
    expect(d.state).toBeNull();
    expect(d.lastSplit).toBeNull();
    // A plan from the old episode is not taken as the new reference.
    d.offer(plan(3, 0), { episode: 1, step: 3 });
    expect(d.state).toBeNull();
  });

  it('draws a split at full strength when it happens and fades it out over the fade steps', () => {
    expect(divergenceAlpha(0)).toBe(1);
    expect(divergenceAlpha(DIVERGENCE_FADE_STEPS / 2)).toBeCloseTo(0.5);
    expect(divergenceAlpha(DIVERGENCE_FADE_STEPS)).toBe(0);
    expect(divergenceAlpha(10 * DIVERGENCE_FADE_STEPS)).toBe(0);
  });
});
