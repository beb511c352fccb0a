import { describe, expect, it } from 'vitest';
import { RingTable, rollingRate } from './ring';

describe('RingTable', () => {
  it('keeps rows oldest to newest and overwrites the oldest beyond capacity', () => {
    const t = new RingTable(3, 2);
    for (let i = 0; i < 5; i++) t.push([i, i * 10]);
    expect(t.size).toBe(3);
    expect(t.columns()).toEqual([
      [2, 3, 4],
      [20, 30, 40],
    ]);
    expect(t.last(1)).toBe(40);
  });

  it('turns null, undefined and non-finite values into gaps', () => {
    const t = new RingTable(4, 2);
    t.push([1, null]);
    t.push([2, Number.POSITIVE_INFINITY]);
    t.push([3, undefined]);
    t.push([4, 7]);
    expect(t.columns()[1]).toEqual([null, null, null, 7]);
    t.push([5, Number.NaN]);
    expect(t.last(1)).toBeNull();
  });

  it('names a malformed row or size', () => {
    const t = new RingTable(2, 3);
    expect(() => t.push([1, 2])).toThrow(/row has 2 values, the table has 3 columns/);
    expect(() => new RingTable(0, 1)).toThrow(/capacity must be a positive integer, got 0/);
    t.push([1, 2, 3]);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.columns()).toEqual([[], [], []]);
  });
});

describe('rollingRate', () => {
  it('is the success fraction over the last window episodes, and over all of them before that', () => {
    expect(rollingRate([true, false, true, true, false, false], 3)).toEqual([
      1,
      0.5,
      2 / 3,
      2 / 3,
      2 / 3,
      1 / 3,
    ]);
    expect(rollingRate([], 5)).toEqual([]);
    expect(() => rollingRate([true], 0)).toThrow(/window must be a positive integer/);
  });
});
