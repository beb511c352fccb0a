// The JEPA training criteria, one function each, all scalar tensors. Non-contrastive, no pixels:
// prediction in latent space, kept informative by variance, covariance and inverse dynamics.

import { tf } from '../tf/core';
import { matMul } from '../tf/ops';

/** Mean squared distance between predicted and encoded latents, any matching shapes. */
export function predictionLoss(predicted: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.mean(tf.sum(tf.square(tf.sub(predicted, target)), -1));
}

/**
 * VICReg variance: hinge on each dimension's standard deviation over the batch, mean over
 * dimensions. Zero when every dimension varies at least `target`; 1 when the latent is constant.
 * z: [N, D].
 */
export function varianceLoss(z: tf.Tensor2D, target = 1, eps = 1e-4): tf.Scalar {
  const { variance } = tf.moments(z, 0);
  const std = tf.sqrt(tf.add(variance, eps));
  return tf.mean(tf.relu(tf.sub(target, std)));
}

/**
 * VICReg covariance: squared off-diagonal entries of the batch covariance, summed, divided by D.
 * Pushes dimensions to carry different information. z: [N, D].
 */
export function covarianceLoss(z: tf.Tensor2D): tf.Scalar {
  const [N, D] = z.shape;
  const centred = tf.sub(z, tf.mean(z, 0, true)) as tf.Tensor2D;
  const cov = tf.div(matMul(tf.transpose(centred), centred), Math.max(N - 1, 1));
  const offDiag = tf.mul(cov, tf.sub(1, tf.eye(D)));
  return tf.div(tf.sum(tf.square(offDiag)), D);
}

/** Temporal smoothness: mean squared step between consecutive latents. seq: [B, T, D], T >= 2. */
export function smoothnessLoss(seq: tf.Tensor3D): tf.Scalar {
  const [B, T, D] = seq.shape;
  if (T < 2) throw new Error(`smoothnessLoss needs at least 2 time steps, got ${T}`);
  const a = tf.slice(seq, [0, 0, 0], [B, T - 1, D]);
  const b = tf.slice(seq, [0, 1, 0], [B, T - 1, D]);
  return tf.mean(tf.sum(tf.square(tf.sub(b, a)), -1));
}

/** Inverse dynamics: mean squared error of the predicted action. [N, A] each. */
export function inverseDynamicsLoss(predictedAction: tf.Tensor2D, action: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sum(tf.square(tf.sub(predictedAction, action)), -1));
}

/**
 * Probe loss on the raw head outputs [N, 4] against targets [N, 4] = (x / width, y / height,
 * wall distance, hazard 0/1): squared error on the first three, logistic loss on the hazard logit.
 */
export function probeLoss(raw: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
  const reg = tf.slice(raw, [0, 0], [-1, 3]);
  const regT = tf.slice(target, [0, 0], [-1, 3]);
  // Positions are normalised to [0, 1]; weighting them up makes their error comparable to the
  // wall distance in metres, and position is the readout the planner leans on most.
  const w = tf.tensor1d([10, 10, 1]);
  const sq = tf.mean(tf.sum(tf.mul(tf.square(tf.sub(reg, regT)), w), -1));
  const logit = tf.slice(raw, [0, 3], [-1, 1]);
  const label = tf.slice(target, [0, 3], [-1, 1]);
  // Stable logistic loss: max(x, 0) - x z + log(1 + exp(-|x|)).
  const bce = tf.mean(
    tf.add(tf.sub(tf.relu(logit), tf.mul(logit, label)), tf.log1p(tf.exp(tf.neg(tf.abs(logit))))),
  );
  return tf.add(sq, bce);
}
