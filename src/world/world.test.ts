import { describe, expect, it } from 'vitest';
import { builtinScenario } from './builtins';
import { createRng } from './rng';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from './schema';
import { OBS_CHANNELS, type StepResult } from './types';
import { World } from './world';

function custom(extra: Record<string, unknown>): Scenario {
  const r = parseScenario({
    format: SCENARIO_FORMAT,
    name: 'custom',
    spawns: [{ start: { x: 0.5, y: 0.5, w: 2, h: 2 }, goal: { x: 7, y: 7, w: 2, h: 2 } }],
    ...extra,
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}

/** A crowded box-pushing room: the hardest case for exact save/restore (many simultaneous contacts). */
const boxes = () =>
  custom({
    walls: [
      { x: 4, y: 0, w: 0.4, h: 6 },
      { x: 6, y: 4, w: 4, h: 0.4 },
    ],
    boxes: [
      { id: 'a', x: 2.5, y: 3.5, w: 1, h: 1 },
      { id: 'b', x: 3.2, y: 5.2, w: 0.8, h: 1.4, angle: 0.3 },
      { id: 'c', x: 7, y: 6, w: 1.2, h: 0.6, density: 3 },
    ],
    spawns: [{ start: { x: 0.5, y: 0.5, w: 3, h: 8 }, goal: { x: 6, y: 6, w: 3, h: 3 } }],
  });

const channel = (obs: { image: Float32Array; size: number }, name: (typeof OBS_CHANNELS)[number]) => {
  const S = obs.size;
  const c = OBS_CHANNELS.indexOf(name);
  return obs.image.subarray(c * S * S, (c + 1) * S * S);
};
const pixelAt = (
  obs: { image: Float32Array; size: number },
  name: (typeof OBS_CHANNELS)[number],
  x: number,
  y: number,
) => {
  const S = obs.size;
  return channel(obs, name)[Math.floor((y / 10) * S) * S + Math.floor((x / 10) * S)]!;
};

function expectSameResult(a: StepResult, b: StepResult): void {
  expect(b.info).toEqual(a.info);
  expect(Buffer.from(b.obs.image.buffer).equals(Buffer.from(a.obs.image.buffer))).toBe(true);
  expect(Array.from(b.obs.proprio)).toEqual(Array.from(a.obs.proprio));
}

function randomActions(seed: number, n: number): [number, number][] {
  const rng = createRng(seed);
  const out: [number, number][] = [];
  let a: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    if (rng.next() < 0.2) a = [rng.uniform(-2, 2), rng.uniform(-2, 2)];
    out.push(a);
  }
  return out;
}

describe('World determinism', () => {
  for (const [name, make] of [
    ['two-rooms', () => builtinScenario('two-rooms')],
    ['boxes', boxes],
  ] as const) {
    it(`${name}: same seed and actions give a bit-identical trajectory`, () => {
      const a = World.create(make(), { seed: 11 });
      const b = World.create(make(), { seed: 11 });
      expectSameResult(a.reset(), b.reset());
      for (const act of randomActions(3, 500)) expectSameResult(a.step(act), b.step(act));
      expect(b.snapshot()).toEqual(a.snapshot());
    });

    it(`${name}: a saveState/loadState continuation is bit-identical to the uninterrupted run`, () => {
      const actions = randomActions(5, 400);
      const a = World.create(make(), { seed: 2 });
      for (const act of actions.slice(0, 150)) a.step(act);
      const saved = a.saveState();
      const rest = actions.slice(150).map((act) => a.step(act));
      // Into a different world (other seed, other episode) through a structured clone, as across a worker.
      const b = World.create(make(), { seed: 999 });
      b.step([1, 1]);
      b.loadState(structuredClone(saved));
      for (const [i, act] of actions.slice(150).entries()) expectSameResult(rest[i]!, b.step(act));
      // And back into the same world, after it has moved on.
      a.loadState(saved);
      for (const [i, act] of actions.slice(150).entries()) expectSameResult(rest[i]!, a.step(act));
      // The random stream is part of the state: the next episode matches too.
      expectSameResult(a.reset(), b.reset());
    });
  }

  it('saveState is a copy: stepping afterwards does not change it', () => {
    const w = World.create(boxes(), { seed: 1 });
    const s = w.saveState();
    const before = JSON.stringify(s);
    for (let i = 0; i < 20; i++) w.step([1, 0]);
    expect(JSON.stringify(s)).toBe(before);
  });

  it('rejects a state from another scenario and keeps its own', () => {
    const w = World.create(builtinScenario('open'), { seed: 1 });
    const other = World.create(builtinScenario('two-rooms'), { seed: 1 }).saveState();
    const before = w.info();
    expect(() => w.loadState(other)).toThrow(/scenario "two-rooms"/);
    expect(() => w.loadState({ ...w.saveState(), agent: { x: Number.NaN, y: 0, vx: 0, vy: 0 } })).toThrow(
      /agent.x/,
    );
    expect(w.info()).toEqual(before);
  });
});

describe('World dynamics', () => {
  it('clips the action norm to 1 and rejects non-finite actions without changing state', () => {
    const a = World.create(builtinScenario('open'), { seed: 4 });
    const b = World.create(builtinScenario('open'), { seed: 4 });
    expectSameResult(a.step([30, 40]), b.step([0.6, 0.8]));
    const before = a.info();
    expect(() => a.step([Number.NaN, 0])).toThrow(/two finite numbers/);
    expect(() => a.step([1] as unknown as [number, number])).toThrow(/two finite numbers/);
    expect(a.info()).toEqual(before);
  });

  it('saturates speed: crossing the arena takes 30-50 steps and velocity builds over a few steps', () => {
    const w = World.create(builtinScenario('open'), { seed: 1 });
    w.placeAgent({ x: 0.5, y: 5 });
    w.setGoal({ x: 0.5, y: 0.5 });
    const speeds: number[] = [];
    let steps = 0;
    while (w.info().position.x < 9.5 && steps < 200) {
      speeds.push(w.step([1, 0]).info.velocity.x);
      steps++;
    }
    expect(steps).toBeGreaterThanOrEqual(30);
    expect(steps).toBeLessThanOrEqual(50);
    // Not instantaneous (velocity is state worth predicting), but close to top speed within a few steps.
    expect(speeds[0]!).toBeLessThan(0.5 * w.topSpeed);
    expect(speeds[5]!).toBeGreaterThan(0.85 * w.topSpeed);
    expect(Math.max(...speeds)).toBeLessThanOrEqual(w.topSpeed + 1e-9);
    // Proprioception is velocity over top speed.
    const obs = w.observe();
    expect(obs.proprio[0]).toBeCloseTo(w.info().velocity.x / w.topSpeed, 6);
  });

  it('reports collisions and wall distance from exact geometry', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 1 });
    const door = w.snapshot().doors[0]!.rect;
    // Far from the door, in the left room, 1 unit from the wall face at x = 4.8.
    const y = door.y > 5 ? 2 : 8;
    w.placeAgent({ x: 4.8 - 0.3 - 1, y });
    expect(w.info().wallDistance).toBeCloseTo(1, 9);
    expect(w.step([0, 0]).info.collided).toBe(false);
    let hit = false;
    for (let i = 0; i < 20; i++) {
      const c = w.step([1, 0]).info.collided;
      hit ||= c;
    }
    expect(hit).toBe(true);
    expect(w.info().wallDistance).toBeLessThan(0.03);
    expect(w.info().position.x).toBeLessThan(4.8 - 0.3);
  });

  it('pushes boxes, and draws them in the boxes channel', () => {
    const s = custom({
      boxes: [{ id: 'crate', x: 5, y: 5, w: 1, h: 1 }],
      spawns: [{ start: { x: 1, y: 4.8, w: 0.4, h: 0.4 }, goal: { x: 8, y: 8, w: 1, h: 1 } }],
    });
    const w = World.create(s, { seed: 1 });
    expect(pixelAt(w.observe(), 'boxes', 5, 5)).toBe(1);
    expect(pixelAt(w.observe(), 'boxes', 2, 2)).toBe(0);
    w.placeAgent({ x: 3, y: 5 });
    let collided = false;
    for (let i = 0; i < 25; i++) {
      const c = w.step([1, 0]).info.collided;
      collided ||= c;
    }
    const box = w.snapshot().boxes[0]!;
    expect(collided).toBe(true);
    expect(box.x).toBeGreaterThan(5.5);
    expect(pixelAt(w.observe(), 'boxes', box.x, box.y)).toBe(1);
    expect(w.freeSpaceAt({ x: box.x, y: box.y }, 0.1)).toBe(false);
  });
});

describe('World observations', () => {
  it('has the documented shape, channel order and range', () => {
    for (const size of [32, 48, 64, 96]) {
      const w = World.create(builtinScenario('hazards'), { seed: 1, obsSize: size });
      const o = w.observe();
      expect(o.size).toBe(size);
      expect(o.channels).toBe(OBS_CHANNELS.length);
      expect(o.image.length).toBe(OBS_CHANNELS.length * size * size);
      expect(o.proprio.length).toBe(2);
      expect(o.image.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    expect(() => World.create(builtinScenario('open'), { obsSize: 3 })).toThrow(/obsSize/);
  });

  it('draws the agent at its position, the walls where the walls are, hazards where the hazards are', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 3 });
    const p = w.placeAgent({ x: 2.37, y: 6.81 });
    const o = w.observe();
    expect(pixelAt(o, 'agent', p.x, p.y)).toBe(1);
    expect(pixelAt(o, 'agent', p.x + 0.6, p.y)).toBe(0);
    // The agent channel's centroid is the agent's position, to a fraction of a pixel.
    const ch = channel(o, 'agent');
    let m = 0;
    let cx = 0;
    let cy = 0;
    ch.forEach((v, k) => {
      m += v;
      cx += v * ((k % 64) + 0.5);
      cy += v * (Math.floor(k / 64) + 0.5);
    });
    expect(Math.abs((cx / m) * (10 / 64) - p.x)).toBeLessThan(0.02);
    expect(Math.abs((cy / m) * (10 / 64) - p.y)).toBeLessThan(0.02);
    // The wall at x in [4.8, 5.2] covers pixel columns 31 and 32 fully, except at the door.
    const door = w.snapshot().doors[0]!.rect;
    const wallY = door.y > 5 ? 1 : 9;
    expect(pixelAt(o, 'walls', 5, wallY)).toBe(1);
    expect(pixelAt(o, 'walls', 5, door.y + door.h / 2)).toBe(0);
    expect(pixelAt(o, 'walls', 2, 2)).toBe(0);
    expect(channel(o, 'hazards').every((v) => v === 0)).toBe(true);

    const h = World.create(builtinScenario('hazards'), { seed: 1, layout: 0 });
    const ho = h.observe();
    const disc = h.snapshot().hazards[0]!;
    expect(pixelAt(ho, 'hazards', disc.center!.x, disc.center!.y)).toBe(1);
    expect(pixelAt(ho, 'hazards', 1, 0.2)).toBe(0);
  });

  it('shows sub-pixel motion', () => {
    const w = World.create(builtinScenario('open'), { seed: 1 });
    w.placeAgent({ x: 5, y: 5 });
    const a = w.observe().image;
    w.placeAgent({ x: 5.01, y: 5 });
    expect(w.observe().image).not.toEqual(a);
  });

  it('observeAgentAt draws the same scene with the agent moved, without moving it', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 1 });
    const before = w.info();
    const goal = w.info().goal;
    const o = w.observeAgentAt(goal, { x: 1.25, y: 0 });
    expect(pixelAt(o, 'agent', goal.x, goal.y)).toBe(1);
    expect(Array.from(channel(o, 'walls'))).toEqual(Array.from(channel(w.observe(), 'walls')));
    expect(o.proprio[0]).toBeCloseTo(0.5, 6);
    expect(w.info()).toEqual(before);
  });

  it('returns fresh arrays the caller may keep', () => {
    const w = World.create(builtinScenario('open'), { seed: 1 });
    const a = w.observe();
    const copy = a.image.slice();
    a.image.fill(7);
    w.step([1, 0]);
    expect(w.observe().image).not.toBe(a.image);
    expect(Math.max(...channel(w.observe(), 'walls'))).toBe(0);
    expect(copy.some((v) => v > 0)).toBe(true);
  });
});

describe('World doors', () => {
  it('closing a door blocks the agent and shows in the wall channel; opening lets it through', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 8 });
    const door = w.snapshot().doors[0]!;
    const dy = door.rect.y + door.rect.h / 2;
    const drive = () => {
      w.placeAgent({ x: 2.5, y: dy });
      for (let i = 0; i < 40; i++) w.step([1, 0]);
      return w.info().position.x;
    };
    expect(pixelAt(w.observe(), 'walls', 5, dy)).toBe(0);
    expect(drive()).toBeGreaterThan(5.5);

    expect(w.setDoorOpen('door', false)).toBe(true);
    expect(w.snapshot().doors[0]!.open).toBe(false);
    expect(pixelAt(w.observe(), 'walls', 5, dy)).toBe(1);
    expect(drive()).toBeLessThan(4.8 - 0.3);
    expect(w.info().wallDistance).toBeLessThan(0.03);

    expect(w.setDoorOpen('door', true)).toBe(true);
    expect(pixelAt(w.observe(), 'walls', 5, dy)).toBe(0);
    expect(drive()).toBeGreaterThan(5.5);
  });

  it('refuses to close a door on the agent or a box, changing nothing', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 8 });
    const door = w.snapshot().doors[0]!.rect;
    const dy = door.y + door.h / 2;
    w.placeAgent({ x: 5, y: dy });
    const image = w.observe().image;
    expect(w.setDoorOpen('door', false)).toBe(false);
    expect(w.snapshot().doors[0]!.open).toBe(true);
    expect(w.observe().image).toEqual(image);
    w.placeAgent({ x: 5.55, y: dy }); // agent edge 0.05 from the door
    expect(w.setDoorOpen('door', false)).toBe(true);
    expect(() => w.setDoorOpen('nope', false)).toThrow(/no door "nope".*"door"/);

    const s = custom({
      walls: [{ x: 4.8, y: 0, w: 0.4, h: 10, door: { id: 'gate', width: 2, at: 5 } }],
      boxes: [{ id: 'crate', x: 5, y: 5, w: 0.8, h: 0.8, angle: 0.5 }],
    });
    const b = World.create(s, { seed: 1 });
    expect(b.setDoorOpen('gate', false)).toBe(false);
  });
});

describe('World episodes', () => {
  it('success ends the episode; so does the step budget', () => {
    const w = World.create(builtinScenario('open'), { seed: 5 });
    const p = w.info().position;
    w.setGoal({ x: p.x + 0.3, y: p.y });
    const r = w.step([0, 0]);
    expect(r.info.success).toBe(true);
    expect(r.info.done).toBe(true);

    const short = World.create(custom({ episode: { maxSteps: 5 } }), { seed: 1 });
    const infos = Array.from({ length: 5 }, () => short.step([0, 0]).info);
    expect(infos.map((i) => i.done)).toEqual([false, false, false, false, true]);
    expect(infos[4]!.success).toBe(false);
    expect(short.reset().info).toMatchObject({ step: 0, done: false });
  });

  it('accumulates hazard time only inside hazards', () => {
    const w = World.create(builtinScenario('hazards'), { seed: 1, layout: 0 });
    const hz = w.snapshot().hazards[0]!;
    w.placeAgent({ x: 1, y: 5 });
    for (let i = 0; i < 10; i++) w.step([0, 0]);
    expect(w.info()).toMatchObject({ inHazard: false, hazardTime: 0 });
    w.placeAgent(hz.center!);
    for (let i = 0; i < 5; i++) w.step([0, 0]);
    expect(w.info().inHazard).toBe(true);
    expect(w.info().hazardTime).toBeCloseTo(5 * w.controlDt, 9);

    // Crossing the bars: time is added only on steps that come near a bar.
    const z = World.create(builtinScenario('hazards'), { seed: 1, layout: 1 });
    const bars = z.snapshot().hazards.map((h) => h.rect);
    const near = (x: number, y: number) =>
      bars.some((r) => x > r.x - 0.3 && x < r.x + r.w + 0.3 && y > r.y - 0.3 && y < r.y + r.h + 0.3);
    z.placeAgent({ x: 0.5, y: 5 });
    let prev = z.info();
    let gained = 0;
    for (let i = 0; i < 45; i++) {
      const info = z.step([1, 0]).info;
      const dt = info.hazardTime - prev.hazardTime;
      expect(dt).toBeGreaterThanOrEqual(0);
      expect(dt).toBeLessThanOrEqual(z.controlDt + 1e-9);
      if (!near(prev.position.x, prev.position.y) && !near(info.position.x, info.position.y))
        expect(dt).toBe(0);
      gained += dt;
      prev = info;
    }
    // Three bars of width 0.8 crossed at about 2.5 units/s.
    expect(gained).toBeGreaterThan(0.6);
    expect(gained).toBeLessThan(1.3);
    expect(z.reset().info.hazardTime).toBe(0);
  });

  it('reset(seed) reproduces an episode; reset() moves on', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 1 });
    const first = w.reset(77).info;
    const door = w.snapshot().doors[0]!.rect;
    const next = w.reset().info;
    expect(next.position).not.toEqual(first.position);
    expect(w.reset(77).info).toEqual(first);
    expect(w.snapshot().doors[0]!.rect).toEqual(door);
    expect(w.snapshot().episode).toBe(3);
  });
});

describe('World snapping', () => {
  it('placeAgent and setGoal snap to the nearest free spot', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 8 });
    const door = w.snapshot().doors[0]!.rect;
    const y = door.y > 5 ? 2 : 8;
    // Inside the wall, left of its centre line: out to the left face, just clear of it.
    const q = w.placeAgent({ x: 4.9, y });
    expect(q.x).toBeCloseTo(4.8 - 0.3 - 0.02, 6);
    expect(q.y).toBe(y);
    expect(w.freeSpaceAt(q, 0.3)).toBe(true);
    expect(w.info().velocity).toEqual({ x: 0, y: 0 });
    // Outside the arena: clamped in.
    const r = w.placeAgent({ x: -3, y: 20 });
    expect(r).toEqual({ x: 0.32, y: 10 - 0.32 });
    const g = w.setGoal({ x: 5.15, y });
    expect(g.x).toBeCloseTo(5.2 + 0.32, 6);
    expect(w.info().goal).toEqual(g);
    // A free point stays where it is.
    expect(w.placeAgent({ x: 2, y: 5 })).toEqual({ x: 2, y: 5 });
  });

  it('every snapped position is free and no farther than needed', () => {
    const w = World.create(builtinScenario('maze'), { seed: 2 });
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const p = { x: rng.uniform(-1, 11), y: rng.uniform(-1, 11) };
      const q = w.placeAgent(p);
      expect(w.freeSpaceAt(q, 0.3)).toBe(true);
      // Maze walls are 0.2 thick, so some free spot is always within wall + disc + clearance (+ arena overshoot).
      const overshoot = Math.hypot(Math.max(0, -p.x, p.x - 10), Math.max(0, -p.y, p.y - 10));
      expect(Math.hypot(q.x - p.x, q.y - p.y)).toBeLessThanOrEqual(overshoot + 0.2 + 0.32 + 0.05);
    }
  });

  it('freeSpaceAt checks the arena, walls, closed doors and boxes', () => {
    const w = World.create(builtinScenario('two-rooms'), { seed: 8 });
    const door = w.snapshot().doors[0]!.rect;
    const dy = door.y + door.h / 2;
    expect(w.freeSpaceAt({ x: 5, y: dy }, 0.3)).toBe(true);
    w.placeAgent({ x: 2, y: 2 });
    w.setDoorOpen('door', false);
    expect(w.freeSpaceAt({ x: 5, y: dy }, 0.3)).toBe(false);
    expect(w.freeSpaceAt({ x: 0.2, y: 5 }, 0.3)).toBe(false);
    expect(w.freeSpaceAt({ x: 0.3, y: 5 }, 0.3)).toBe(true);
    expect(w.freeSpaceAt({ x: Number.NaN, y: 5 }, 0.3)).toBe(false);
  });
});
