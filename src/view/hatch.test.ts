import { describe, expect, it } from 'vitest';
import { hatchCircle, hatchRect } from './hatch';

describe('hatch', () => {
  it('keeps every rectangle stripe inside the rectangle and on a 45-degree line', () => {
    const segs = hatchRect(10, 20, 30, 12, 4);
    expect(segs.length).toBeGreaterThan(8);
    for (const [x1, y1, x2, y2] of segs) {
      for (const [x, y] of [
        [x1, y1],
        [x2, y2],
      ] as const) {
        expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
        expect(x).toBeLessThanOrEqual(40 + 1e-9);
        expect(y).toBeGreaterThanOrEqual(20 - 1e-9);
        expect(y).toBeLessThanOrEqual(32 + 1e-9);
      }
      expect(x1 + y1).toBeCloseTo(x2 + y2, 9);
    }
  });

  it('puts circle stripe ends on the circle', () => {
    const segs = hatchCircle(5, 5, 3, 0.7);
    expect(segs.length).toBeGreaterThan(5);
    for (const [x1, y1, x2, y2] of segs) {
      expect(Math.hypot(x1 - 5, y1 - 5)).toBeCloseTo(3, 9);
      expect(Math.hypot(x2 - 5, y2 - 5)).toBeCloseTo(3, 9);
    }
  });

  it('draws nothing for empty shapes or a zero spacing', () => {
    expect(hatchRect(0, 0, 0, 5, 1)).toEqual([]);
    expect(hatchRect(0, 0, 5, 5, 0)).toEqual([]);
    expect(hatchCircle(0, 0, 0, 1)).toEqual([]);
  });
});
