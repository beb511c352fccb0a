import { beforeAll, describe, expect, it } from 'vitest';
import { wallOccupancy } from '../../world/occupancy';
import type { Observation } from '../../world/types';
import type { LatentProbes, WallMapReadout } from '../contracts';
import { stateCosts } from '../state-costs';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { CentroidEncoder, PointMassModel } from './analytic';
import { buildContext } from './context';
import { IntrinsicCost } from './cost';
import { Mode2Planner, type PlannedRoute } from './mode2';
import { routeField } from './route-field';
import { readSeenRoute } from './route-read';

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

function run(seenWallWeight: number, steps: number, horizon: number, routeWeight = 0) {
  const real = new PointMassModel({ walls: [{ x: 2, y0: 0, y1: 2.6 }] });
  const blind = new PointMassModel();
  const cost = new IntrinsicCost();
  cost.update({
    seenWall: { enabled: seenWallWeight > 0, weight: seenWallWeight },
    route: { enabled: routeWeight > 0, weight: routeWeight },
  });
  const probes = withMap(blind, mapOf([WALL]));
  const planner = new Mode2Planner({ dynamics: blind, probes, cost }, { method: 'hybrid', seed: 5, horizon });
  const goal = tf.tensor2d([3, 1], [1, 2]);
  let [x, y] = [1.2, 1];
  let i = 0;
  let route: PlannedRoute | null = null;
  const tensors = tf.memory().numTensors;
  for (; i < steps && Math.hypot(x - 3, y - 1) > 0.3; i++) {
    const s = tf.tensor2d([x, y], [1, 2]);
    const r = planner.plan({ state: s, goal });
    s.dispose();
    route ??= r.route;
    [x, y] = real.stepJs(x, y, r.action[0], r.action[1]);
  }
  const leaked = tf.memory().numTensors - tensors;
  goal.dispose();
  return { x, y, steps: i, route, leaked };
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

  it('with a horizon too short to see round the wall, the route around the seen wall leads the way', () => {
    // 8 steps reach about 1 m: going round (1.6 m up first) never looks cheaper to the goal term.
    const stuck = run(10, 60, 8);
    expect(stuck.x).toBeLessThan(2);
    const routed = run(10, 60, 8, 1);
    expect(Math.hypot(routed.x - 3, routed.y - 1)).toBeLessThan(0.5);
    expect(routed.leaked).toBe(0);
    // The first plan's route: from the agent's cell up past the wall's end (y > 2.6) to the goal's.
    const path = routed.route!.path;
    const ys = Array.from({ length: path.length / 2 }, (_, k) => path[2 * k + 1]!);
    expect(Math.max(...ys)).toBeGreaterThan(2.6);
    expect(path.at(-2)).toBeCloseTo(3.125, 5); // the goal's cell centre (0.25 m cells)
    expect(routed.route!.length).toBeGreaterThan(2 * 1.6 + 1.5);
    expect(stuck.route).toBeNull(); // the term is off: no route is computed
  });

  it('route charges a step that skips route through the wall, so crossing it is not progress', () => {
    const model = new PointMassModel({ gain: 1 });
    const probes = withMap(model, mapOf([WALL]));
    // The field from a goal at (3, 1), computed over the same map the planner would read.
    const cells = wallOccupancy({ arena: { width: 4, height: 4 }, walls: [WALL], doors: [] }, GRID, 0.1);
    const field = routeField(cells, { grid: GRID, width: 4, height: 4 }, [3, 1]);
    const routeAlong = (path: [number, number][]) =>
      tf.tidy(() => {
        const { ctx } = buildContext({
          states: path.map((p) => tf.tensor2d(p, [1, 2])),
          actions: tf.zeros([1, path.length - 1, 2]) as tf.Tensor3D,
          goal: tf.tensor2d([3, 1], [1, 2]),
          probes,
          dt: 0.1,
          route: { field: tf.tensor2d(field, [GRID, GRID]), width: 4, height: 4 },
        });
        return Array.from(ctx.route.dataSync());
      });
    // Along the open floor the route falls about as fast as the agent moves, with no extra charge.
    const open = routeAlong([
      [1.2, 3.2],
      [1.7, 3.2],
      [2.2, 3.2],
    ]);
    expect(open[1]!).toBeLessThan(open[0]!);
    // Jumping the wall: the field on the far side is low, but the skipped route comes back twice.
    const jump = routeAlong([
      [1.2, 1],
      [1.6, 1],
      [2.4, 1],
      [2.8, 1],
    ]);
    const fieldAfter = field[Math.floor(1 / 0.25) * GRID + Math.floor(2.8 / 0.25)]!;
    expect(fieldAfter).toBeLessThan(1);
    expect(jump[2]!).toBeGreaterThan(jump[0]!);
    expect(jump[2]!).toBeGreaterThan(4);
  });

  it("the heat map's cost of being somewhere includes the route around the seen wall", () => {
    const model = new PointMassModel();
    const probes = withMap(model, mapOf([WALL]));
    const S = 16;
    /** An observation with the agent's pixel at (x, y) m of the 4 x 4 arena. */
    const obsAt = (x: number, y: number): Observation => {
      const image = new Float32Array(4 * S * S);
      image[S * S + Math.floor((y / 4) * S) * S + Math.floor((x / 4) * S)] = 1;
      return { image, size: S, channels: 4, proprio: new Float32Array(2) };
    };
    const cost = new IntrinsicCost();
    cost.update({
      goal: { enabled: false },
      wall: { enabled: false },
      energy: { enabled: false },
      smooth: { enabled: false },
      hazard: { enabled: false },
      route: { enabled: true, weight: 1 },
    });
    const goal = tf.tensor2d([3, 1], [1, 2]);
    const tensors = tf.memory().numTensors;
    // Left of the wall at the goal's height, and the same distance away above the wall's end.
    const [behind, above] = stateCosts({ encoder: new CentroidEncoder(4, 4), probes, cost, goal, dt: 0.1 }, [
      obsAt(1.1, 1.1),
      obsAt(3.1, 3.1),
    ]);
    expect(tf.memory().numTensors).toBe(tensors);
    goal.dispose();
    // Behind the wall the way round is about 1.6 up, 1 across, 1.6 down; above it, about 2 m.
    expect(behind!).toBeGreaterThan(3.5);
    expect(above!).toBeLessThan(2.6);
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

  it("a route read once by the caller (PlanRequest.seen) replaces the planner's own read: same plan, one read", () => {
    const model = new PointMassModel();
    const map = mapOf([WALL]);
    let reads = 0;
    const counted: WallMapReadout = {
      ...map,
      read: (st) => {
        reads++;
        return map.read(st);
      },
    };
    const probes = withMap(model, counted);
    const goal = tf.tensor2d([3, 1], [1, 2]);
    const s = tf.tensor2d([1.2, 1], [1, 2]);
    const plans = (routeOn: boolean) => {
      const cost = new IntrinsicCost();
      cost.update({ seenWall: { enabled: true, weight: 10 }, route: { enabled: routeOn, weight: 2 } });
      const planner = () =>
        new Mode2Planner({ dynamics: model, probes, cost }, { method: 'hybrid', seed: 5, horizon: 8 });
      reads = 0;
      const own = planner().plan({ state: s, goal });
      const ownReads = reads;
      const tensors = tf.memory().numTensors;
      const seen = readSeenRoute(probes, s, goal, true)!;
      reads = 0;
      const shared = planner().plan({ state: s, goal, seen });
      const sharedReads = reads;
      seen.cells.dispose();
      seen.route?.field.dispose();
      expect(tf.memory().numTensors).toBe(tensors);
      return { own, ownReads, shared, sharedReads };
    };
    for (const routeOn of [true, false]) {
      const { own, ownReads, shared, sharedReads } = plans(routeOn);
      expect(ownReads).toBe(1);
      expect(sharedReads).toBe(0);
      expect(Array.from(shared.sequence)).toEqual(Array.from(own.sequence));
      expect(shared.cost).toBe(own.cost);
      // The route is drawn (and charged) only while its term is on, even when the caller read it.
      expect(shared.route !== null).toBe(routeOn);
      expect(own.route !== null).toBe(routeOn);
    }
    s.dispose();
    goal.dispose();
  });
});
