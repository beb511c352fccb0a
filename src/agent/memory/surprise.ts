// Episodic memory of the world model's mistakes: where, this episode, the model said one step would
// take the agent and the agent fell short of it (blocked: it moved less far than predicted). Against a wall the model does not know, the predicted
// place is in or beyond the wall; remembered, it lets the cost (the 'surprise' term) charge any
// imagined path that goes back through that place, so the planner stops walking through the same
// piece of wall in imagination and looks elsewhere (the door). Positions are the model's own probe
// readings of the predicted and the encoded next state, never the simulator's.

export interface SurpriseMemoryOptions {
  /** Metres between the predicted and the perceived position that count as a surprise. */
  threshold?: number;
  /**
   * Metres by which the real step must also be shorter than the predicted one (0: any miss counts).
   * A wall stops the agent short while the model's ordinary errors in open space point any way, so
   * this keeps open-space misses out (episode 1 of two-rooms: 24 of them round the goal kept the
   * agent from it) but also lets a slow creep into a corner go unremembered (episode 6). Off by
   * default: the 100-episode measurement in docs/RESULTS.md was made without it.
   */
  shortfall?: number;
  /** Most places kept; the oldest go first. */
  capacity?: number;
  /** A new place closer than this (m) to a kept one is not stored again. */
  spacing?: number;
}

export class SurpriseMemory {
  readonly threshold: number;
  readonly shortfall: number;
  readonly capacity: number;
  readonly spacing: number;
  private readonly xy: number[] = [];

  constructor(o: SurpriseMemoryOptions = {}) {
    this.threshold = o.threshold ?? 0.05;
    this.shortfall = o.shortfall ?? 0;
    this.capacity = o.capacity ?? 64;
    this.spacing = o.spacing ?? 0.1;
    if (!(this.threshold > 0))
      throw new Error(`SurpriseMemory: threshold must be > 0, got ${this.threshold}`);
    if (!(Number.isInteger(this.capacity) && this.capacity >= 1))
      throw new Error(`SurpriseMemory: capacity must be a positive integer, got ${this.capacity}`);
  }

  get size(): number {
    return this.xy.length / 2;
  }

  /** The remembered places [size * 2] (x, y in metres). */
  places(): Float32Array {
    return Float32Array.from(this.xy);
  }

  /**
   * Compares one step's prediction with what was perceived, both from the same `from` position;
   * remembers the predicted place when they differ by more than the threshold and the real step
   * fell short of the predicted one by more than the shortfall. Returns whether it did.
   */
  observe(
    from: readonly [number, number],
    predicted: readonly [number, number],
    perceived: readonly [number, number],
  ): boolean {
    const miss = Math.hypot(predicted[0] - perceived[0], predicted[1] - perceived[1]);
    if (!(miss > this.threshold)) return false;
    if (this.shortfall > 0) {
      const planned = Math.hypot(predicted[0] - from[0], predicted[1] - from[1]);
      const made = Math.hypot(perceived[0] - from[0], perceived[1] - from[1]);
      if (!(planned - made > this.shortfall)) return false;
    }
    for (let i = 0; i < this.xy.length; i += 2) {
      if (Math.hypot(this.xy[i]! - predicted[0], this.xy[i + 1]! - predicted[1]) < this.spacing) return false;
    }
    this.xy.push(predicted[0], predicted[1]);
    if (this.xy.length > 2 * this.capacity) this.xy.splice(0, 2);
    return true;
  }

  /** A new episode is a new layout: forget. */
  clear(): void {
    this.xy.length = 0;
  }
}
