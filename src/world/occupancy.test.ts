import { describe, expect, it } from 'vitest';
import { builtinScenario } from './builtins';
import { wallOccupancy } from './occupancy';
import { World } from './world';

describe('wallOccupancy', () => {
  it('marks the two-rooms dividing wall and leaves its door gap free', () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 3 });
    const snap = world.snapshot();
    const door = snap.doors[0]!.rect;
    const G = 32;
    const m = wallOccupancy(snap, G, 0.15);
    const cell = 10 / G;
    const at = (x: number, y: number) => m[Math.floor(y / cell) * G + Math.floor(x / cell)]!;
    const doorMid = door.y + door.h / 2;
    // In the wall away from the door: occupied; in the door gap: free; in the rooms: free.
    const wallY = doorMid > 5 ? doorMid - 3 : doorMid + 3;
    expect(at(5, wallY)).toBe(1);
    expect(at(5, doorMid)).toBe(0);
    expect(at(2, 5)).toBe(0);
    expect(at(8, 5)).toBe(0);
    // Only the column(s) over the wall are marked: about 2 cells across, the height less the door.
    const marked = m.reduce((a, b) => a + b, 0);
    expect(marked).toBeGreaterThan(2 * (G - 6));
    expect(marked).toBeLessThan(3 * G);
  });

  it('counts a closed door as wall and rejects a bad grid', () => {
    const snap = {
      arena: { width: 4, height: 4 },
      walls: [],
      doors: [{ id: 'd', rect: { x: 1, y: 1, w: 2, h: 2 }, open: false }],
    };
    const m = wallOccupancy(snap, 4, 0);
    expect([...m]).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(
      wallOccupancy({ ...snap, doors: [{ ...snap.doors[0]!, open: true }] }, 4, 0).every((v) => v === 0),
    ).toBe(true);
    expect(() => wallOccupancy(snap, 0, 0)).toThrow(/grid/);
  });
});
