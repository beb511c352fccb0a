// Each built-in scenario's episodes follow the distribution its file describes, and are solvable.
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, type BuiltinScenarioName, builtinScenario } from './builtins';
import type { Vec2 } from './types';
import { World } from './world';

/** Flood fill over a grid of disc-centre positions: is there a collision-free path from a to b? */
function connected(w: World, a: Vec2, b: Vec2, cell = 0.05): boolean {
  const { width: W, height: H } = w.scenario.arena;
  const r = w.scenario.agent.radius;
  const nx = Math.floor(W / cell);
  const ny = Math.floor(H / cell);
  const free = new Uint8Array(nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      free[j * nx + i] = w.freeSpaceAt({ x: (i + 0.5) * cell, y: (j + 0.5) * cell }, r) ? 1 : 0;
  // Snap each end to the nearest free grid cell (spawns keep clearance, so one exists nearby).
  const nearestCell = (p: Vec2) => {
    let best = -1;
    let bd = Number.POSITIVE_INFINITY;
    for (let k = 0; k < nx * ny; k++) {
      if (!free[k]) continue;
      const d = Math.hypot(((k % nx) + 0.5) * cell - p.x, (Math.floor(k / nx) + 0.5) * cell - p.y);
      if (d < bd) {
        bd = d;
        best = k;
      }
    }
    return best;
  };
  const s = nearestCell(a);
  const t = nearestCell(b);
  const seen = new Uint8Array(nx * ny);
  const queue = [s];
  seen[s] = 1;
  while (queue.length > 0) {
    const k = queue.pop()!;
    if (k === t) return true;
    const i = k % nx;
    const j = Math.floor(k / nx);
    for (const [di, dj] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const ii = i + di;
      const jj = j + dj;
      if (ii < 0 || jj < 0 || ii >= nx || jj >= ny) continue;
      const kk = jj * nx + ii;
      if (free[kk] && !seen[kk]) {
        seen[kk] = 1;
        queue.push(kk);
      }
    }
  }
  return false;
}

function episodes(name: BuiltinScenarioName, n: number, opts: { layout?: number } = {}) {
  // One world per episode, so each check sees that episode's layout.
  return Array.from({ length: n }, (_, k) => {
    const world = World.create(builtinScenario(name), { seed: 1000 + k, obsSize: 16, ...opts });
    return { info: world.info(), snap: world.snapshot(), world };
  });
}

describe('built-in scenario distributions', () => {
  it('every episode starts clear of walls, far enough from the goal, and can reach it', () => {
    for (const name of BUILTIN_SCENARIOS) {
      const s = builtinScenario(name);
      for (const { info, world } of episodes(name, 6)) {
        expect(world.freeSpaceAt(info.position, s.agent.radius)).toBe(true);
        expect(world.freeSpaceAt(info.goal, s.agent.radius)).toBe(true);
        expect(info.goalDistance).toBeGreaterThanOrEqual(s.episode.minStartGoalDistance);
        expect(info).toMatchObject({ step: 0, success: false, done: false, hazardTime: 0 });
        expect(connected(world, info.position, info.goal), `${name}: goal unreachable`).toBe(true);
      }
    }
  });

  it('two-rooms: start and goal in different rooms, door position varies with the seed', () => {
    const eps = episodes('two-rooms', 60);
    const doorYs = new Set<number>();
    let leftStarts = 0;
    for (const { info, snap } of eps) {
      const wall = { x0: 4.8, x1: 5.2 };
      const startLeft = info.position.x < wall.x0;
      expect(startLeft ? info.goal.x > wall.x1 : info.position.x > wall.x1 && info.goal.x < wall.x0).toBe(
        true,
      );
      if (startLeft) leftStarts++;
      const door = snap.doors[0]!;
      expect(door.open).toBe(true);
      expect(door.rect.x).toBe(4.8);
      expect(door.rect.y).toBeGreaterThanOrEqual(0.75 - 1e-9);
      expect(door.rect.y + door.rect.h).toBeLessThanOrEqual(9.25 + 1e-9);
      doorYs.add(door.rect.y);
      // The wall pieces and the door tile the full wall.
      const total = snap.walls.reduce((a, r) => a + r.h, 0) + door.rect.h;
      expect(total).toBeCloseTo(10, 9);
    }
    expect(doorYs.size).toBe(eps.length);
    const ys = [...doorYs];
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(4);
    expect(leftStarts).toBeGreaterThan(15);
    expect(leftStarts).toBeLessThan(45);
  });

  it('u-trap: start inside the cup, goal beyond its base, the open side facing away from the goal', () => {
    for (const { info, snap } of episodes('u-trap', 30)) {
      const base = snap.walls.find((r) => r.h > r.w)!;
      const arms = snap.walls.filter((r) => r.w > r.h);
      expect(arms.length).toBe(2);
      const armLeft = Math.min(...arms.map((r) => r.x));
      const armTop = Math.min(...arms.map((r) => r.y + r.h));
      const armBottom = Math.max(...arms.map((r) => r.y));
      // Inside the cup: between the arms, left of the base, right of the arms' open ends.
      expect(info.position.x).toBeGreaterThan(armLeft);
      expect(info.position.x).toBeLessThan(base.x);
      expect(info.position.y).toBeGreaterThan(armTop);
      expect(info.position.y).toBeLessThan(armBottom);
      // The goal lies beyond the closed side; the straight line to it crosses the base.
      expect(info.goal.x).toBeGreaterThan(base.x + base.w);
      const t = (base.x - info.position.x) / (info.goal.x - info.position.x);
      const yAtBase = info.position.y + t * (info.goal.y - info.position.y);
      expect(yAtBase).toBeGreaterThan(base.y);
      expect(yAtBase).toBeLessThan(base.y + base.h);
    }
  });

  it('maze: three distinct layouts, drawn per episode or fixed by the layout option', () => {
    const s = builtinScenario('maze');
    expect(s.layouts.length).toBeGreaterThanOrEqual(3);
    const keys = s.layouts.map((l) => JSON.stringify(l.walls));
    expect(new Set(keys).size).toBe(s.layouts.length);
    const seen = new Set<string>();
    for (const { snap } of episodes('maze', 30)) seen.add(JSON.stringify(snap.walls));
    expect(seen.size).toBe(s.layouts.length);
    for (let layout = 0; layout < s.layouts.length; layout++) {
      for (const { snap, info, world } of episodes('maze', 4, { layout })) {
        expect(JSON.stringify(snap.walls)).toBe(keys[layout]);
        expect(connected(world, info.position, info.goal)).toBe(true);
      }
    }
    expect(() => World.create(s, { layout: 3 })).toThrow(/layout must be an index into the 3 layouts/);
  });

  it('hazards: start left, goal right, hazards in between on the straight path', () => {
    let blocked = 0;
    const eps = episodes('hazards', 60);
    const layouts = new Set<string>();
    for (const { info, world, snap } of eps) {
      layouts.add(JSON.stringify(snap.hazards));
      expect(info.position.x).toBeLessThan(2);
      expect(info.goal.x).toBeGreaterThan(8);
      // Sample the straight segment: does it pass through a hazard?
      let hits = false;
      for (let k = 0; k <= 200 && !hits; k++) {
        const p = {
          x: info.position.x + ((info.goal.x - info.position.x) * k) / 200,
          y: info.position.y + ((info.goal.y - info.position.y) * k) / 200,
        };
        world.placeAgent(p);
        hits = world.info().inHazard;
      }
      if (hits) blocked++;
    }
    expect(layouts.size).toBe(3);
    expect(blocked / eps.length).toBeGreaterThan(0.8);
  });
});
