// The agent's recent positions, oldest first, in a fixed-size ring so a long run allocates nothing.
import type { Vec2 } from '../world/types';

export class Trail {
  private xs: Float64Array;
  private ys: Float64Array;
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    this.xs = new Float64Array(Math.max(0, capacity));
    this.ys = new Float64Array(Math.max(0, capacity));
  }

  get capacity(): number {
    return this.xs.length;
  }

  get length(): number {
    return this.count;
  }

  push(p: Vec2): void {
    const cap = this.xs.length;
    if (cap === 0) return;
    const i = (this.start + this.count) % cap;
    this.xs[i] = p.x;
    this.ys[i] = p.y;
    if (this.count < cap) this.count++;
    else this.start = (this.start + 1) % cap;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }

  /** Keeps the newest points that still fit. */
  resize(capacity: number): void {
    if (capacity === this.xs.length) return;
    const keep = Math.min(this.count, Math.max(0, capacity));
    const xs = new Float64Array(Math.max(0, capacity));
    const ys = new Float64Array(Math.max(0, capacity));
    for (let k = 0; k < keep; k++) {
      const i = (this.start + this.count - keep + k) % this.xs.length;
      xs[k] = this.xs[i]!;
      ys[k] = this.ys[i]!;
    }
    this.xs = xs;
    this.ys = ys;
    this.start = 0;
    this.count = keep;
  }

  /** Calls fn(x, y, age) from oldest to newest; age is 1 for the oldest and near 0 for the newest. */
  forEach(fn: (x: number, y: number, age: number) => void): void {
    const cap = this.xs.length;
    for (let k = 0; k < this.count; k++) {
      const i = (this.start + k) % cap;
      fn(this.xs[i]!, this.ys[i]!, 1 - k / this.count);
    }
  }

  last(): Vec2 | null {
    if (this.count === 0) return null;
    const i = (this.start + this.count - 1) % this.xs.length;
    return { x: this.xs[i]!, y: this.ys[i]! };
  }
}
