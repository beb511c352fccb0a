import { beforeAll, describe, expect, it } from 'vitest';
import { SurpriseMemory } from '../memory/surprise';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { PointMassModel } from './analytic';
import { buildContext } from './context';
import { IntrinsicCost } from './cost';
import { Mode2Planner } from './mode2';

// The real world has a wall at x = 2 from the floor up to y = 2.6; the planner's model has no wall
// at all (the learned model's failure, made exact). The agent loop is the Agent's: act, compare the
// model's one-step prediction with where the agent really is, remember the misses, plan again.
function run(surpriseWeight: number, steps: number) {
  const real = new PointMassModel({ walls: [{ x: 2, y0: 0, y1: 2.6 }] });
  const blind = new PointMassModel();
  const cost = new IntrinsicCost();
  cost.update({ surprise: { enabled: surpriseWeight > 0, weight: surpriseWeight } });
  const planner = new Mode2Planner({ dynamics: blind, probes: blind, cost }, { method: 'hybrid', seed: 5 });
  const memory = new SurpriseMemory();
  const goal = tf.tensor2d([3, 1], [1, 2]);
  let [x, y] = [1.2, 1];
  for (let i = 0; i < steps && Math.hypot(x - 3, y - 1) > 0.3; i++) {
    const s = tf.tensor2d([x, y], [1, 2]);
    const r = planner.plan({ state: s, goal, surprises: memory.places() });
    s.dispose();
    const from: [number, number] = [x, y];
    const predicted = blind.stepJs(x, y, r.action[0], r.action[1]);
    [x, y] = real.stepJs(x, y, r.action[0], r.action[1]);
    memory.observe(from, predicted, [x, y]);
  }
  goal.dispose();
  return { x, y, surprises: memory.size };
}

describe('surprise memory in the planning loop', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('a wall-blind model keeps pushing into the wall; remembering its misses, it goes round', () => {
    const blind = run(0, 60);
    expect(blind.x).toBeLessThan(2); // still on the start side after 60 steps
    const aware = run(2, 60);
    expect(aware.surprises).toBeGreaterThan(0);
    expect(aware.x).toBeGreaterThan(2); // round the end of the wall
    expect(Math.hypot(aware.x - 3, aware.y - 1)).toBeLessThan(0.5);
  });

  it('the surprise quantity is a sum of 0.25 m Gaussians around the remembered places', () => {
    const m = new SurpriseMemory({ threshold: 0.1, spacing: 0.2, shortfall: 0.03 });
    expect(m.observe([0.5, 1], [1, 1], [1.05, 1])).toBe(false); // within the threshold
    expect(m.observe([1.5, 0.5], [2, 1], [2, 1.5])).toBe(false); // missed, but not blocked: as far, elsewhere
    expect(m.observe([1.5, 1], [2, 1], [1.5, 1])).toBe(true); // stopped short
    expect(m.observe([1.5, 1], [2.1, 1], [1.5, 1])).toBe(false); // too close to a kept place
    expect(m.observe([1.5, 2], [2, 2], [1.5, 2])).toBe(true);
    expect([...m.places()]).toEqual([2, 1, 2, 2]);
    const v = tf.tidy(() => {
      const model = new PointMassModel();
      const s0 = tf.tensor2d([1, 1], [1, 2]);
      const s1 = tf.tensor2d([2, 1], [1, 2]);
      const { ctx } = buildContext({
        states: [s0, s1],
        actions: tf.zeros([1, 1, 2]) as tf.Tensor3D,
        goal: s0,
        probes: model,
        dt: 0.1,
        surprises: tf.tensor2d(m.places(), [2, 2]),
      });
      return ctx.surprise.dataSync()[0]!;
    });
    // At (2, 1): 1 from its own place, exp(-1 / (2 * 0.0625)) from (2, 2).
    expect(v).toBeCloseTo(1 + Math.exp(-8), 5);
    m.clear();
    expect(m.size).toBe(0);
    expect(() => new SurpriseMemory({ threshold: 0 })).toThrow(/threshold/);
    // Without a shortfall any miss over the threshold counts (the default).
    expect(new SurpriseMemory().observe([1.5, 0.5], [2, 1], [2, 1.5])).toBe(true);
  });
});
