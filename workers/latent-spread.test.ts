import { describe, expect, it } from 'vitest';
import { LatentSpread } from './latent-spread';

describe('LatentSpread', () => {
  it('reports per-dimension std of the recent latents and counts dead dimensions', () => {
    const s = new LatentSpread(4);
    expect(s.summary()).toBeNull();
    // Dimension 0 alternates 0/2 (std of [0,2,0,2] = 1.1547), dimension 1 never moves.
    for (const v of [0, 2, 0, 2]) s.add(Float32Array.of(v, 5));
    const r = s.summary()!;
    expect(r.samples).toBe(4);
    expect(r.std[0]).toBeCloseTo(1.1547, 3);
    expect(r.std[1]).toBe(0);
    expect(r.deadDims).toBe(1);
    expect(r.minStd).toBe(0);
    expect(r.meanStd).toBeCloseTo(0.5774, 3);
  });

  it('forgets the oldest beyond its capacity and keeps copies, not the caller’s buffer', () => {
    const s = new LatentSpread(2);
    const buf = Float32Array.of(100);
    s.add(buf);
    buf[0] = 1;
    s.add(buf);
    s.add(Float32Array.of(3));
    // Holds [1, 3] now: the 100 has been overwritten, and mutating buf after add changed nothing.
    expect(s.summary()!.std[0]).toBeCloseTo(Math.SQRT2, 5);
    buf[0] = 50;
    expect(s.summary()!.std[0]).toBeCloseTo(Math.SQRT2, 5);
  });

  it('starts over when the latent size changes (a model with another shape was loaded)', () => {
    const s = new LatentSpread(8);
    s.add(Float32Array.of(0, 1));
    s.add(Float32Array.of(1, 0));
    s.add(Float32Array.of(1, 2, 3));
    expect(s.summary()).toBeNull();
    expect(() => new LatentSpread(1)).toThrow(/capacity must be an integer >= 2, got 1/);
  });
});
