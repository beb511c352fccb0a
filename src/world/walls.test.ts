// The hard invariant: whatever the actions, the agent's disc never overlaps a wall, a closed door or
// the arena edge. Long runs of large, persistent random actions (which build speed and ram walls),
// random door toggling and random drags, on every scenario and every layout.
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, builtinScenario } from './builtins';
import { pointRectDistance } from './geometry';
import { createRng } from './rng';
import { parseScenario, SCENARIO_FORMAT } from './schema';
import type { WorldSnapshot } from './types';
import { World } from './world';

function clearance(s: WorldSnapshot): number {
  const { x, y } = s.agent.position;
  const { width: W, height: H } = s.arena;
  let d = Math.min(x, y, W - x, H - y);
  for (const r of s.walls) d = Math.min(d, pointRectDistance(x, y, r));
  for (const door of s.doors) if (!door.open) d = Math.min(d, pointRectDistance(x, y, door.rect));
  return d - s.agent.radius;
}

function torture(world: World, seed: number, steps: number): number {
  const rng = createRng(seed);
  let a: [number, number] = [0, 0];
  let worst = Number.POSITIVE_INFINITY;
  for (let i = 0; i < steps; i++) {
    if (rng.next() < 0.15) a = [rng.uniform(-5, 5), rng.uniform(-5, 5)];
    world.step(a);
    const doors = world.snapshot().doors;
    if (doors.length > 0 && rng.next() < 0.03) {
      const door = doors[rng.int(doors.length)]!;
      world.setDoorOpen(door.id, !door.open);
    }
    if (rng.next() < 0.005) world.placeAgent({ x: rng.uniform(-1, 11), y: rng.uniform(-1, 11) });
    if (i % 400 === 399) world.reset();
    const c = clearance(world.snapshot());
    worst = Math.min(worst, c);
    if (c < 0)
      throw new Error(
        `step ${i}: agent overlaps a wall by ${-c} at ${JSON.stringify(world.info().position)}`,
      );
  }
  return worst;
}

describe('the agent never ends up inside a wall', () => {
  for (const name of BUILTIN_SCENARIOS) {
    const layouts = builtinScenario(name).layouts.length;
    for (let layout = 0; layout < Math.max(1, layouts); layout++) {
      it(`${name}${layouts > 0 ? ` layout ${layout}` : ''}: 5,000 steps of large random actions`, () => {
        const opts = { seed: 100 + layout, obsSize: 16, ...(layouts > 0 ? { layout } : {}) };
        const w = World.create(builtinScenario(name), opts);
        expect(torture(w, 7 + layout, 5000)).toBeGreaterThanOrEqual(0);
      });
    }
  }

  it('with boxes shoving the agent against walls and doors', () => {
    const r = parseScenario({
      format: SCENARIO_FORMAT,
      name: 'crowded',
      walls: [
        { x: 4.8, y: 0, w: 0.4, h: 10, door: { id: 'gate', width: 1.6, at: { min: 2, max: 8 } } },
        { x: 0, y: 4.8, w: 4.8, h: 0.4 },
      ],
      boxes: [
        { id: 'a', x: 2, y: 2, w: 1.2, h: 1.2, density: 5 },
        { id: 'b', x: 3.5, y: 7, w: 0.6, h: 1.8, angle: 0.7, damping: 1 },
        { id: 'c', x: 7.5, y: 5, w: 1.5, h: 0.5 },
      ],
      spawns: [{ start: { x: 0.3, y: 0.3, w: 9.4, h: 9.4 }, goal: { x: 0.3, y: 0.3, w: 9.4, h: 9.4 } }],
    });
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(torture(World.create(r.scenario, { seed: 3, obsSize: 16 }), 11, 5000)).toBeGreaterThanOrEqual(0);
  });
});
