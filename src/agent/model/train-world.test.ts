// End to end on the real world: explore two-rooms, learn from pixels, read the position back.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../../world/index';
import { ExperienceCollector } from '../explore/collector';
import { OuExplorer } from '../explore/ou-explorer';
import { ReplayMemory } from '../memory/replay';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { WorldModelLearner } from './learner';
import { mulberry32 } from './rng';

describe('world model on the real two-rooms world', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('training lowers the held-out probe position error at least 3x below the untrained model', () => {
    const cfg = {
      inputSize: 16,
      patchSize: 4,
      patchDim: 8,
      hiddenDim: 64,
      latentDim: 16,
      predictorHidden: 64,
      probeHidden: 32,
      rollout: 4,
      learningRate: 3e-3,
    };
    const mem = (capacity: number) =>
      new ReplayMemory({ capacity, channels: 4, size: 16, proprioDim: 2, actionDim: 2, goalImages: 0 });
    const scenario = builtinScenario('two-rooms');
    const train = mem(3000);
    const explorer = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: 1 });
    new ExperienceCollector(
      World.create(scenario, { seed: 1, obsSize: 32 }),
      train,
      () => explorer.next(),
      () => explorer.reset(),
    ).collect(3000);
    const test = mem(1000);
    const ex2 = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: 99 });
    new ExperienceCollector(
      World.create(scenario, { seed: 1234, obsSize: 32 }),
      test,
      () => ex2.next(),
      () => ex2.reset(),
    ).collect(1000);
    const heldOut = test.sampleSequences(64, 9, mulberry32(5));

    const learner = new WorldModelLearner(cfg, 1);
    const before = learner.evaluate(heldOut, 8);
    const rng = mulberry32(2);
    // The first step creates Adam's moment variables; from then on the count must stay flat.
    learner.trainStep(train.sampleSequences(32, 5, rng));
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 300; i++) expect(learner.trainStep(train.sampleSequences(32, 5, rng)).ok).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = learner.evaluate(heldOut, 8);
    expect(after.probePositionError).toBeLessThan(before.probePositionError / 3);
    expect(after.probePositionError).toBeLessThan(after.meanGuessPositionError);
    // The learned dynamics beat "nothing changes" one step ahead.
    expect(after.horizonError[0]!).toBeLessThan(after.horizonErrorStatic[0]!);
    console.info(
      `two-rooms e2e: probe position error ${before.probePositionError.toFixed(2)} m -> ${after.probePositionError.toFixed(2)} m ` +
        `(mean guess ${after.meanGuessPositionError.toFixed(2)} m)`,
    );
    learner.dispose();
  });
});
