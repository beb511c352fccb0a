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
}

export class Policy {
  readonly latentDim: number;
  readonly actionDim: number;
  private readonly net: Mlp;

  constructor(o: PolicyOptions) {
    this.latentDim = o.latentDim;
    this.actionDim = o.actionDim ?? 2;
    const h = o.hidden ?? 64;
    this.net = new Mlp('policy', [3 * o.latentDim, h, h, this.actionDim], o.lr ?? 1e-3, o.seed ?? 0);
  }

  /** [B, D] x [B or 1, D] -> [B, A] with |a| < 1. Call inside tidy. */
  act(s: tf.Tensor2D, goal: tf.Tensor2D): tf.Tensor2D {
    return squash(this.net.apply(goalFeatures(s, goal))) as tf.Tensor2D;
  }

  /** One action for one latent pair (plain arrays). */
  actJs(s: Float32Array, goal: Float32Array): [number, number] {
    return tf.tidy(() => {
      const a = this.act(
        tf.tensor2d(s, [1, this.latentDim]),
        tf.tensor2d(goal, [1, this.latentDim]),
      ).dataSync();
      return [a[0]!, a[1]!];
    });
  }

  /**
   * Runs the policy H steps through the world model from s0 [1, D]: the action sequence (H * A)
   * and the imagined states, for a first guess or for drawing Mode-1's intent.
   */
  imagine(dynamics: LatentDynamics, s0: tf.Tensor2D, goal: tf.Tensor2D, H: number): Float32Array {
    return tf.tidy(() => {
      let s = s0;
      const acts: tf.Tensor2D[] = [];
      for (let t = 0; t < H; t++) {
        const a = this.act(s, goal);
        acts.push(a);
        s = dynamics.predict(s, a);
      }
      return tf.concat(acts, 0).dataSync() as Float32Array;
    });
  }

  /** One imitation step (MSE to the planner's actions); returns the loss. */
  fit(states: Float32Array, goals: Float32Array, actions: Float32Array): number {
    const D = this.latentDim;
    const B = actions.length / this.actionDim;
    if (states.length !== B * D || goals.length !== B * D) {
      throw new Error(
        `Policy.fit: need ${B} states and goals of ${D} values, got ${states.length}, ${goals.length}`,
      );
    }
    const s = tf.tensor2d(states, [B, D]);
    const g = tf.tensor2d(goals, [B, D]);
    const a = tf.tensor2d(actions, [B, this.actionDim]);
    const loss = this.net.step(() => tf.mean(tf.square(tf.sub(this.act(s, g), a))) as tf.Scalar);
    tf.dispose([s, g, a]);
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

/** Ring buffer of (latent, goal latent, planner action) for distillation; fixed memory. */
export class PolicyBuffer {
  private readonly s: Float32Array;
  private readonly g: Float32Array;
  private readonly a: Float32Array;
  private count = 0;
  private head = 0;

  constructor(
    readonly capacity: number,
    readonly latentDim: number,
    readonly actionDim = 2,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`PolicyBuffer: capacity must be >= 1, got ${capacity}`);
    this.s = new Float32Array(capacity * latentDim);
    this.g = new Float32Array(capacity * latentDim);
    this.a = new Float32Array(capacity * actionDim);
  }

  get size(): number {
    return this.count;
  }

  add(s: ArrayLike<number>, g: ArrayLike<number>, a: ArrayLike<number>): void {
    const D = this.latentDim;
    const A = this.actionDim;
    if (s.length !== D || g.length !== D || a.length !== A) {
      throw new Error(
        `PolicyBuffer.add: need ${D}, ${D}, ${A} values, got ${s.length}, ${g.length}, ${a.length}`,
      );
    }
    this.s.set(s, this.head * D);
    this.g.set(g, this.head * D);
    this.a.set(a, this.head * A);
    this.head = (this.head + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  sample(n: number, rng: Rng): { states: Float32Array; goals: Float32Array; actions: Float32Array } {
    if (this.count === 0) throw new Error('PolicyBuffer.sample: the buffer is empty');
    const D = this.latentDim;
    const A = this.actionDim;
    const states = new Float32Array(n * D);
    const goals = new Float32Array(n * D);
    const actions = new Float32Array(n * A);
    for (let i = 0; i < n; i++) {
      const j = rng.int(this.count);
      states.set(this.s.subarray(j * D, (j + 1) * D), i * D);
      goals.set(this.g.subarray(j * D, (j + 1) * D), i * D);
      actions.set(this.a.subarray(j * A, (j + 1) * A), i * A);
    }
    return { states, goals, actions };
  }
}
