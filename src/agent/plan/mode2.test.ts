import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { PointMassModel } from './analytic';
import { IntrinsicCost } from './cost';
import { Mode2Planner } from './mode2';

const goalT = (x: number, y: number) => tf.tensor2d([x, y], [1, 2]);

function finalPos(r: { trajectories: Float32Array; chosen: number; H: number }): [number, number] {
  const o = (r.chosen * (r.H + 1) + r.H) * 2;
  return [r.trajectories[o]!, r.trajectories[o + 1]!];
}

/** Runs the planner in the analytic world with receding horizon; returns the final position. */
function drive(
  model: PointMassModel,
  planner: Mode2Planner,
  start: [number, number],
  goal: [number, number],
  n: number,
): [number, number] {
  let [x, y] = start;
  const g = goalT(...goal);
  for (let i = 0; i < n; i++) {
    const s = goalT(x, y);
    const r = planner.plan({ state: s, goal: g });
    s.dispose();
    [x, y] = model.stepJs(x, y, r.action[0], r.action[1]);
  }
  g.dispose();
  return [x, y];
}

describe('Mode-2 planner on an analytic point mass', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('lowers the cost over iterations and steers toward the goal', () => {
    const model = new PointMassModel();
    for (const method of ['gd', 'sampling', 'hybrid'] as const) {
      const planner = new Mode2Planner(
        { dynamics: model, probes: model, cost: new IntrinsicCost() },
        { method, iterations: 10, seed: 3 },
      );
      const s = goalT(1, 1);
      const g = goalT(3, 2);
      const r = planner.plan({ state: s, goal: g });
      tf.dispose([s, g]);
      expect(r.costHistory.length).toBeGreaterThan(1);
      expect(r.cost).toBeLessThan(r.costHistory[0]!);
      // First action points at the goal (2, 1)/|.| within a loose angle (sampling-only is noisier).
      const cos = (r.action[0] * 2 + r.action[1] * 1) / (Math.hypot(...r.action) * Math.hypot(2, 1));
      expect(cos, method).toBeGreaterThan(method === 'sampling' ? 0.7 : 0.9);
      expect(r.trajectories.length).toBe(r.K * (r.H + 1) * 2);
      const sum = Object.values(r.breakdown).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(r.cost, 3);
      // Within 0.3 m: well inside the scenarios' 0.5 m success radius (the latent distance has a
      // unit gradient at the goal, so the agent hovers a little instead of parking exactly).
      const [fx, fy] = drive(model, planner, [1, 1], [3, 2], 15);
      expect(Math.hypot(fx - 3, fy - 2), method).toBeLessThan(0.3);
    }
  });

  it('hybrid finds the detour around a wall where plain gradient descent gets stuck', () => {
    // A wall at x = 2 from y = 1.7 to 2.3; start and goal face each other through it. From the
    // straight start the gradient along x is zero once blocked and along y is zero by symmetry (and
    // stays zero: every update keeps y = 2), so GD cannot leave whatever its iterations.
    const model = new PointMassModel({ walls: [{ x: 2, y0: 1.7, y1: 2.3 }] });
    const cost = new IntrinsicCost();
    cost.update({ wall: { weight: 0 } });
    const common = { horizon: 16, iterations: 12, seed: 5, warmStart: false } as const;
    const gd = new Mode2Planner(
      { dynamics: model, probes: model, cost },
      { ...common, method: 'gd', candidates: 1 },
    );
    const hy = new Mode2Planner(
      { dynamics: model, probes: model, cost },
      { ...common, method: 'hybrid', samples: 96, samplingIterations: 3, candidates: 8 },
    );
    const s = goalT(1.5, 2);
    const g = goalT(2.5, 2);
    const rg = gd.plan({ state: s, goal: g });
    const rh = hy.plan({ state: s, goal: g });
    tf.dispose([s, g]);
    const [gx, gy] = finalPos(rg);
    const [hx] = finalPos(rh);
    expect(gx).toBeLessThan(2);
    expect(gy).toBeCloseTo(2, 5);
    expect(hx).toBeGreaterThan(2.2);
    expect(rh.cost).toBeLessThan(rg.cost);
    // Closed loop too: the hybrid gets through, plain GD stays behind the wall.
    const [ex] = drive(model, gd, [1.5, 2], [2.5, 2], 20);
    const [fx, fy] = drive(model, hy, [1.5, 2], [2.5, 2], 20);
    expect(ex).toBeLessThan(2);
    expect(Math.hypot(fx - 2.5, fy - 2)).toBeLessThan(0.25);
  });

  it('a weight change takes effect on the next plan; a bad edit keeps the last good table', () => {
    const model = new PointMassModel({ hazards: [{ x: 2, y: 2, r: 0.5 }] });
    const cost = new IntrinsicCost();
    cost.update({ hazard: { weight: 0 }, wall: { weight: 0 } });
    const planner = new Mode2Planner({ dynamics: model, probes: model, cost }, { horizon: 14, seed: 2 });
    const s = goalT(1, 2);
    const g = goalT(3, 2);
    const minHazardDist = (r: { trajectories: Float32Array; chosen: number; H: number }) => {
      let m = Number.POSITIVE_INFINITY;
      for (let t = 0; t <= r.H; t++) {
        const o = (r.chosen * (r.H + 1) + t) * 2;
        m = Math.min(m, Math.hypot(r.trajectories[o]! - 2, r.trajectories[o + 1]! - 2));
      }
      return m;
    };
    const before = planner.plan({ state: s, goal: g });
    expect(minHazardDist(before)).toBeLessThan(0.3);
    expect(before.breakdown['hazard']).toBe(0);
    cost.update({ hazard: { weight: 5 } });
    planner.reset();
    const after = planner.plan({ state: s, goal: g });
    expect(minHazardDist(after)).toBeGreaterThan(0.45);
    expect(after.breakdown['hazard']).toBeGreaterThan(0);
    expect(() => cost.update({ hazard: { weight: 1 }, energy: { weight: Number.NaN } })).toThrow(
      /energy.*weight/,
    );
    expect(cost.summary().find((t) => t.id === 'hazard')!.weight).toBe(5);
    expect(() => planner.configure({ horizon: 0 })).toThrow(/horizon/);
    const bad = tf.tensor2d([1, 2, 3], [1, 3]);
    expect(() => planner.plan({ state: bad, goal: g })).toThrow(/state must be a \[1, 2\] latent/);
    bad.dispose();
    // A refused request leaves no tensor behind, even with surprises and a previous action given.
    const n0 = tf.memory().numTensors;
    expect(() =>
      planner.plan({
        state: s,
        goal: g,
        prevAction: [0.1, 0],
        surprises: Float32Array.from([1, 1]),
        guesses: [new Float32Array(3)],
      }),
    ).toThrow(/a guess has 3 values, expected H\*A = 28/);
    expect(tf.memory().numTensors).toBe(n0);
    expect(planner.config.horizon).toBe(14);
    tf.dispose([s, g]);
  });

  it('keeps tf.memory().numTensors flat over 500 planning ticks', () => {
    const model = new PointMassModel({ hazards: [{ x: 2, y: 2, r: 0.4 }] });
    const planner = new Mode2Planner(
      { dynamics: model, probes: model, cost: new IntrinsicCost() },
      { seed: 9 },
    );
    const g = goalT(3, 3);
    let x = 0.5;
    let y = 0.5;
    const tick = () => {
      const s = goalT(x, y);
      const r = planner.plan({ state: s, goal: g, prevAction: r0 });
      s.dispose();
      [x, y] = model.stepJs(x, y, r.action[0], r.action[1]);
      if (Math.hypot(x - 3, y - 3) < 0.1) [x, y] = [0.5, 0.5];
    };
    const r0: [number, number] = [0, 0];
    tick();
    const n0 = tf.memory().numTensors;
    for (let i = 0; i < 500; i++) tick();
    expect(tf.memory().numTensors).toBe(n0);
    g.dispose();
  }, 600_000);
});
