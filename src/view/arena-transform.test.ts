import { describe, expect, it } from 'vitest';
import { fitArena, insideArena, rectToScreen, toScreen, toWorld } from './arena-transform';

describe('fitArena', () => {
  it('fits a square arena into a wide canvas, centred, aspect kept', () => {
    const t = fitArena({ width: 10, height: 10 }, 1000, 600, 20);
    expect(t.scale).toBe(56);
    expect(t.offsetY).toBe(20);
    expect(t.offsetX).toBe((1000 - 560) / 2);
    expect(rectToScreen(t, { x: 0, y: 0, w: 10, h: 10 })).toEqual({ x: 220, y: 20, w: 560, h: 560 });
  });

  it('fits a wide arena into a tall canvas by width', () => {
    const t = fitArena({ width: 20, height: 5 }, 400, 800, 0);
    expect(t.scale).toBe(20);
    expect(t.offsetX).toBe(0);
    expect(t.offsetY).toBe(350);
  });

  it('maps world to screen and back exactly', () => {
    const t = fitArena({ width: 10, height: 8 }, 913, 677);
    for (const p of [
      { x: 0, y: 0 },
      { x: 3.25, y: 7.5 },
      { x: 10, y: 8 },
    ]) {
      const s = toScreen(t, p);
      const back = toWorld(t, s.x, s.y);
      expect(back.x).toBeCloseTo(p.x, 10);
      expect(back.y).toBeCloseTo(p.y, 10);
    }
    expect(insideArena(t, toWorld(t, 1, 1))).toBe(false);
    expect(insideArena(t, { x: 5, y: 4 })).toBe(true);
  });

  it('rejects an empty arena with a message naming the size', () => {
    expect(() => fitArena({ width: 0, height: 10 }, 100, 100)).toThrow(/0 x 10/);
  });
});
