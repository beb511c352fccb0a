// The model's forward functions over a parameter set: encoder, predictor, inverse dynamics, probes.
// Every matMul goes through ops.dense (the wasm-fast gradient). Pure: no state, callers own tidy.

import { tf } from '../tf/core';
import { dense, matMul } from '../tf/ops';
import type { ModelConfig } from './config';
import { type Params, param } from './params';

function layer(p: Params, name: string, x: tf.Tensor2D): tf.Tensor2D {
  return dense(x, param(p, `${name}/w`) as tf.Tensor2D, param(p, `${name}/b`) as tf.Tensor1D);
}

/**
 * Average-pools [B, C, S, S] down to the encoder's input size. Pixels are inputs, never trained,
 * so reshape + mean is enough and runs on every backend.
 */
export function poolToInput(c: ModelConfig, images: tf.Tensor4D): tf.Tensor4D {
  const [B, C, H, W] = images.shape;
  if (C !== c.channels) throw new Error(`encoder expects ${c.channels} image channels, got ${C}`);
  if (H !== W || H % c.inputSize !== 0) {
    throw new Error(
      `encoder expects square images whose side is a multiple of ${c.inputSize}, got ${H}x${W}`,
    );
  }
  const f = H / c.inputSize;
  if (f === 1) return images;
  const n = c.inputSize;
  return tf.reshape(tf.mean(tf.reshape(images, [B * C * n, f, n, f]), [1, 3]), [B, C, n, n]) as tf.Tensor4D;
}

/** [B, C, H, W] -> [B * patches, C * p * p], patch-major so one shared linear map embeds every patch. */
export function toPatches(c: ModelConfig, images: tf.Tensor4D): tf.Tensor2D {
  const [B, C] = images.shape;
  const p = c.patchSize;
  const n = c.inputSize / p;
  const x = tf.reshape(images, [B * C, n, p, n, p]);
  // [B*C, ny, p, nx, p] -> [B*C, ny, nx, p, p]
  const t = tf.reshape(tf.transpose(x, [0, 1, 3, 2, 4]), [B, C, n * n, p * p]);
  // -> [B, patches, C, p*p]
  return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [B * n * n, C * p * p]) as tf.Tensor2D;
}

/**
 * Perception: images [B, C, H, W] in [0, 1] + proprio [B, P] -> latent [B, D] = [image part
 * (D - P), proprio]. Velocity is kept out of the image path on purpose: fed into it, the inverse
 * dynamics head reads the action straight off the velocity change and the image part never needs
 * to encode where the agent is (measured: probe error no better than guessing the mean).
 */
export function encode(c: ModelConfig, p: Params, images: tf.Tensor4D, proprio: tf.Tensor2D): tf.Tensor2D {
  const z = encodeImage(c, p, images);
  return c.proprioDim > 0 ? tf.concat([z, proprio], 1) : z;
}

/** The image part of the latent: [B, C, H, W] -> [B, D - P]. */
export function encodeImage(c: ModelConfig, p: Params, images: tf.Tensor4D): tf.Tensor2D {
  const B = images.shape[0];
  const x = poolToInput(c, images);
  const patches = tf.relu(layer(p, 'enc/patch', toPatches(c, x)));
  let flat = tf.reshape(patches, [B, -1]) as tf.Tensor2D;
  if (c.keypoints === 0) return layer(p, 'enc/out', tf.relu(layer(p, 'enc/h1', flat)));
  // Keypoints feed the MLP and also join the latent directly, scaled so that a keypoint that
  // follows the agent across the arena can meet the variance hinge (std >= 1) while one stuck on
  // a wall cannot: the hinge itself then favours detectors that track what moves.
  const kp = tf.mul(keypoints(c, p, x), 2) as tf.Tensor2D;
  flat = tf.concat([flat, kp], 1);
  const h = tf.relu(layer(p, 'enc/h1', flat));
  return tf.concat([layer(p, 'enc/out', h), kp], 1);
}

/**
 * Spatial soft-argmax: a learned 1x1 channel mix gives K score maps; a softmax over pixels turns
 * each into a distribution whose mean (x, y) in [-1, 1] is the keypoint. [B, C, S, S] -> [B, 2K].
 */
export function keypoints(c: ModelConfig, p: Params, x: tf.Tensor4D): tf.Tensor2D {
  const [B, C, S] = x.shape;
  const K = c.keypoints;
  const pixels = tf.reshape(tf.transpose(tf.reshape(x, [B, C, S * S]), [0, 2, 1]), [
    B * S * S,
    C,
  ]) as tf.Tensor2D;
  const scores = tf.reshape(layer(p, 'enc/kp', pixels), [B, S * S, K]);
  const attn = tf.softmax(tf.transpose(scores, [0, 2, 1]), -1);
  const coords = matMul(tf.reshape(attn, [B * K, S * S]) as tf.Tensor2D, pixelGrid(S));
  return tf.reshape(coords, [B, 2 * K]) as tf.Tensor2D;
}

/** [S*S, 2] pixel-centre coordinates in [-1, 1], row-major (x varies fastest). */
function pixelGrid(S: number): tf.Tensor2D {
  const g = new Float32Array(S * S * 2);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      g[(y * S + x) * 2] = ((x + 0.5) / S) * 2 - 1;
      g[(y * S + x) * 2 + 1] = ((y + 0.5) / S) * 2 - 1;
    }
  }
  return tf.tensor2d(g, [S * S, 2]);
}

/** The image part of latents [N, D] -> [N, D - P]. */
export function imagePart(c: ModelConfig, s: tf.Tensor2D): tf.Tensor2D {
  return c.proprioDim > 0 ? (tf.slice(s, [0, 0], [-1, c.latentDim - c.proprioDim]) as tf.Tensor2D) : s;
}

/** World model: s' = s + f([s, a]). Residual so an untrained model starts as "nothing changes". */
export function predict(p: Params, s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
  const h1 = tf.relu(layer(p, 'pred/h1', tf.concat([s, a], 1)));
  const h2 = tf.relu(layer(p, 'pred/h2', h1));
  return tf.add(s, layer(p, 'pred/out', h2));
}

/** Rolls the predictor over actions [B, T, A] from s0 [B, D]; returns [B, T, D] (s_1 .. s_T). */
export function rollout(p: Params, s0: tf.Tensor2D, actions: tf.Tensor3D): tf.Tensor3D {
  const T = actions.shape[1];
  const out: tf.Tensor2D[] = [];
  let s = s0;
  for (let t = 0; t < T; t++) {
    const a = tf.squeeze(tf.slice(actions, [0, t, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
    s = predict(p, s, a);
    out.push(s);
  }
  return tf.stack(out, 1) as tf.Tensor3D;
}

/** Inverse dynamics from the image parts of two latents: which action took s to s'? -> [B, A]. */
export function inverseDynamics(c: ModelConfig, p: Params, s: tf.Tensor2D, next: tf.Tensor2D): tf.Tensor2D {
  const h = tf.relu(layer(p, 'idm/h1', tf.concat([imagePart(c, s), imagePart(c, next)], 1)));
  return layer(p, 'idm/out', h);
}

/** Raw probe head: [B, D] -> [B, 4] = (x / width, y / height, wall distance m, hazard logit). */
export function probeHead(p: Params, s: tf.Tensor2D): tf.Tensor2D {
  const h = tf.relu(layer(p, 'probe/h1', s));
  return layer(p, 'probe/out', h);
}

export function probePosition(c: ModelConfig, p: Params, s: tf.Tensor2D): tf.Tensor2D {
  const raw = tf.slice(probeHead(p, s), [0, 0], [-1, 2]);
  return tf.mul(raw, tf.tensor1d([c.arena.width, c.arena.height])) as tf.Tensor2D;
}

export function probeWallDistance(p: Params, s: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.slice(probeHead(p, s), [0, 2], [-1, 1]), [-1]) as tf.Tensor1D;
}

export function probeHazard(p: Params, s: tf.Tensor2D): tf.Tensor1D {
  return tf.sigmoid(tf.reshape(tf.slice(probeHead(p, s), [0, 3], [-1, 1]), [-1])) as tf.Tensor1D;
}

/** Wall-map readout logits: [B, D] -> [B, G * G] (row = y cell, column = x cell). Needs mapGrid. */
export function probeMapLogits(p: Params, s: tf.Tensor2D): tf.Tensor2D {
  return layer(p, 'map/out', tf.relu(layer(p, 'map/h1', s)));
}
