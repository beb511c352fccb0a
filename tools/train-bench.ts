// `npx tsx tools/train-bench.ts [wasm|cpu] [steps]`: median ms per training step of the default
// world model (batch 64 sequences x 9 frames of 64x64x4 observations, pooled to 32x32).
import './tfjs-node-esm';

const { initNodeBackend } = await import('../src/agent/tf/backend-node');
const { WorldModelLearner } = await import('../src/agent/model/learner');
const { dotBatch } = await import('../src/agent/model/synthetic');
const { loadavg } = await import('node:os');

const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
const steps = Number(process.argv[3] ?? 10);
await initNodeBackend(backend);
const learner = new WorldModelLearner({}, 1);
const batches = [0, 1, 2].map((seed) => dotBatch({ batch: 64, length: 9, size: 64, seed }));
learner.trainStep(batches[0]!); // warm-up: kernels, Adam slots
const ms: number[] = [];
for (let i = 0; i < steps; i++) {
  const r = learner.trainStep(batches[i % 3]!);
  if (r.ok) ms.push(r.ms);
}
ms.sort((a, b) => a - b);
const median = ms[Math.floor(ms.length / 2)]!;
console.log(
  JSON.stringify({
    backend,
    steps: ms.length,
    medianMsPerStep: Math.round(median),
    samplesPerSec: Math.round((64 * 1000) / median),
    framesPerSec: Math.round((64 * 9 * 1000) / median),
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
  }),
);
learner.dispose();
