// Perception's health at a glance: the per-dimension spread of the latents the actor computed for
// its most recent observations. A collapsing encoder shows as every std falling towards 0.
import type { EncoderSpread } from './agent-api';

/** Below this a dimension carries no information about what the agent sees. */
const DEAD_STD = 0.01;

export class LatentSpread {
  private readonly rows: Float32Array[] = [];
  private next = 0;

  constructor(private readonly capacity = 64) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new Error(`LatentSpread: capacity must be an integer >= 2, got ${capacity}`);
    }
  }

  /** Keeps a copy: the caller's array may be a view into memory tfjs reuses. */
  add(latent: Float32Array): void {
    const first = this.rows[0];
    if (first && first.length !== latent.length) this.clear();
    const copy = Float32Array.from(latent);
    if (this.rows.length < this.capacity) this.rows.push(copy);
    else this.rows[this.next] = copy;
    this.next = (this.next + 1) % this.capacity;
  }

  clear(): void {
    this.rows.length = 0;
    this.next = 0;
  }

  /** Null until two latents are in (one has no spread). */
  summary(): EncoderSpread | null {
    const n = this.rows.length;
    if (n < 2) return null;
    const D = this.rows[0]!.length;
    const std: number[] = [];
    for (let d = 0; d < D; d++) {
      let mean = 0;
      for (const r of this.rows) mean += r[d]!;
      mean /= n;
      let v = 0;
      for (const r of this.rows) v += (r[d]! - mean) ** 2;
      std.push(Math.sqrt(v / (n - 1)));
    }
    return {
      samples: n,
      meanStd: std.reduce((a, b) => a + b, 0) / D,
      minStd: Math.min(...std),
      maxStd: Math.max(...std),
      deadDims: std.filter((s) => s < DEAD_STD).length,
      std,
    };
  }
}
