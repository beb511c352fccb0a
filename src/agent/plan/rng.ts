// Seeded randomness. tfjs random ops are deterministic only when given a seed, so every call takes
// the next seed from one stream: a planner built with the same seed plans the same way.

import { mulberry32 } from '../model/rng';

/** mulberry32: small, fast, good enough for sampling; state is one uint32. */
export class Rng {
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
  }

  private spare: number | null = null;

  /** Standard normal (Box-Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(Math.max(this.next(), 1e-12)));
    const th = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
