// The trainable critic V(s, s_goal): the discounted intrinsic cost still to come. Added at the end
// of the planning horizon it lets the actor see past H (a door 20 steps away is not invisible).
// Trained by TD(lambda) on costs the agent actually paid, with hindsight goals (see critic-data.ts).
import type { CostToGo } from '../contracts';
import { tf } from '../tf/core';
import { goalFeatures, Mlp, type MlpWeights } from './mlp';

export interface CriticOptions {
  latentDim: number;
  hidden?: number;
  lr?: number;
  /** Discount per step. */
  gamma?: number;
  /** TD(lambda) mixing: 0 = one-step TD, 1 = Monte Carlo. */
  lambda?: number;
  seed?: number;
  /** Variable-name prefix; two critics (e.g. a TD target copy) need different names. */
  name?: string;
  /** What V counts (see CostToGo.units); default 'cost'. */
  units?: 'steps' | 'cost';
}

export interface CriticFit {
  loss: number;
  /** Mean |V - target| on this batch before the step: the prediction error the UI shows. */
  meanAbsError: number;
  /** Mean target, to read the error against. */
  meanTarget: number;
}

export class Critic implements CostToGo {
  readonly latentDim: number;
  readonly gamma: number;
  readonly lambda: number;
  readonly units: 'steps' | 'cost';
  private readonly net: Mlp;

  constructor(o: CriticOptions) {
    this.latentDim = o.latentDim;
    this.gamma = o.gamma ?? 0.95;
    this.lambda = o.lambda ?? 0.8;
    this.units = o.units ?? 'cost';
    if (!(this.gamma > 0 && this.gamma < 1))
      throw new Error(`Critic: gamma must be in (0, 1), got ${this.gamma}`);
    if (!(this.lambda >= 0 && this.lambda <= 1))
      throw new Error(`Critic: lambda must be in [0, 1], got ${this.lambda}`);
    const h = o.hidden ?? 64;
    this.net = new Mlp(o.name ?? 'critic', [3 * o.latentDim, h, h, 1], o.lr ?? 1e-3, o.seed ?? 0);
  }

  /** Costs are non-negative, so is V: softplus output. Differentiable in s. */
  value(s: tf.Tensor2D, goal: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(tf.softplus(this.net.apply(goalFeatures(s, goal))), [-1]) as tf.Tensor1D);
  }

  /** V for plain arrays: states and goals [B * D]. */
  values(states: Float32Array, goals: Float32Array): Float32Array {
    const D = this.latentDim;
    return tf.tidy(
      () =>
        this.value(
          tf.tensor2d(states, [states.length / D, D]),
          tf.tensor2d(goals, [goals.length / D, D]),
        ).dataSync() as Float32Array,
    );
  }

  /** One Adam step of Huber regression of V(s, g) on the given targets. */
  fit(states: Float32Array, goals: Float32Array, targets: Float32Array): CriticFit {
    const D = this.latentDim;
    const B = targets.length;
    if (states.length !== B * D || goals.length !== B * D) {
      throw new Error(
        `Critic.fit: need ${B} states and goals of ${D} values, got ${states.length} and ${goals.length}`,
      );
    }
    const s = tf.tensor2d(states, [B, D]);
    const g = tf.tensor2d(goals, [B, D]);
    const y = tf.tensor1d(targets);
    const before = this.values(states, goals);
    let mae = 0;
    let mean = 0;
    for (let i = 0; i < B; i++) {
      mae += Math.abs(before[i]! - targets[i]!);
      mean += targets[i]!;
    }
    const loss = this.net.step(() => tf.losses.huberLoss(y, this.value(s, g)) as tf.Scalar);
    tf.dispose([s, g, y]);
    return { loss, meanAbsError: mae / B, meanTarget: mean / B };
  }

  /**
   * One Adam step of expectile regression: errors where the target is below V weigh `tau`, above it
   * 1 - tau. With tau > 0.5 V leans toward the cheapest outcomes seen from a state, not their
   * average: from an explorer's wandering it learns the cost of the best path the data contains
   * (implicit Q-learning's trick, applied to V).
   */
  fitExpectile(states: Float32Array, goals: Float32Array, targets: Float32Array, tau: number): CriticFit {
    const D = this.latentDim;
    const B = targets.length;
    if (states.length !== B * D || goals.length !== B * D) {
      throw new Error(
        `Critic.fitExpectile: need ${B} states and goals of ${D} values, got ${states.length} and ${goals.length}`,
      );
    }
    if (!(tau > 0 && tau < 1)) throw new Error(`Critic.fitExpectile: tau must be in (0, 1), got ${tau}`);
    const before = this.values(states, goals);
    const w = new Float32Array(B);
    let mae = 0;
    let mean = 0;
    for (let i = 0; i < B; i++) {
      const u = targets[i]! - before[i]!;
      w[i] = u < 0 ? tau : 1 - tau;
      mae += Math.abs(u);
      mean += targets[i]!;
    }
    const s = tf.tensor2d(states, [B, D]);
    const g = tf.tensor2d(goals, [B, D]);
    const y = tf.tensor1d(targets);
    const wt = tf.tensor1d(w);
    const loss = this.net.step(
      () => tf.mean(tf.mul(wt, tf.square(tf.sub(y, this.value(s, g))))) as tf.Scalar,
    );
    tf.dispose([s, g, y, wt]);
    return { loss, meanAbsError: mae / B, meanTarget: mean / B };
  }

  /** Copies another critic's weights (same shape): the slow-moving TD target. */
  copyFrom(other: Critic): void {
    this.net.importWeights(other.net.exportWeights());
  }

  get hidden(): number {
    return this.net.sizes[1]!;
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

/**
 * TD(lambda) targets for one trajectory segment, computed backwards:
 * G_t = c_t + gamma * ((1 - lambda) * V(s_t+1) + lambda * G_t+1), and at the segment's end
 * G = c + gamma * V(s_T) (bootstrap) or just c when s_T ended the episode (goal reached).
 * costs[t] is paid on the step s_t -> s_t+1; nextValues[t] = V(s_t+1).
 */
export function lambdaReturns(
  costs: ArrayLike<number>,
  nextValues: ArrayLike<number>,
  terminal: boolean,
  gamma: number,
  lambda: number,
): Float32Array {
  const T = costs.length;
  if (nextValues.length !== T)
    throw new Error(`lambdaReturns: ${T} costs but ${nextValues.length} next values`);
  const out = new Float32Array(T);
  let next = terminal ? 0 : nextValues[T - 1]!;
  for (let t = T - 1; t >= 0; t--) {
    const boot =
      t === T - 1 ? (terminal ? 0 : nextValues[t]!) : (1 - lambda) * nextValues[t]! + lambda * next;
    out[t] = costs[t]! + gamma * boot;
    next = out[t]!;
  }
  return out;
}
