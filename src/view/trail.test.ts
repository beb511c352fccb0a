import { describe, expect, it } from 'vitest';
import { Trail } from './trail';

function points(t: Trail): number[] {
  const xs: number[] = [];
  t.forEach((x) => {
    xs.push(x);
  });
  return xs;
}

describe('Trail', () => {
  it('keeps the newest points in order once full', () => {
    const t = new Trail(3);
    for (let i = 0; i < 5; i++) t.push({ x: i, y: -i });
    expect(points(t)).toEqual([2, 3, 4]);
    expect(t.last()).toEqual({ x: 4, y: -4 });
  });

  it('reports ages from 1 (oldest) towards 0 (newest)', () => {
    const t = new Trail(4);
    for (let i = 0; i < 4; i++) t.push({ x: i, y: 0 });
    const ages: number[] = [];
    t.forEach((_x, _y, age) => {
      ages.push(age);
    });
    expect(ages).toEqual([1, 0.75, 0.5, 0.25]);
  });

  it('shrinks keeping the newest and grows keeping everything', () => {
    const t = new Trail(5);
    for (let i = 0; i < 7; i++) t.push({ x: i, y: 0 });
    t.resize(2);
    expect(points(t)).toEqual([5, 6]);
    t.resize(4);
    t.push({ x: 7, y: 0 });
    expect(points(t)).toEqual([5, 6, 7]);
  });

  it('is inert with zero capacity and empties on clear', () => {
    const z = new Trail(0);
    z.push({ x: 1, y: 1 });
    expect(z.length).toBe(0);
    expect(z.last()).toBeNull();
    const t = new Trail(2);
    t.push({ x: 1, y: 1 });
    t.clear();
    expect(points(t)).toEqual([]);
  });
});
