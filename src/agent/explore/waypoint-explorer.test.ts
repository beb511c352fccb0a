import { describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../../world/index';
import type { Action } from '../../world/types';
import { OuExplorer } from './ou-explorer';
import { WaypointExplorer } from './waypoint-explorer';

/** Room changes (x crossing the two-rooms wall) and dividing-wall contact steps over `steps` steps. */
function tally(policy: (r: ReturnType<World['step']>) => Action, reset: () => void, steps: number) {
  const base = builtinScenario('two-rooms');
  const world = World.create(
    { ...base, episode: { ...base.episode, maxSteps: 400, successRadius: 0.01 } },
    { seed: 3 },
  );
  let r = world.reset();
  reset();
  let crossings = 0;
  let contacts = 0;
  for (let i = 0; i < steps; i++) {
    const before = r.info.position.x < 5;
    r = world.step(policy(r));
    // Contacts with the dividing wall (the border is touched often by any explorer).
    if (r.info.collided && Math.abs(r.info.position.x - 5) < 0.6) contacts++;
    if (before !== r.info.position.x < 5) crossings++;
    if (r.info.done) {
      r = world.reset();
      reset();
    }
  }
  return { crossings, contacts };
}

describe('WaypointExplorer', () => {
  it('crosses between rooms and touches the dividing wall far more often than the OU explorer', () => {
    const wp = new WaypointExplorer({ arena: { width: 10, height: 10 }, seed: 1 });
    const ou = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: 1 });
    const a = tally(
      (r) => wp.next(r),
      () => wp.reset(),
      4000,
    );
    const b = tally(
      () => ou.next(),
      () => ou.reset(),
      4000,
    );
    expect(a.crossings).toBeGreaterThan(2 * Math.max(1, b.crossings));
    expect(a.contacts).toBeGreaterThan(2 * Math.max(1, b.contacts));
  });

  it('keeps actions inside the unit disc and rejects a bad pull', () => {
    const wp = new WaypointExplorer({ arena: { width: 10, height: 10 }, seed: 2 });
    const world = World.create(builtinScenario('open'), { seed: 1 });
    let r = world.reset();
    for (let i = 0; i < 300; i++) {
      const a = wp.next(r);
      expect(Math.hypot(a[0], a[1])).toBeLessThanOrEqual(1 + 1e-9);
      r = world.step(a);
    }
    expect(() => new WaypointExplorer({ arena: { width: 10, height: 10 }, pull: 2 })).toThrow(/pull/);
  });
});
