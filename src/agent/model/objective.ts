// The full JEPA objective over one batch of sequences: encode every frame, roll the predictor
// from the first latent with the real actions, and score the imagined latents against the encoded
// ones, plus the anti-collapse and probe terms. Returns every term so the UI can plot them.

import { tf } from '../tf/core';
import { stopGradient } from '../tf/ops';
import type { BatchTensors } from './batch';
import type { ModelConfig } from './config';
import {
  covarianceLoss,
  inverseDynamicsLoss,
  predictionLoss,
  probeLoss,
  smoothnessLoss,
  varianceLoss,
} from './losses';
import { encode, inverseDynamics, probeHead, rollout } from './network';
import type { Params } from './params';

export const LOSS_NAMES = [
  'total',
  'prediction',
  'variance',
  'covariance',
  'smoothness',
  'inverseDynamics',
  'probes',
] as const;
export type LossName = (typeof LOSS_NAMES)[number];
export type Losses = Record<LossName, number>;

/** All terms as scalars; `total` is the weighted sum that is minimised. */
export function objective(c: ModelConfig, p: Params, t: BatchTensors): Record<LossName, tf.Scalar> {
  const { batch: B, length: L } = t;
  const D = c.latentDim;
  const z = encode(c, p, t.images, t.proprio);
  const seq = tf.reshape(z, [B, L, D]) as tf.Tensor3D;
  const steps = Math.min(c.rollout, L - 1);
  const s0 = tf.squeeze(tf.slice(seq, [0, 0, 0], [B, 1, D]), [1]) as tf.Tensor2D;
  const acts = tf.slice(t.actions, [0, 0, 0], [B, steps, c.actionDim]) as tf.Tensor3D;
  const imagined = rollout(p, s0, acts);
  const target = tf.slice(seq, [0, 1, 0], [B, steps, D]);
  const prediction = predictionLoss(imagined, target);
  const variance = varianceLoss(z);
  const covariance = covarianceLoss(z);
  const smoothness = smoothnessLoss(seq);
  const gap = Math.min(c.idmGap, L - 1);
  const from = tf.reshape(tf.slice(seq, [0, 0, 0], [B, L - gap, D]), [-1, D]) as tf.Tensor2D;
  const to = tf.reshape(tf.slice(seq, [0, gap, 0], [B, L - gap, D]), [-1, D]) as tf.Tensor2D;
  const inverse = inverseDynamicsLoss(inverseDynamics(c, p, from, to), meanActions(t.actions, gap));
  const probes = probeLoss(probeHead(p, stopGradient(z)), t.probeTargets);
  const w = c.weights;
  const total = tf.addN([
    tf.mul(prediction, w.prediction),
    tf.mul(variance, w.variance),
    tf.mul(covariance, w.covariance),
    tf.mul(smoothness, w.smoothness),
    tf.mul(inverse, w.inverseDynamics),
    tf.mul(probes, w.probes),
  ]) as tf.Scalar;
  return { total, prediction, variance, covariance, smoothness, inverseDynamics: inverse, probes };
}

/** Mean of actions t .. t+gap-1 for every start t: [B, T, A] -> [B * (T - gap + 1), A]. */
function meanActions(actions: tf.Tensor3D, gap: number): tf.Tensor2D {
  const [B, T, A] = actions.shape;
  const n = T - gap + 1;
  const parts: tf.Tensor[] = [];
  for (let k = 0; k < gap; k++) parts.push(tf.slice(actions, [0, k, 0], [B, n, A]));
  return tf.reshape(tf.div(tf.addN(parts), gap), [-1, A]) as tf.Tensor2D;
}
