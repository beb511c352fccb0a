// Planning speed on the learned model's architecture (random weights: speed does not depend on
// them). Prints median ms per plan for the default planner config and for a W1-like workload
// (64 candidates, horizon 20, latent 32, hidden 128, 20 Adam iterations, no sampling), each with
// the frozen-weight model (what the agent uses) and with the learner directly (weight gradients too).
import { WorldModelLearner } from '../src/agent/model/learner';
import type { PlannerConfig } from '../src/agent/plan/config';
import { IntrinsicCost } from '../src/agent/plan/cost';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { Mode2Planner } from '../src/agent/plan/mode2';
import { initNodeBackend, type NodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { percentile } from './eval-stats';

const backend = (process.argv[2] ?? 'wasm') as NodeBackend;
const reps = Number(process.argv[3] ?? 10);
await initNodeBackend(backend);
const learner = new WorldModelLearner({}, 1);
const frozen = new FrozenWorldModel(learner);
const D = learner.latentDim;
// tfjs random ops need seedrandom's CommonJS interop, which Node ESM breaks: fixed vectors instead.
const s = tf.tensor2d(
  Array.from({ length: D }, (_, i) => Math.sin(i + 1)),
  [1, D],
);
const g = tf.tensor2d(
  Array.from({ length: D }, (_, i) => Math.cos(3 * i)),
  [1, D],
);
const workloads: [string, Partial<PlannerConfig>][] = [
  ['default hybrid', {}],
  ['W1-like gd K64 H20 I20', { method: 'gd', candidates: 64, horizon: 20, iterations: 20 }],
];
for (const [name, cfg] of workloads) {
  for (const [which, model] of [
    ['frozen', frozen],
    ['learner', learner],
  ] as const) {
    const p = new Mode2Planner({ dynamics: model, probes: model, cost: new IntrinsicCost() }, cfg);
    p.plan({ state: s, goal: g });
    const ms: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      p.plan({ state: s, goal: g });
      ms.push(performance.now() - t0);
    }
    const med = percentile(ms, 50);
    process.stdout.write(
      `${backend} ${name.padEnd(24)} ${which.padEnd(8)} median ${med.toFixed(1)} ms/plan (${(1000 / med).toFixed(1)} plans/s), p95 ${percentile(ms, 95).toFixed(1)}\n`,
    );
  }
}
