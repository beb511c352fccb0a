import { beforeAll, describe, expect, it } from 'vitest';
import { learnerFromCheckpoint, saveLearner } from '../checkpoint/model-io';
import { FrozenWorldModel } from '../plan/frozen-model';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { WorldModelLearner } from './learner';
import { dotBatch } from './synthetic';
import { TINY_MODEL } from './tiny-config';

// The wall-map readout: a probe fitted apart on frozen latents (tools/train-map.ts).
describe('wall map readout', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('fits a latent-to-map rule, survives a checkpoint, and the planner reads the same map', () => {
    const G = 4;
    const learner = new WorldModelLearner({ ...TINY_MODEL, mapGrid: G }, 7);
    const D = learner.latentDim;
    // Target rule: cell k is wall when latent dim (k mod D) is positive.
    const z = tf.randomNormal([64, D], 0, 1, 'float32', 3) as tf.Tensor2D;
    const y = tf.tidy(() => tf.cast(tf.greater(tf.tile(z, [1, (G * G) / D]), 0), 'float32') as tf.Tensor2D);
    const first = learner.trainMapStep(z, y)!;
    let last = first;
    for (let i = 0; i < 300; i++) last = learner.trainMapStep(z, y)!;
    expect(last).toBeLessThan(first / 2);

    const bytes = saveLearner(learner);
    const { learner: back } = learnerFromCheckpoint(bytes);
    expect(back.config.mapGrid).toBe(G);
    const frozen = new FrozenWorldModel(back);
    const diff = tf.tidy(
      () => tf.max(tf.abs(tf.sub(frozen.wallMap!.read(z), learner.readWallMap(z)))).dataSync()[0]!,
    );
    expect(diff).toBeLessThan(1e-5);
    expect(frozen.wallMap!.grid).toBe(G);
    frozen.dispose();
    back.dispose();
    learner.dispose();
    tf.dispose([z, y]);
  });

  it('the world-model step trains around the map and leaves it as it was', () => {
    const learner = new WorldModelLearner({ ...TINY_MODEL, mapGrid: 4 }, 2);
    const mapOf = () => learner.exportWeights().filter((w) => w.name.startsWith('map/'));
    const encOf = () => learner.exportWeights().find((w) => w.name === 'enc/h1/w')!.data;
    const [map0, enc0] = [mapOf(), encOf()];
    for (let i = 0; i < 3; i++) learner.trainStep(dotBatch({ batch: 8, length: 3, size: 16, seed: i }));
    expect(mapOf()).toEqual(map0);
    expect(encOf()).not.toEqual(enc0);
    learner.dispose();
  });

  it('is absent without mapGrid', () => {
    const plain = new WorldModelLearner({ ...TINY_MODEL }, 1);
    expect(plain.wallMap).toBeUndefined();
    expect(new FrozenWorldModel(plain).wallMap).toBeUndefined();
    expect(() => plain.trainMapStep(tf.zeros([1, plain.latentDim]), tf.zeros([1, 4]))).toThrow(/no wall map/);
    expect(plain.exportWeights().some((w) => w.name.startsWith('map/'))).toBe(false);
    plain.dispose();
  });
});
