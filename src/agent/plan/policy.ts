// Mode-1: a reactive policy pi(s, s_goal) distilled from Mode-2's choices. Alone it acts in one
// forward pass; in 'mode1+mode2' its imagined rollout is the planner's first guess.
import type { LatentDynamics } from '../contracts';
import { tf } from '../tf/core';
import { squash } from './actions';
import { goalFeatures, Mlp, type MlpWeights } from './mlp';
import type { Rng } from './rng';

export interface PolicyOptions {
  latentDim: number;
  actionDim?: number;
  hidden?: number;
  lr?: number;
  seed?: number;
  /**
   * Values of a cue given with every state (route-cue.ts: which way the route around the seen walls
   * goes), 0 for none: pi(s, s_goal, cue).
   */
  cueDim?: number;
}

export class Policy {
  readonly latentDim: number;
  readonly actionDim: number;
  readonly cueDim: number;
  private readonly net: Mlp;

  constructor(o: PolicyOptions) {
    this.latentDim = o.latentDim;
    this.actionDim = o.actionDim ?? 2;
    this.cueDim = o.cueDim ?? 0;
    if (!Number.isInteger(this.cueDim) || this.cueDim < 0)
      throw new Error(`Policy: cueDim must be an integer >= 0, got ${o.cueDim}`);
    const h = o.hidden ?? 64;
    this.net = new Mlp(
      'policy',
      [3 * o.latentDim + this.cueDim, h, h, this.actionDim],
      o.lr ?? 1e-3,
      o.seed ?? 0,
    );
  }

  /**
   * [B, D] x [B or 1, D] (x [B or 1, cueDim] when the policy takes a cue) -> [B, A] with |a| < 1.
   * Call inside tidy.
   */
  act(s: tf.Tensor2D, goal: tf.Tensor2D, cue?: tf.Tensor2D): tf.Tensor2D {
    const f = goalFeatures(s, goal);
    if (this.cueDim === 0) return squash(this.net.apply(f)) as tf.Tensor2D;
    if (!cue || cue.shape[1] !== this.cueDim)
      throw new Error(
        `Policy.act: needs a cue of ${this.cueDim} values per state, got ${cue ? cue.shape[1] : 'none'}`,
      );
    const c =
      cue.shape[0] === s.shape[0] ? cue : (tf.broadcastTo(cue, [s.shape[0], this.cueDim]) as tf.Tensor2D);
    return squash(this.net.apply(tf.concat([f, c], 1) as tf.Tensor2D)) as tf.Tensor2D;
  }

  /** One action for one latent pair (and its cue), plain arrays. */
  actJs(s: Float32Array, goal: Float32Array, cue?: Float32Array): [number, number] {
    return tf.tidy(() => {
      const a = this.act(
        tf.tensor2d(s, [1, this.latentDim]),
        tf.tensor2d(goal, [1, this.latentDim]),
        cue ? tf.tensor2d(cue, [1, this.cueDim]) : undefined,
      ).dataSync();
      return [a[0]!, a[1]!];
    });
  }

  /**
   * Runs the policy H steps through the world model from s0 [1, D]: the action sequence (H * A)
   * and the imagined states, for a first guess or for drawing Mode-1's intent. A cue [1, cueDim] is
   * held as it was at s0 (the route is not re-read on imagined states).
   */
  imagine(
    dynamics: LatentDynamics,
    s0: tf.Tensor2D,
    goal: tf.Tensor2D,
    H: number,
    cue?: tf.Tensor2D,
  ): Float32Array {
    return tf.tidy(() => {
      let s = s0;
      const acts: tf.Tensor2D[] = [];
      for (let t = 0; t < H; t++) {
        const a = this.act(s, goal, cue);
        acts.push(a);
        s = dynamics.predict(s, a);
      }
      return tf.concat(acts, 0).dataSync() as Float32Array;
    });
  }

  /** One imitation step (MSE to the planner's actions); returns the loss. */
  fit(states: Float32Array, goals: Float32Array, actions: Float32Array, cues?: Float32Array): number {
    const D = this.latentDim;
    const B = actions.length / this.actionDim;
    if (states.length !== B * D || goals.length !== B * D) {
      throw new Error(
        `Policy.fit: need ${B} states and goals of ${D} values, got ${states.length}, ${goals.length}`,
      );
    }
    if (this.cueDim > 0 && cues?.length !== B * this.cueDim)
      throw new Error(`Policy.fit: need ${B} cues of ${this.cueDim} values, got ${cues?.length ?? 'none'}`);
    const s = tf.tensor2d(states, [B, D]);
    const g = tf.tensor2d(goals, [B, D]);
    const a = tf.tensor2d(actions, [B, this.actionDim]);
    const c = this.cueDim > 0 && cues ? tf.tensor2d(cues, [B, this.cueDim]) : undefined;
    const loss = this.net.step(() => tf.mean(tf.square(tf.sub(this.act(s, g, c), a))) as tf.Scalar);
    tf.dispose([s, g, a]);
    c?.dispose();
    return loss;
  }

  exportWeights(): MlpWeights[] {
    return this.net.exportWeights();
  }

  importWeights(w: MlpWeights[]): void {
    this.net.importWeights(w);
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Ring buffer of (latent, goal latent, planner action[, cue]) for distillation; fixed memory. */
export class PolicyBuffer {
  private readonly s: Float32Array;
  private readonly g: Float32Array;
  private readonly a: Float32Array;
  private readonly c: Float32Array;
  private count = 0;
  private head = 0;

  constructor(
    readonly capacity: number,
    readonly latentDim: number,
    readonly actionDim = 2,
    readonly cueDim = 0,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`PolicyBuffer: capacity must be >= 1, got ${capacity}`);
    this.s = new Float32Array(capacity * latentDim);
    this.g = new Float32Array(capacity * latentDim);
    this.a = new Float32Array(capacity * actionDim);
    this.c = new Float32Array(capacity * cueDim);
  }

  get size(): number {
    return this.count;
  }

  add(s: ArrayLike<number>, g: ArrayLike<number>, a: ArrayLike<number>, cue?: ArrayLike<number>): void {
    const D = this.latentDim;
    const A = this.actionDim;
    const C = this.cueDim;
    if (s.length !== D || g.length !== D || a.length !== A || (cue?.length ?? 0) !== C) {
      throw new Error(
        `PolicyBuffer.add: need ${D}, ${D}, ${A}, ${C} values, got ${s.length}, ${g.length}, ${a.length}, ${cue?.length ?? 0}`,
      );
    }
    this.s.set(s, this.head * D);
    this.g.set(g, this.head * D);
    this.a.set(a, this.head * A);
    if (cue && C > 0) this.c.set(cue, this.head * C);
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  sample(
    n: number,
    rng: Rng,
  ): { states: Float32Array; goals: Float32Array; actions: Float32Array; cues: Float32Array } {
    if (this.count === 0) throw new Error('PolicyBuffer.sample: the buffer is empty');
    const D = this.latentDim;
    const A = this.actionDim;
    const C = this.cueDim;
    const states = new Float32Array(n * D);
    const goals = new Float32Array(n * D);
    const actions = new Float32Array(n * A);
    const cues = new Float32Array(n * C);
    for (let i = 0; i < n; i++) {
      const j = rng.int(this.count);
      states.set(this.s.subarray(j * D, (j + 1) * D), i * D);
      goals.set(this.g.subarray(j * D, (j + 1) * D), i * D);
      actions.set(this.a.subarray(j * A, (j + 1) * A), i * A);
      if (C > 0) cues.set(this.c.subarray(j * C, (j + 1) * C), i * C);
    }
    return { states, goals, actions, cues };
  }
}
