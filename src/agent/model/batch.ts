// Turns a memory batch (plain typed arrays) into the tensors the objective needs.

import type { SequenceBatch } from '../memory/replay';
import { tf } from '../tf/core';
import type { ModelConfig } from './config';

export interface BatchTensors {
  /** [B * L, C, S, S]. */
  images: tf.Tensor4D;
  /** [B * L, P]. */
  proprio: tf.Tensor2D;
  /** [B, L - 1, A]. */
  actions: tf.Tensor3D;
  /** [B * L, 4] = (x / width, y / height, wall distance, hazard). */
  probeTargets: tf.Tensor2D;
  batch: number;
  length: number;
}

export function checkBatch(c: ModelConfig, b: SequenceBatch, minLength: number): void {
  if (b.channels !== c.channels)
    throw new Error(`batch has ${b.channels} channels, model expects ${c.channels}`);
  if (b.length < minLength)
    throw new Error(`batch sequences have ${b.length} frames, need at least ${minLength}`);
  if (b.size % c.inputSize !== 0) {
    throw new Error(`batch image side ${b.size} is not a multiple of the model input size ${c.inputSize}`);
  }
}

/** Caller owns the returned tensors (dispose them, or build inside tf.tidy). */
export function toTensors(c: ModelConfig, b: SequenceBatch): BatchTensors {
  const N = b.batch * b.length;
  const targets = new Float32Array(N * 4);
  for (let i = 0; i < N; i++) {
    targets[i * 4] = b.positions[i * 2]! / c.arena.width;
    targets[i * 4 + 1] = b.positions[i * 2 + 1]! / c.arena.height;
    targets[i * 4 + 2] = b.wallDistance[i]!;
    targets[i * 4 + 3] = b.hazard[i]!;
  }
  return {
    images: tf.tensor4d(b.images, [N, b.channels, b.size, b.size]),
    proprio: tf.tensor2d(b.proprio, [N, c.proprioDim]),
    actions: tf.tensor3d(b.actions, [b.batch, b.length - 1, c.actionDim]),
    probeTargets: tf.tensor2d(targets, [N, 4]),
    batch: b.batch,
    length: b.length,
  };
}

export function disposeBatch(t: BatchTensors): void {
  tf.dispose([t.images, t.proprio, t.actions, t.probeTargets]);
}
