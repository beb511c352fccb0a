// Training speed of the default world model: ms per Adam step on a batch of 64 sequences x 9
// frames of 64x64x4 observations (pooled to 32x32), as tools/train-bench.ts and the agent use.
import { WorldModelLearner } from '../../src/agent/model/learner';
import { dotBatch } from '../../src/agent/model/synthetic';
import { memory, repeat, type Timing } from './measure';

export const TRAIN_BATCH = { batch: 64, length: 9, size: 64 } as const;

export interface TrainResult {
  timing: Timing;
  samplesPerSec: number;
  framesPerSec: number;
  rejected: number;
  tensors: { before: number; after: number };
}

export async function trainBench(steps: number, cpuClock?: () => number): Promise<TrainResult> {
  const before = memory().tensors;
  const learner = new WorldModelLearner({}, 1);
  const batches = [0, 1, 2].map((seed) => dotBatch({ ...TRAIN_BATCH, seed }));
  let i = 0;
  let rejected = 0;
  // Async read-back: the same step, and the only one WebGPU in a worker can run.
  const step = async () => {
    const r = await learner.trainStepAsync(batches[i++ % batches.length]!);
    if (!r.ok) rejected++;
  };
  const timing = await repeat(step, 1, steps, cpuClock);
  learner.dispose();
  const { batch, length } = TRAIN_BATCH;
  return {
    timing,
    samplesPerSec: Math.round((batch * 1000) / timing.p50),
    framesPerSec: Math.round((batch * length * 1000) / timing.p50),
    rejected,
    tensors: { before, after: memory().tensors },
  };
}
