import { describe, expect, it } from 'vitest';
import { createRng } from './rng';

describe('createRng', () => {
  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 100 }, () => a.next());
    const sb = Array.from({ length: 100 }, () => b.next());
    const sc = Array.from({ length: 100 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    // Seeds above 2^32 must not alias their low word.
    expect(createRng(2 ** 32 + 5).next()).not.toBe(createRng(5).next());
  });

  it('resumes exactly from a saved state', () => {
    const a = createRng(7);
    for (let i = 0; i < 10; i++) a.next();
    const s = a.getState();
    const rest = Array.from({ length: 20 }, () => a.normal());
    const b = createRng(999);
    b.setState(s);
    expect(Array.from({ length: 20 }, () => b.normal())).toEqual(rest);
  });

  it('draws in range with plausible moments', () => {
    const r = createRng(1);
    let sum = 0;
    let sq = 0;
    const n = 20000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const u = r.uniform(-2, 3);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(3);
      const z = r.normal();
      sum += z;
      sq += z * z;
      counts[r.int(3)]! += 1;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
    for (const c of counts) expect(Math.abs(c / n - 1 / 3)).toBeLessThan(0.02);
  });

  it('rejects bad arguments with a message', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed must be a finite number/);
    expect(() => createRng(1).int(0)).toThrow(/positive integer/);
  });
});
