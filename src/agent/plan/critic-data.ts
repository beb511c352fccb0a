// Turns short-term memory into critic training data: encode the remembered frames, recompute the
// intrinsic cost each real step paid under the current weights, and build TD(lambda) targets, half
// of them for hindsight goals (a state the same sequence really reached), so the critic learns
// from every episode, successful or not.
import type { Encoder, LatentProbes } from '../contracts';
import type { SequenceBatch } from '../memory/replay';
import { tf } from '../tf/core';
import { buildContext } from './context';
import type { IntrinsicCost } from './cost';
import type { Critic } from './critic';
import { lambdaReturns } from './critic';
import type { Rng } from './rng';

export interface CriticSamples {
  states: Float32Array;
  goals: Float32Array;
  targets: Float32Array;
}

export interface CriticDataDeps {
  encoder: Encoder;
  probes: LatentProbes;
  cost: IntrinsicCost;
  critic: Critic;
  dt: number;
}

export function criticSamples(
  deps: CriticDataDeps,
  batch: SequenceBatch,
  rng: Rng,
  hindsight = 0.5,
): CriticSamples {
  const { batch: B, length: L, channels: C, size: S } = batch;
  if (L < 2) throw new Error(`criticSamples: sequences need >= 2 frames, got ${L}`);
  const D = deps.encoder.latentDim;
  const A = batch.actions.length / (B * (L - 1));
  const P = batch.proprio.length / (B * L);
  const useHindsight = Array.from({ length: B }, () => !batch.goalImages || rng.next() < hindsight);
  const { latents, goals, costs, nextValues } = tf.tidy(() => {
    const z = deps.encoder.encode(
      tf.tensor4d(batch.images, [B * L, C, S, S]),
      tf.tensor2d(batch.proprio, [B * L, P]),
    );
    const zBLD = tf.reshape(z, [B, L, D]);
    const last = tf.reshape(tf.slice(zBLD, [0, L - 1, 0], [B, 1, D]), [B, D]);
    let goal = last as tf.Tensor2D;
    if (batch.goalImages) {
      const gz = deps.encoder.encode(tf.tensor4d(batch.goalImages, [B, C, S, S]), tf.zeros([B, P]));
      const mask = tf.cast(
        tf.tensor2d(
          useHindsight.map((h) => (h ? 1 : 0)),
          [B, 1],
        ),
        'bool',
      );
      goal = tf.where(mask, last, gz) as tf.Tensor2D;
    }
    const states = tf.unstack(zBLD, 1) as tf.Tensor2D[];
    const { ctx } = buildContext({
      states,
      actions: tf.tensor3d(batch.actions, [B, L - 1, A]),
      goal,
      probes: deps.probes,
      dt: deps.dt,
    });
    const c = deps.cost.perStep(ctx); // [B, L-1]
    const future = tf.concat(states.slice(1), 0); // time-major [(L-1)*B, D]
    const v = deps.critic.value(future, tf.tile(goal, [L - 1, 1]));
    const vBT = tf.transpose(tf.reshape(v, [L - 1, B]));
    return {
      latents: zBLD.dataSync() as Float32Array,
      goals: goal.dataSync() as Float32Array,
      costs: c.dataSync() as Float32Array,
      nextValues: vBT.dataSync() as Float32Array,
    };
  });
  const T = L - 1;
  const out: CriticSamples = {
    states: new Float32Array(B * T * D),
    goals: new Float32Array(B * T * D),
    targets: new Float32Array(B * T),
  };
  for (let b = 0; b < B; b++) {
    const g = lambdaReturns(
      costs.subarray(b * T, (b + 1) * T),
      nextValues.subarray(b * T, (b + 1) * T),
      useHindsight[b]!,
      deps.critic.gamma,
      deps.critic.lambda,
    );
    for (let t = 0; t < T; t++) {
      const row = b * T + t;
      out.states.set(latents.subarray((b * L + t) * D, (b * L + t + 1) * D), row * D);
      out.goals.set(goals.subarray(b * D, (b + 1) * D), row * D);
      out.targets[row] = g[t]!;
    }
  }
  return out;
}
