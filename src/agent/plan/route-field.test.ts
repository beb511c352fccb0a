import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../world/builtins';
import { wallOccupancy } from '../../world/occupancy';
import { World } from '../../world/world';
import { cellOf, routeField, routePath } from './route-field';

const G = 20;
const grid = { grid: G, width: 10, height: 10 };

/** A vertical wall at column 10 with a gap at rows `gap`. */
function wallWithDoor(gap: readonly number[]): Float32Array {
  const m = new Float32Array(G * G);
  for (let j = 0; j < G; j++) if (!gap.includes(j)) m[j * G + 10] = 1;
  return m;
}

describe('routeField', () => {
  it('is the straight-line distance on open floor', () => {
    const f = routeField(new Float32Array(G * G), grid, [0.25, 0.25]);
    expect(f[0]).toBe(0);
    expect(f[5]).toBeCloseTo(2.5, 5); // five cells of 0.5 m along the row
    expect(f[5 * G + 5]).toBeCloseTo(5 * Math.hypot(0.5, 0.5), 5);
  });

  it('goes round a wall through its door, not through it', () => {
    const m = wallWithDoor([17, 18]);
    // Goal on the right at row 2; from the left at row 2 the straight line is 2.5 m, the door
    // is at rows 17-18, so the route is much longer.
    const goal: [number, number] = [6.25, 1.25];
    const f = routeField(m, grid, goal);
    const [i, j] = cellOf(grid, 3.75, 1.25);
    const left = f[j * G + i]!;
    expect(left).toBeGreaterThan(2 * 7.5); // down to the door and back up on both sides
    expect(left).toBeLessThan(20);
    // Moving the door next to the straight line shortens the route to about the straight line.
    const near = routeField(wallWithDoor([2]), grid, goal);
    expect(near[j * G + i]!).toBeCloseTo(2.5, 5);
    // Inside the wall it is dearer than either side next to it, so the gradient points out.
    const wall = f[j * G + 10]!;
    expect(wall).toBeGreaterThan(f[j * G + 9]!);
    expect(wall).toBeGreaterThan(f[j * G + 11]!);
  });

  it('does not cut a wall corner diagonally', () => {
    const m = new Float32Array(G * G);
    m[5 * G + 6] = 1; // (6, 5) and (5, 6) walled: (6, 6) is diagonal from the goal's (5, 5)
    m[6 * G + 5] = 1;
    const f = routeField(m, grid, [2.75, 2.75]);
    expect(f[6 * G + 6]!).toBeGreaterThan(1.5); // round the corner, not the 0.71 m diagonal
    expect(f[4 * G + 4]!).toBeCloseTo(Math.hypot(0.5, 0.5), 5); // a free diagonal is fine
  });

  it('describes a path downhill from the agent to the goal through the door', () => {
    const m = wallWithDoor([17, 18]);
    const f = routeField(m, grid, [6.25, 1.25]);
    const p = routePath(f, grid, 3.75, 1.25);
    const ys = Array.from({ length: p.length / 2 }, (_, k) => p[2 * k + 1]!);
    const xs = Array.from({ length: p.length / 2 }, (_, k) => p[2 * k]!);
    expect(xs.at(-1)).toBeCloseTo(6.25, 5);
    expect(ys.at(-1)).toBeCloseTo(1.25, 5);
    expect(Math.max(...ys)).toBeGreaterThan(8.5); // it went down to the door
  });

  it('follows the real two-rooms door from the true occupancy', () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 3 });
    const snap = world.snapshot();
    const door = snap.doors[0]!.rect;
    const occ = wallOccupancy(snap, 32, 0.15);
    const g32 = { grid: 32, width: 10, height: 10 };
    const f = routeField(occ, g32, [8, door.y + door.h / 2]);
    const p = routePath(f, g32, 2, door.y + door.h / 2);
    // Level with the door the route is about the straight line; it crosses x = 5 inside the door.
    expect(f[cellOf(g32, 2, door.y + door.h / 2)[1] * 32 + cellOf(g32, 2, 0)[0]]!).toBeLessThan(6.7);
    for (let k = 0; k + 1 < p.length / 2; k++) {
      const [x0, y0, x1] = [p[2 * k]!, p[2 * k + 1]!, p[2 * k + 2]!];
      if (x0 < 5 && x1 >= 5) {
        expect(y0).toBeGreaterThan(door.y);
        expect(y0).toBeLessThan(door.y + door.h);
      }
    }
  });

  it('names bad input', () => {
    expect(() => routeField(new Float32Array(3), grid, [1, 1])).toThrow(/expected 400 map cells, got 3/);
    expect(() => routeField(new Float32Array(G * G), grid, [Number.NaN, 1])).toThrow(/goal must be finite/);
  });
});
