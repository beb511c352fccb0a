import { beforeAll, describe, expect, it } from 'vitest';
import type { CostToGo } from '../contracts';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { PointMassModel } from './analytic';
import { IntrinsicCost } from './cost';
import { Mode2Planner } from './mode2';

// An analytic "critic" on the point-mass state (x, y): steps to the goal through a door at the top
// (y = 9): going up first is the way. It counts its calls, to check goalSteps is computed lazily.
class DoorCritic implements CostToGo {
  calls = 0;
  constructor(readonly units: 'steps' | 'cost' = 'steps') {}
  value(s: tf.Tensor2D): tf.Tensor1D {
    this.calls++;
    return tf.tidy(() => {
      const y = tf.squeeze(tf.slice(s, [0, 1], [-1, 1]), [1]);
      return tf.mul(tf.abs(tf.sub(y, 9)), 4) as tf.Tensor1D;
    });
  }
}

describe('goalSteps: the critic as a per-step goal cost', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  const plan = (critic: DoorCritic, useSteps: boolean) => {
    const model = new PointMassModel({ width: 10, height: 10 });
    const cost = new IntrinsicCost();
    if (useSteps) cost.update({ goal: { weight: 0 }, goalSteps: { weight: 1, enabled: true } });
    const planner = new Mode2Planner(
      { dynamics: model, probes: model, cost, critic },
      { horizon: 8, iterations: 10, seed: 2, criticWeight: 0 },
    );
    const s = tf.tensor2d([2, 5], [1, 2]);
    const g = tf.tensor2d([8, 5], [1, 2]);
    const r = planner.plan({ state: s, goal: g });
    tf.dispose([s, g]);
    const last = (r.chosen * (r.H + 1) + r.H) * 2;
    return { x: r.trajectories[last]!, y: r.trajectories[last + 1]!, breakdown: r.breakdown };
  };

  it('pulls the plan where the critic says the goal is nearer (up to the door), not straight at it', () => {
    const viaDoor = plan(new DoorCritic(), true);
    const straight = plan(new DoorCritic(), false);
    expect(viaDoor.y).toBeGreaterThan(6.5);
    expect(Math.abs(straight.y - 5)).toBeLessThan(1);
    expect(straight.x).toBeGreaterThan(viaDoor.x);
    expect(viaDoor.breakdown['goalSteps']).toBeGreaterThan(0);
  });

  it('never runs the critic over the horizon while the goalSteps term is off', () => {
    const critic = new DoorCritic();
    plan(critic, false);
    expect(critic.calls).toBe(0);
  });

  it('reads 0 from a critic that predicts cost, not steps (the online TD(lambda) critic)', () => {
    const costCritic = new DoorCritic('cost');
    const r = plan(costCritic, true);
    expect(costCritic.calls).toBe(0);
    expect(r.breakdown['goalSteps'] ?? 0).toBe(0);
  });
});
