// A small seeded PRNG (sfc32) so episodes are reproducible from a seed in Node, the page and a worker
// alike; Math.random cannot be seeded and would break bit-identical replays.

export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  uniform(a: number, b: number): number;
  /** Standard normal (Box-Muller; no cached second value, so the state is just four words). */
  normal(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** The four 32-bit words of the generator; restoring them resumes the exact stream. */
  getState(): RngState;
  setState(s: RngState): void;
}

export type RngState = readonly [number, number, number, number];

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be a finite number, got ${seed}`);
  // Seed both halves of a 64-bit-ish value so seeds above 2^32 still differ.
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let a = 0x9e3779b9 ^ lo;
  let b = 0x243f6a88 ^ hi;
  let c = 0xb7e15162;
  let d = 1;

  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // sfc32 needs a few rounds to mix a low-entropy seed.
  for (let i = 0; i < 15; i++) next32();

  const next = (): number => next32() / 4294967296;
  return {
    next,
    uniform: (lo2, hi2) => lo2 + (hi2 - lo2) * next(),
    normal: () => {
      // 1 - next() is in (0, 1], so the log is finite.
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int: (n) => {
      if (!Number.isInteger(n) || n <= 0)
        throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    getState: () => [a, b, c, d],
    setState: (s) => {
      if (s.length !== 4 || !s.every((w) => Number.isInteger(w))) {
        throw new RangeError('Rng.setState: expected four 32-bit integers');
      }
      [a, b, c, d] = [s[0] | 0, s[1] | 0, s[2] | 0, s[3] | 0];
    },
  };
}
