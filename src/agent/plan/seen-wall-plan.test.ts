import { beforeAll, describe, expect, it } from 'vitest';
import { wallOccupancy } from '../../world/occupancy';
import type { LatentProbes, WallMapReadout } from '../contracts';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { PointMassModel } from './analytic';
import { buildContext } from './context';
import { IntrinsicCost } from './cost';
import { Mode2Planner } from './mode2';

// The real world has a wall at x = 2 from the floor up to y = 2.6; the planner's model has no wall
// (the learned model's failure, made exact), but its wall map, read from the current state, has it.
const WALL = { x: 1.9, y: 0, w: 0.2, h: 2.6 };
const GRID = 16;

function mapOf(walls: { x: number; y: number; w: number; h: number }[]): WallMapReadout {
  const cells = wallOccupancy({ arena: { width: 4, height: 4 }, walls, doors: [] }, GRID, 0.1);
  return {
    grid: GRID,
    width: 4,
    height: 4,
    read: (s) => tf.tidy(() => tf.tile(tf.tensor2d(cells, [1, GRID * GRID]), [s.shape[0], 1]) as tf.Tensor2D),
  };
}

function withMap(model: PointMassModel, wallMap: WallMapReadout): LatentProbes {
  return {
    position: (s) => model.position(s),
    wallDistance: (s) => model.wallDistance(s),
    hazard: (s) => model.hazard(s),
    wallMap,
  };
}

function run(seenWallWeight: number, steps: number, horizon: number) {
  const real = new PointMassModel({ walls: [{ x: 2, y0: 0, y1: 2.6 }] });
  const blind = new PointMassModel();
  const cost = new IntrinsicCost();
  cost.update({ seenWall: { enabled: seenWallWeight > 0, weight: seenWallWeight } });
  const probes = withMap(blind, mapOf([WALL]));
  const planner = new Mode2Planner({ dynamics: blind, probes, cost }, { method: 'hybrid', seed: 5, horizon });
  const goal = tf.tensor2d([3, 1], [1, 2]);
  let [x, y] = [1.2, 1];
  let i = 0;
  for (; i < steps && Math.hypot(x - 3, y - 1) > 0.3; i++) {
    const s = tf.tensor2d([x, y], [1, 2]);
    const r = planner.plan({ state: s, goal });
    s.dispose();
    [x, y] = real.stepJs(x, y, r.action[0], r.action[1]);
  }
  goal.dispose();
  return { x, y, steps: i };
}

describe('the wall map in the planning loop', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('a wall-blind model pushes into the wall; charged for crossing the seen wall, it goes round', () => {
    // The horizon must see round the wall, and crossing it must cost more than the detour.
    const blind = run(0, 60, 30);
    expect(blind.x).toBeLessThan(2);
    const aware = run(10, 60, 30);
    expect(aware.x).toBeGreaterThan(2);
    expect(Math.hypot(aware.x - 3, aware.y - 1)).toBeLessThan(0.5);
  });

  it('seenWall samples the map at three points along each step, so a step that jumps the wall pays', () => {
    const model = new PointMassModel({ gain: 1 });
    const probes = withMap(model, mapOf([WALL]));
    const at = (from: [number, number], to: [number, number]) =>
      tf.tidy(() => {
        const { ctx } = buildContext({
          states: [tf.tensor2d(from, [1, 2]), tf.tensor2d(to, [1, 2])],
          actions: tf.zeros([1, 1, 2]) as tf.Tensor3D,
          goal: tf.tensor2d(to, [1, 2]),
          probes,
          dt: 0.1,
        });
        return ctx.seenWall.dataSync()[0]!;
      });
    expect(at([1, 1], [1.5, 1])).toBe(0); // in the open
    expect(at([1.4, 1], [2.6, 1])).toBeGreaterThan(0.5); // over the wall: the 1/3 or 2/3 sample lands on it
    expect(at([1.4, 3.4], [2.6, 3.4])).toBe(0); // past the wall's end: free
    // Without a map the quantity is zero, not an error.
    const none = tf.tidy(() => {
      const { ctx } = buildContext({
        states: [tf.tensor2d([1.4, 1], [1, 2]), tf.tensor2d([2.6, 1], [1, 2])],
        actions: tf.zeros([1, 1, 2]) as tf.Tensor3D,
        goal: tf.tensor2d([2.6, 1], [1, 2]),
        probes: model,
        dt: 0.1,
      });
      return ctx.seenWall.dataSync()[0]!;
    });
    expect(none).toBe(0);
  });
});
