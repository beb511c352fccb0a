// Pessimism over several trained critics: V = mean + kappa * std of their values. Off the data (an
// imagined latent the predictor has drifted), independently trained critics disagree, so a plan
// whose end only one of them likes does not look near the goal. Planning only; it is never fitted.
import type { CostToGo } from '../contracts';
import { tf } from '../tf/core';
import type { Critic } from './critic';

export class CriticEnsemble implements CostToGo {
  readonly latentDim: number;
  readonly units: 'steps' | 'cost';

  constructor(
    readonly members: readonly Critic[],
    readonly kappa = 1,
  ) {
    if (members.length < 2)
      throw new Error(`CriticEnsemble: needs at least 2 critics, got ${members.length}`);
    const first = members[0]!;
    if (
      members.some((m) => m.latentDim !== first.latentDim || (m.units ?? 'cost') !== (first.units ?? 'cost'))
    )
      throw new Error('CriticEnsemble: the critics differ in latentDim or units');
    if (!(kappa >= 0 && Number.isFinite(kappa)))
      throw new Error(`CriticEnsemble: kappa must be >= 0, got ${kappa}`);
    this.latentDim = first.latentDim;
    this.units = first.units ?? 'cost';
  }

  value(s: tf.Tensor2D, goal: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const v = tf.stack(this.members.map((m) => m.value(s, goal)));
      const { mean, variance } = tf.moments(v, 0);
      return tf.add(mean, tf.mul(tf.sqrt(tf.add(variance, 1e-6)), this.kappa)) as tf.Tensor1D;
    });
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
