// Workload W1 exactly as ../shared/bench/torch_planner.py defines it: latent 64, action 2, frozen
// predictor MLP 66 -> 256 -> 256 -> 64 with ReLU and a residual, K = 64 candidates, H = 32,
// 10 Adam iterations (lr 0.1) on u with a = tanh(u), cost = sum over K and t of mean((s_t - g)^2)
// + 0.01 * sum(a^2). Four ways to write the rollout, from plain tfjs to the fused op, so the table
// shows what each step of the fix is worth. Runs in Node and in a browser worker (no Node imports).

import { freezeDense } from '../../src/agent/plan/frozen';
import { FusedRollout } from '../../src/agent/plan/fused-rollout';
import { Rng } from '../../src/agent/plan/rng';
import { tf } from '../../src/agent/tf/core';
import { dense } from '../../src/agent/tf/ops';

export const W1_VARIANTS = ['autodiff', 'fast-grad', 'frozen', 'fused'] as const;
export type W1Variant = (typeof W1_VARIANTS)[number];

/** What each variant is, for the table's notes. */
export const W1_VARIANT_NOTES: Record<W1Variant, string> = {
  autodiff: 'plain tfjs: tf.matMul + add + relu, built-in gradients',
  'fast-grad': 'tf/ops.ts matMul (explicit transposes, weight gradients still computed)',
  frozen: 'plan/frozen.ts: input-only gradients through pre-transposed frozen weights',
  fused: 'plan/fused-rollout.ts: one op, fused matMul+bias+ReLU, hand-written backward',
};

export interface W1Shape {
  K: number;
  H: number;
  I: number;
  D: number;
  A: number;
  hidden: number;
  lr: number;
}

export const W1: W1Shape = { K: 64, H: 32, I: 10, D: 64, A: 2, hidden: 256, lr: 0.1 };

/** torch_planner.py's count: forward 2 * MACs, input-only backward about the same again. */
export function w1Flops(w: W1Shape): number {
  const macs = (w.D + w.A) * w.hidden + w.hidden * w.hidden + w.hidden * w.D;
  return 2 * 2 * macs * w.K * w.H * w.I;
}

/** The starting u of one plan: K x H x A values, 0.1 x normal, as torch_planner.py draws them. */
export function w1Init(rng: Rng, w: W1Shape): Float32Array {
  const init = new Float32Array(w.K * w.H * w.A);
  for (let i = 0; i < init.length; i++) init[i] = 0.1 * rng.normal();
  return init;
}

type Rollout = (s0: tf.Tensor2D, actions: tf.Tensor3D) => tf.Tensor3D;

export class W1Planner {
  private readonly layers: { w: tf.Tensor2D; b: tf.Tensor1D }[];
  private readonly s0: tf.Tensor2D;
  private readonly goal: tf.Tensor2D;
  private readonly rng = new Rng(0);
  private readonly rollout: Rollout;
  private readonly release: () => void;

  constructor(
    readonly variant: W1Variant,
    readonly shape: W1Shape = W1,
  ) {
    const { D, A, hidden } = shape;
    const rng = new Rng(0);
    const normal = (n: number, scale: number) => {
      const v = new Float32Array(n);
      for (let i = 0; i < n; i++) v[i] = rng.normal() * scale;
      return v;
    };
    // Same initialisation as the PyTorch script (He scale, zero bias, output layer x 0.1).
    const layer = (nIn: number, nOut: number, k = 1) => ({
      w: tf.keep(tf.tensor2d(normal(nIn * nOut, k * Math.sqrt(2 / nIn)), [nIn, nOut])),
      b: tf.keep(tf.zeros([nOut]) as tf.Tensor1D),
    });
    this.layers = [layer(D + A, hidden), layer(hidden, hidden), layer(hidden, D, 0.1)];
    this.s0 = tf.keep(tf.tensor2d(normal(D, 1), [1, D]));
    this.goal = tf.keep(tf.tensor2d(normal(D, 1), [1, D]));
    [this.rollout, this.release] = this.makeRollout();
  }

  private makeRollout(): [Rollout, () => void] {
    const ls = this.layers;
    const mlpStep = (apply: (h: tf.Tensor2D, i: number) => tf.Tensor2D): Rollout => {
      return (s0, actions) => {
        const [K, H] = actions.shape;
        let s = tf.broadcastTo(s0, [K, s0.shape[1]]) as tf.Tensor2D;
        const steps = tf.unstack(actions, 1) as tf.Tensor2D[];
        const out: tf.Tensor2D[] = [];
        for (let t = 0; t < H; t++) {
          let h = tf.concat([s, steps[t]!], 1) as tf.Tensor2D;
          for (let i = 0; i < ls.length; i++) {
            h = apply(h, i);
            if (i + 1 < ls.length) h = tf.relu(h);
          }
          s = tf.add(s, h);
          out.push(s);
        }
        return tf.stack(out) as tf.Tensor3D;
      };
    };
    switch (this.variant) {
      case 'autodiff':
        return [mlpStep((h, i) => tf.add(tf.matMul(h, ls[i]!.w), ls[i]!.b)), () => {}];
      case 'fast-grad':
        return [mlpStep((h, i) => dense(h, ls[i]!.w, ls[i]!.b)), () => {}];
      case 'frozen': {
        const frozen = ls.map((l) => freezeDense(l.w, l.b));
        return [
          mlpStep((h, i) => frozen[i]!.apply(h)),
          () => {
            for (const f of frozen) f.dispose();
          },
        ];
      }
      case 'fused': {
        const fused = new FusedRollout(ls, this.shape.D);
        return [fused.rollout, () => fused.dispose()];
      }
    }
  }

  /**
   * One plan: I Adam iterations from u = `init` ([K, H, A] row-major; fresh random values when
   * omitted); one read-back (the final cost).
   */
  plan(init: Float32Array = w1Init(this.rng, this.shape)): number {
    const cost = this.descend(init);
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  }

  /**
   * plan() with the one read-back awaited instead of synchronous: for WebGPU, whose dataSync in a
   * worker returns zeros (shared/FIELD-NOTES.md). The descent itself never reads back.
   */
  async planAsync(init: Float32Array = w1Init(this.rng, this.shape)): Promise<number> {
    const cost = this.descend(init);
    const value = (await cost.data())[0]!;
    cost.dispose();
    return value;
  }

  /** I Adam iterations from u = init; returns the last cost, not yet read. */
  private descend(init: Float32Array): tf.Scalar {
    const { K, H, A, I, lr } = this.shape;
    if (init.length !== K * H * A) {
      throw new Error(`W1Planner: init has ${init.length} values, expected K*H*A = ${K * H * A}`);
    }
    const u0 = tf.tensor3d(init, [K, H, A]);
    const u = tf.variable(u0, true);
    u0.dispose();
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    let cost: tf.Scalar | null = null;
    for (let it = 0; it < I; it++) {
      cost?.dispose();
      cost = opt.minimize(
        () =>
          tf.tidy(() => {
            const acts = tf.tanh(u) as tf.Tensor3D;
            const states = this.rollout(this.s0, acts);
            const goalCost = tf.sum(tf.mean(tf.square(tf.sub(states, this.goal)), 2));
            return tf.add(goalCost, tf.mul(tf.sum(tf.square(acts)), 0.01)) as tf.Scalar;
          }),
        true,
        [u],
      );
    }
    opt.dispose();
    u.dispose();
    return cost!;
  }

  dispose(): void {
    this.release();
    tf.dispose([...this.layers.flatMap((l) => [l.w, l.b]), this.s0, this.goal]);
  }
}
