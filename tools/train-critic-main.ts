// Trains the critic as a temporal distance (src/agent/plan/critic-td.ts) on the latents of explorer
// episodes, encoded once by the checkpoint's frozen encoder, and writes a critic file. Deterministic
// for a given seed. Held-out episodes (another world seed) report the TD error as training goes.
import { readFileSync, writeFileSync } from 'node:fs';
import { learnerFromCheckpoint } from '../src/agent/checkpoint/model-io';
import { OuExplorer } from '../src/agent/explore/ou-explorer';
import { WaypointExplorer } from '../src/agent/explore/waypoint-explorer';
import type { WorldModelLearner } from '../src/agent/model/learner';
import { mulberry32 } from '../src/agent/model/rng';
import { Critic } from '../src/agent/plan/critic';
import { encodeCriticFile } from '../src/agent/plan/critic-file';
import { hindsightDistances } from '../src/agent/plan/critic-graph';
import { TemporalCriticTrainer } from '../src/agent/plan/critic-td';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { Rng } from '../src/agent/plan/rng';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { type Scenario, World } from '../src/world/index';
import type { Action, StepResult } from '../src/world/types';
import { encodeAll } from './encode-frames';
import { ProgressBar } from './progress';
import { loadScenarioArg } from './scenario-arg';
import { parseTrainCriticArgs, type TrainCriticArgs } from './train-critic-args';

interface Collected {
  latents: Float32Array[];
  crossings: number;
}

/** The model's decoded positions (metres) of latents [n * D]: the position probe. */
function decodePositions(fm: FrozenWorldModel, z: Float32Array): Float32Array {
  const D = fm.latentDim;
  return tf.tidy(() => fm.position(tf.tensor2d(z, [z.length / D, D])).dataSync() as Float32Array);
}

/** Explorer episodes of a fixed length (the goal never ends them), encoded to latents. */
function collect(
  a: TrainCriticArgs,
  scenario: Scenario,
  learner: WorldModelLearner,
  seed: number,
  count: number,
  bar?: ProgressBar,
): Collected {
  const long: Scenario = {
    ...scenario,
    episode: { ...scenario.episode, maxSteps: a.episodeSteps, successRadius: 1e-3 },
  };
  const world = World.create(long, { seed });
  const ou = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: seed + 1 });
  const wp = new WaypointExplorer({ arena: scenario.arena, seed: seed + 2 });
  const coin = mulberry32(seed + 3);
  const midX = scenario.arena.width / 2;
  const out: Collected = { latents: [], crossings: 0 };
  for (let e = 0; e < count; e++) {
    const useWaypoint = a.explorer === 'waypoint' || (a.explorer === 'mix' && coin() < 0.5);
    ou.reset();
    wp.reset();
    let r: StepResult = world.reset();
    const images: Float32Array[] = [];
    const proprio: Float32Array[] = [];
    for (;;) {
      images.push(r.obs.image);
      proprio.push(r.obs.proprio);
      if (r.info.done) break;
      const before = r.info.position.x < midX;
      const action: Action = useWaypoint ? wp.next(r) : ou.next();
      r = world.step(action);
      if (before !== r.info.position.x < midX) out.crossings++;
    }
    out.latents.push(encodeAll(learner, images, proprio));
    bar?.update(e + 1, `collecting (${out.crossings} crossings of the arena's middle)`);
  }
  bar?.done();
  return out;
}

async function main(): Promise<void> {
  const a = parseTrainCriticArgs(process.argv.slice(2));
  await initNodeBackend(a.backend);
  const scenario = loadScenarioArg(a);
  const { learner } = learnerFromCheckpoint(readFileSync(a.checkpoint));
  const D = learner.latentDim;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const t0 = performance.now();
  const train = collect(a, scenario, learner, a.seed, a.episodes, new ProgressBar(a.episodes));
  const heldOut = collect(a, scenario, learner, a.seed + 1_000_003, Math.max(2, Math.round(a.episodes / 8)));
  log(
    `collected ${a.episodes} + ${heldOut.latents.length} held-out episodes in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  const critic = new Critic({
    latentDim: D,
    hidden: a.hidden,
    gamma: a.gamma,
    lr: a.lr,
    seed: a.seed,
    units: 'steps',
  });
  const target = new Critic({
    latentDim: D,
    hidden: a.hidden,
    gamma: a.gamma,
    seed: a.seed,
    name: 'critic-target',
  });
  // Goals are places: the velocity dims at the end of the latent are zeroed, as the agent does.
  const velocityDims = Array.from({ length: learner.config.proprioDim }, (_, i) => D - 1 - i);
  const opts = { expectile: a.expectile, nStep: a.nStep, goalZeroDims: velocityDims };
  const trainer = new TemporalCriticTrainer(critic, target, opts);
  // --targets graph: exact hindsight shortest paths per episode (critic-graph.ts), no bootstrap.
  const probe = a.targets === 'graph' ? new FrozenWorldModel(learner) : null;
  const distances = (z: Float32Array) =>
    probe ? hindsightDistances(z, decodePositions(probe, z), D, { linkRadius: a.linkRadius }) : null;
  for (const z of train.latents) trainer.addEpisode(z, distances(z));
  // Held-out TD error: the same sampling and targets, with a frozen copy of the critic.
  const evalTarget = new Critic({ latentDim: D, hidden: a.hidden, gamma: a.gamma, name: 'critic-eval' });
  const evalCritic = new Critic({ latentDim: D, hidden: a.hidden, gamma: a.gamma, name: 'critic-eval-2' });
  const evaluator = new TemporalCriticTrainer(evalCritic, evalTarget, opts);
  for (const z of heldOut.latents) evaluator.addEpisode(z, distances(z));

  const rng = new Rng(a.seed + 17);
  const bar = new ProgressBar(a.steps);
  let last = { loss: 0, meanAbsError: 0, meanTarget: 0 };
  const history: { step: number; heldOutError: number; meanTarget: number }[] = [];
  for (let s = 1; s <= a.steps; s++) {
    last = trainer.step(a.batch, rng);
    if (s % a.evalEvery === 0 || s === a.steps) {
      evalCritic.copyFrom(critic);
      evalTarget.copyFrom(critic);
      const e = evaluator.tdError(512, new Rng(a.seed + 23));
      history.push({ step: s, heldOutError: e.meanAbsError, meanTarget: e.meanTarget });
      bar.update(
        s,
        `|V - target| train ${last.meanAbsError.toFixed(2)} held-out ${e.meanAbsError.toFixed(2)} (mean target ${e.meanTarget.toFixed(1)})`,
      );
    } else if (s % 50 === 0) bar.update(s, `|V - target| train ${last.meanAbsError.toFixed(2)}`);
  }
  bar.done();
  const seconds = (performance.now() - t0) / 1000;
  const final = history[history.length - 1]!;
  const meta = {
    command: `npm run train:critic -- ${process.argv.slice(2).join(' ')}`,
    checkpoint: a.checkpoint,
    scenario: scenario.name,
    episodes: a.episodes,
    episodeSteps: a.episodeSteps,
    explorer: a.explorer,
    crossings: train.crossings,
    steps: a.steps,
    expectile: a.expectile,
    nStep: a.nStep,
    gamma: a.gamma,
    targets: a.targets,
    ...(a.targets === 'graph' ? { linkRadius: a.linkRadius } : {}),
    heldOutError: Math.round(final.heldOutError * 1e4) / 1e4,
    heldOutMeanTarget: Math.round(final.meanTarget * 1e3) / 1e3,
    seconds: Math.round(seconds),
  };
  writeFileSync(a.out, encodeCriticFile(critic, meta));
  writeFileSync(
    a.out.replace(/\.json$/, '') + '.log.json',
    `${JSON.stringify({ ...meta, history }, null, 2)}\n`,
  );
  log(
    `wrote ${a.out} (held-out |V - target| ${final.heldOutError.toFixed(3)}, mean target ${final.meanTarget.toFixed(2)}; ${seconds.toFixed(0)} s)`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`train:critic: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
