// Held-out measurements of a world model: the compounding-error curve of imagined rollouts, probe
// errors in world units and the per-dimension spread of the latent (the collapse watch).
import type { SequenceBatch } from '../memory/replay';
import { tf } from '../tf/core';
import { disposeBatch, toTensors } from './batch';
import type { ModelConfig } from './config';
import { encode, probeHead, rollout } from './network';
import type { Params } from './params';

export interface EvalMetrics {
  /**
   * Entry h-1: mean squared distance between the latent imagined h steps ahead and the encoding of
   * the real frame, divided by the mean squared distance between encodings of random frame pairs.
   * 0 is perfect; 1 is no better than a random guess from the data.
   */
  horizonError: number[];
  /** Same normalisation for "nothing changes" (s_h = s_0): a model must beat this to be useful. */
  horizonErrorStatic: number[];
  /** Mean squared distance between encodings of random frame pairs (the normaliser). */
  randomPairDistance: number;
  /** Mean Euclidean error of the position probe, world units. */
  probePositionError: number;
  /** The same for always guessing the batch's mean position (the trivial baseline). */
  meanGuessPositionError: number;
  /** Mean absolute error of the wall-distance probe, world units. */
  probeWallDistanceError: number;
  /** Fraction of frames whose hazard occupancy the probe gets right (threshold 0.5). */
  probeHazardAccuracy: number;
  /** Standard deviation of each latent dimension over the batch. */
  latentStd: number[];
  frames: number;
}

export function evaluateModel(c: ModelConfig, p: Params, batch: SequenceBatch, horizon: number): EvalMetrics {
  const B = batch.batch;
  const L = batch.length;
  const D = c.latentDim;
  const H = Math.max(1, Math.min(horizon, L - 1));
  const t = toTensors(c, batch);
  try {
    const [zData, predData, probe] = tf.tidy(() => {
      const z = encode(c, p, t.images, t.proprio);
      const seq = tf.reshape(z, [B, L, D]);
      const s0 = tf.squeeze(tf.slice(seq, [0, 0, 0], [B, 1, D]), [1]) as tf.Tensor2D;
      const imagined = rollout(p, s0, tf.slice(t.actions, [0, 0, 0], [B, H, c.actionDim]) as tf.Tensor3D);
      return [z.dataSync(), imagined.dataSync(), probeHead(p, z).dataSync()];
    });
    const at = (b: number, s: number, d: number) => zData[(b * L + s) * D + d]!;
    const horizonError: number[] = [];
    const horizonErrorStatic: number[] = [];
    let rand = 0;
    const N = B * L;
    // Deterministic pairing: frame i against a frame far away in the batch.
    const shift = Math.max(1, Math.floor(N / 2) + 1);
    for (let i = 0; i < N; i++) {
      const j = (i * 7 + shift) % N;
      let d2 = 0;
      for (let d = 0; d < D; d++) d2 += (zData[i * D + d]! - zData[j * D + d]!) ** 2;
      rand += d2;
    }
    rand = rand / N || 1e-12;
    for (let h = 1; h <= H; h++) {
      let e = 0;
      let e0 = 0;
      for (let b = 0; b < B; b++) {
        for (let d = 0; d < D; d++) {
          e += (predData[(b * H + h - 1) * D + d]! - at(b, h, d)) ** 2;
          e0 += (at(b, 0, d) - at(b, h, d)) ** 2;
        }
      }
      horizonError.push(e / B / rand);
      horizonErrorStatic.push(e0 / B / rand);
    }
    let posErr = 0;
    let meanErr = 0;
    let wallErr = 0;
    let hazardOk = 0;
    let mx = 0;
    let my = 0;
    for (let i = 0; i < N; i++) {
      mx += batch.positions[i * 2]!;
      my += batch.positions[i * 2 + 1]!;
    }
    mx /= N;
    my /= N;
    for (let i = 0; i < N; i++) {
      const x = batch.positions[i * 2]!;
      const y = batch.positions[i * 2 + 1]!;
      posErr += Math.hypot(probe[i * 4]! * c.arena.width - x, probe[i * 4 + 1]! * c.arena.height - y);
      meanErr += Math.hypot(mx - x, my - y);
      wallErr += Math.abs(probe[i * 4 + 2]! - batch.wallDistance[i]!);
      hazardOk += (probe[i * 4 + 3]! > 0 ? 1 : 0) === (batch.hazard[i]! > 0.5 ? 1 : 0) ? 1 : 0;
    }
    const latentStd: number[] = [];
    for (let d = 0; d < D; d++) {
      let m = 0;
      for (let i = 0; i < N; i++) m += zData[i * D + d]!;
      m /= N;
      let v = 0;
      for (let i = 0; i < N; i++) v += (zData[i * D + d]! - m) ** 2;
      latentStd.push(Math.sqrt(v / Math.max(N - 1, 1)));
    }
    return {
      horizonError,
      horizonErrorStatic,
      randomPairDistance: rand,
      probePositionError: posErr / N,
      meanGuessPositionError: meanErr / N,
      probeWallDistanceError: wallErr / N,
      probeHazardAccuracy: hazardOk / N,
      latentStd,
      frames: N,
    };
  } finally {
    disposeBatch(t);
  }
}
