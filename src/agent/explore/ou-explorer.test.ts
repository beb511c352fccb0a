import { describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../../world/index';
import { OuExplorer } from './ou-explorer';

describe('OuExplorer', () => {
  it('gives smooth, bounded actions that are reproducible from the seed', () => {
    const a = new OuExplorer({ seed: 5 });
    const b = new OuExplorer({ seed: 5 });
    a.reset();
    b.reset();
    let jump = 0;
    let prev = a.next();
    expect(b.next()).toEqual(prev);
    for (let i = 0; i < 2000; i++) {
      const x = a.next();
      expect(Math.hypot(x[0], x[1])).toBeLessThanOrEqual(1 + 1e-9);
      jump += Math.hypot(x[0] - prev[0], x[1] - prev[1]);
      prev = x;
    }
    // Mean change per step well below the action scale: correlated, not white noise.
    expect(jump / 2000).toBeLessThan(0.35);
    expect(() => new OuExplorer({ theta: 0 })).toThrow(/theta/);
  });

  it('in two-rooms, crosses the door within episodes and covers both rooms', () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 3, obsSize: 32 });
    const e = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: 4 });
    let crossings = 0;
    const cells = new Set<string>();
    for (let ep = 0; ep < 12; ep++) {
      let r = world.reset();
      e.reset();
      let left = r.info.position.x < 5;
      while (!r.info.done) {
        r = world.step(e.next());
        const nowLeft = r.info.position.x < 5;
        if (nowLeft !== left) crossings++;
        left = nowLeft;
        cells.add(`${Math.floor(r.info.position.x)},${Math.floor(r.info.position.y)}`);
      }
    }
    expect(crossings).toBeGreaterThanOrEqual(1);
    const leftCells = [...cells].filter((c) => Number(c.split(',')[0]) < 5).length;
    // 1 m cells: most of each 5 x 10 m room gets visited.
    expect(leftCells).toBeGreaterThan(30);
    expect(cells.size - leftCells).toBeGreaterThan(30);
  });
});
