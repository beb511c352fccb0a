import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { PointMassModel } from './analytic';
import { IntrinsicCost } from './cost';
import { holdActions } from './imagine';
import { Mode2Planner } from './mode2';

describe('held actions (actionRepeat)', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('repeats each action in place and passes each copy its gradient', () => {
    const a = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(holdActions(a, 3).dataSync())).toEqual([
      1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 5, 6, 5, 6, 5, 6, 7, 8, 7, 8, 7, 8,
    ]);
    const w = tf.reshape(tf.range(0, 24), [2, 6, 2]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(holdActions(x as tf.Tensor3D, 3), w)))(a);
    // Block (n, h) collects the weights of its three copies: e.g. n=0, h=0, a=0 -> 0 + 2 + 4.
    expect(Array.from(g.dataSync())).toEqual([6, 9, 24, 27, 42, 45, 60, 63]);
    expect(holdActions(a, 1)).toBe(a);
  });

  it('lets the planner look horizon x repeat steps ahead with horizon free actions', () => {
    const model = new PointMassModel({ width: 10, height: 10 });
    const plan = (actionRepeat: number) => {
      const planner = new Mode2Planner(
        { dynamics: model, probes: model, cost: new IntrinsicCost() },
        { horizon: 5, actionRepeat, iterations: 10, seed: 3 },
      );
      const s = tf.tensor2d([1, 5], [1, 2]);
      const g = tf.tensor2d([9, 5], [1, 2]);
      const r = planner.plan({ state: s, goal: g });
      tf.dispose([s, g]);
      return r;
    };
    const short = plan(1);
    const long = plan(4);
    expect(short.H).toBe(5);
    expect(long.H).toBe(20);
    expect(long.sequence.length).toBe(5 * 2);
    expect(long.trajectories.length).toBe(long.K * (20 + 1) * 2);
    const endX = (r: typeof short) => r.trajectories[(r.chosen * (r.H + 1) + r.H) * 2]!;
    // Five steps cannot get far towards a goal 8 m away; twenty held steps get most of the way.
    expect(endX(long) - 1).toBeGreaterThan(2.5 * (endX(short) - 1));
    expect(endX(long)).toBeGreaterThan(5);
  });
});
