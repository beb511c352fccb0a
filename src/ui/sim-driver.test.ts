import { describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../world';
import { SimDriver } from './sim-driver';

const FRAME = 1 / 60;

function driver(opts: Partial<ConstructorParameters<typeof SimDriver>[0]> = {}) {
  return new SimDriver({ scenario: builtinScenario('open'), seed: 3, obsSize: 16, ...opts });
}

/** A clock that moves 1 ms each time it is read: stepping at max then depends on no real time. */
function tickingClock() {
  let t = 0;
  return () => t++;
}

describe('SimDriver stepping', () => {
  it('takes one control step per controlDt of real time at 1x', () => {
    const d = driver();
    const dt = d.world.controlDt;
    let steps = 0;
    const frames = Math.round((3 * dt) / FRAME) * 10; // 30 control periods
    for (let i = 0; i < frames; i++) steps += d.advance(FRAME);
    expect(steps).toBe(30);
    expect(d.totalSteps).toBe(30);
  });

  it('takes four times as many at 4x', () => {
    const d = driver();
    d.speed = '4';
    let steps = 0;
    const frames = Math.round(d.world.controlDt / FRAME) * 10;
    for (let i = 0; i < frames; i++) steps += d.advance(FRAME);
    expect(steps).toBe(40);
  });

  it('carries the remainder between frames instead of rounding each frame', () => {
    const d = driver();
    const dt = d.world.controlDt;
    expect(d.advance(dt * 0.6)).toBe(0);
    expect(d.advance(dt * 0.6)).toBe(1);
    expect(d.advance(dt * 0.8)).toBe(1);
  });

  it('catches up only a few periods after a long stall', () => {
    const d = driver();
    expect(d.advance(60)).toBe(5);
  });

  it('at max steps until the frame budget is spent', () => {
    const d = driver({ clock: tickingClock(), maxSpeedBudgetMs: 10 });
    d.speed = 'max';
    expect(d.advance(FRAME)).toBe(10);
    expect(d.fastForward).toBe(true);
  });

  it('does nothing while paused or while the agent is held, but single-steps on request', () => {
    const d = driver();
    d.paused = true;
    expect(d.advance(1)).toBe(0);
    const before = d.info.step;
    d.stepOnce();
    expect(d.info.step).toBe(before + 1);
    d.paused = false;
    d.dragAgent(true);
    expect(d.advance(1)).toBe(0);
    d.dragAgent(false);
    expect(d.advance(d.world.controlDt)).toBe(1);
  });
});

describe('SimDriver actions and commands', () => {
  it('drives the agent in the direction of the keyboard action, overriding the agent', () => {
    const d = driver();
    const calls: number[] = [];
    d.setActionSource(() => {
      calls.push(1);
      return [0, -1];
    });
    d.setManualAction([1, 0]);
    const x0 = d.info.position.x;
    const y0 = d.info.position.y;
    for (let i = 0; i < 5; i++) d.stepOnce();
    expect(calls).toHaveLength(0);
    expect(d.info.position.x - x0).toBeGreaterThan(0.2);
    expect(Math.abs(d.info.position.y - y0)).toBeLessThan(0.05);
    d.setManualAction(null);
    const y1 = d.info.position.y;
    for (let i = 0; i < 5; i++) d.stepOnce();
    expect(calls).toHaveLength(5);
    expect(d.info.position.y).toBeLessThan(y1);
  });

  it('counts a success and starts the next episode when the agent reaches the goal', () => {
    const d = driver();
    const ends: boolean[] = [];
    d.onEpisodeEnd = (e) => ends.push(e.success);
    const goal = d.info.goal;
    const rev = d.episodeRevision;
    d.placeAgent(goal);
    d.stepOnce();
    expect(ends).toEqual([true]);
    expect(d.successes).toBe(1);
    expect(d.episodesDone).toBe(1);
    expect(d.snapshot().episode).toBe(1);
    expect(d.info.step).toBe(0);
    expect(d.episodeRevision).toBe(rev + 1);
  });

  it('ends an episode without success when the step budget runs out', () => {
    const d = driver();
    const max = d.snapshot().maxSteps;
    // With no action the agent stays at its start, at least the scenario's minimum distance away.
    for (let i = 0; i < max; i++) d.stepOnce();
    expect(d.episodesDone).toBe(1);
    expect(d.successes).toBe(0);
    expect(d.snapshot().episode).toBe(1);
  });

  it('restart keeps the seed and reproduces the first episode exactly', () => {
    const d = driver({ seed: 11 });
    const first = d.snapshot();
    d.setManualAction([1, 1]);
    for (let i = 0; i < 7; i++) d.stepOnce();
    d.nextEpisode();
    expect(d.snapshot().episode).toBe(1);
    expect(d.episodesDone).toBe(0);
    d.restart();
    expect(d.seed).toBe(11);
    const again = d.snapshot();
    expect(again.agent.position).toEqual(first.agent.position);
    expect(again.goal.position).toEqual(first.goal.position);
    expect(again.episode).toBe(0);
    expect(d.totalSteps).toBe(0);
    const fresh = World.create(builtinScenario('open'), { seed: 11, obsSize: 16 }).snapshot();
    expect(again.agent.position).toEqual(fresh.agent.position);
  });

  it('moves the goal and the agent on command, bumping no layout revision for them', () => {
    const d = driver();
    const rev = d.layoutRevision;
    d.setGoal({ x: 2, y: 2 });
    expect(d.info.goal.x).toBeCloseTo(2, 6);
    expect(d.info.goal.y).toBeCloseTo(2, 6);
    d.placeAgent({ x: 7, y: 6 });
    expect(d.snapshot().agent.position.x).toBeCloseTo(7, 6);
    expect(d.layoutRevision).toBe(rev);
  });

  it('toggles a door, bumping the layout revision so the view redraws it', () => {
    const d = new SimDriver({ scenario: builtinScenario('two-rooms'), seed: 2, obsSize: 16 });
    const door = d.snapshot().doors[0];
    expect(door).toBeDefined();
    // Keep the agent away from the doorway so the world allows closing it.
    d.placeAgent({ x: 1, y: 1 });
    const rev = d.layoutRevision;
    expect(d.toggleDoor(door!.id)).toBe(true);
    expect(d.snapshot().doors[0]!.open).toBe(!door!.open);
    expect(d.layoutRevision).toBe(rev + 1);
    d.toggleAllDoors();
    expect(d.snapshot().doors.every((x) => x.open)).toBe(true);
    expect(d.toggleDoor('no-such-door')).toBe(false);
  });

  it('reports a door the world refuses to close because the agent stands in it', () => {
    const d = new SimDriver({ scenario: builtinScenario('two-rooms'), seed: 2, obsSize: 16 });
    const door = d.snapshot().doors[0]!;
    expect(door.open).toBe(true);
    d.placeAgent({ x: door.rect.x + door.rect.w / 2, y: door.rect.y + door.rect.h / 2 });
    const refused: string[] = [];
    d.onDoorRefused = (id) => refused.push(id);
    expect(d.toggleDoor(door.id)).toBe(false);
    d.toggleAllDoors();
    expect(refused).toEqual([door.id, door.id]);
    expect(d.snapshot().doors[0]!.open).toBe(true);
  });

  it('leaves the running world untouched when a new one cannot be built', () => {
    const d = driver();
    const before = d.world;
    const bad = { ...builtinScenario('open'), arena: { width: -1, height: 10 } };
    expect(() => d.load(bad as never, 4)).toThrow(/arena/);
    expect(d.world).toBe(before);
    expect(d.seed).toBe(3);
  });
});

describe('SimDriver frame-exact stepping (recording)', () => {
  it('takes no real-time steps while the recorder holds the clock', () => {
    const d = driver();
    d.externalClock = true;
    expect(d.advance(1)).toBe(0);
    d.externalClock = false;
    expect(d.advance(d.world.controlDt)).toBe(1);
  });

  it('steps with the awaited action for exactly the current observation, as a fresh world would', async () => {
    const d = driver();
    const twin = World.create(builtinScenario('open'), { seed: 3, obsSize: 16 });
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      await d.stepAwaiting(async (info) => {
        seen.push(info.step);
        await new Promise((r) => setTimeout(r, 1)); // a slow planner: the world waits
        return [1, 0];
      });
      twin.step([1, 0]);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(d.snapshot().agent.position).toEqual(twin.snapshot().agent.position);
  });

  it('does not step an agent that is being dragged', async () => {
    const d = driver();
    d.dragAgent(true);
    await d.stepAwaiting(async () => [1, 0]);
    expect(d.totalSteps).toBe(0);
    d.dragAgent(false);
    await d.stepAwaiting(async () => [1, 0]);
    expect(d.totalSteps).toBe(1);
  });

  it('lets held keys win over the planner without asking it', async () => {
    const d = driver();
    d.setManualAction([0, 1]);
    let asked = 0;
    const before = d.snapshot().agent.position.y;
    await d.stepAwaiting(async () => {
      asked++;
      return [0, -1];
    });
    expect(asked).toBe(0);
    expect(d.snapshot().agent.position.y).toBeGreaterThan(before);
  });
});
