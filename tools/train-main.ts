// Trains a world model in Node from the explorer's own experience and writes NAME.ckpt + NAME.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { learnerFromCheckpoint, saveLearner } from '../src/agent/checkpoint/model-io';
import { ExperienceCollector } from '../src/agent/explore/collector';
import { OuExplorer } from '../src/agent/explore/ou-explorer';
import { WaypointExplorer } from '../src/agent/explore/waypoint-explorer';
import { ReplayMemory, type SequenceBatch } from '../src/agent/memory/replay';
import { makeModelConfig } from '../src/agent/model/config';
import { WorldModelLearner } from '../src/agent/model/learner';
import type { EvalMetrics } from '../src/agent/model/metrics';
import { mulberry32 } from '../src/agent/model/rng';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { type Scenario, World } from '../src/world/index';
import { ProgressBar } from './progress';
import { loadScenarioArg } from './scenario-arg';
import { parseTrainArgs, type TrainArgs } from './train-args';

const EVAL_HORIZON = 16;

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** Held-out experience: other seeds, never trained on. */
function heldOut(scenario: Scenario, a: TrainArgs, inputSize: number, proprioDim: number): SequenceBatch {
  const world = World.create(scenario, { seed: a.seed + 1_000_003, obsSize: a.obsSize });
  const memory = new ReplayMemory({
    capacity: a.evalEpisodes * (scenario.episode.maxSteps + 2),
    channels: 4,
    size: inputSize,
    proprioDim,
    actionDim: 2,
    goalImages: 0,
  });
  const explorer = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: a.seed + 7 });
  const collector = new ExperienceCollector(
    world,
    memory,
    () => explorer.next(),
    () => explorer.reset(),
  );
  while (collector.episodes < a.evalEpisodes) collector.collect(1);
  return memory.sampleSequences(128, EVAL_HORIZON + 1, mulberry32(a.seed + 11));
}

function summary(m: EvalMetrics) {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    horizonError: m.horizonError.map(r),
    horizonErrorStatic: m.horizonErrorStatic.map(r),
    probePositionError: r(m.probePositionError),
    meanGuessPositionError: r(m.meanGuessPositionError),
    probeWallDistanceError: r(m.probeWallDistanceError),
    probeHazardAccuracy: r(m.probeHazardAccuracy),
    latentStdMin: r(Math.min(...m.latentStd)),
    latentStdMean: r(m.latentStd.reduce((s, x) => s + x, 0) / m.latentStd.length),
    latentStd: m.latentStd.map(r),
  };
}

/** The experience collector for --explorer: OU noise, waypoints, or a per-episode coin flip. */
function explorerCollector(a: TrainArgs, world: World, memory: ReplayMemory): ExperienceCollector {
  const ou = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: a.seed });
  const wp = new WaypointExplorer({ arena: world.scenario.arena, seed: a.seed + 5 });
  const coin = mulberry32(a.seed + 13);
  let useWaypoint = a.explorer === 'waypoint';
  return new ExperienceCollector(
    world,
    memory,
    (last) => (useWaypoint ? wp.next(last) : ou.next()),
    () => {
      if (a.explorer === 'mix') useWaypoint = coin() < 0.5;
      ou.reset();
      wp.reset();
    },
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const a = parseTrainArgs(argv);
  const backend = await initNodeBackend(a.backend);
  const scenario = loadScenarioArg(a);
  if (a.obsSize % 32 !== 0) throw new Error(`--obs-size must be a multiple of 32, got ${a.obsSize}`);
  const initial = a.init ? learnerFromCheckpoint(readFileSync(a.init)) : null;
  const learner =
    initial?.learner ??
    new WorldModelLearner(
      makeModelConfig({ arena: { width: scenario.arena.width, height: scenario.arena.height } }),
      a.seed,
    );
  const config = learner.config;
  const world = World.create(scenario, { seed: a.seed, obsSize: a.obsSize });
  const memory = new ReplayMemory({
    capacity: a.capacity,
    channels: config.channels,
    size: config.inputSize,
    proprioDim: config.proprioDim,
    actionDim: config.actionDim,
  });
  const collector = explorerCollector(a, world, memory);
  const rng = mulberry32(a.seed + 3);
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log(
    `backend ${backend}, scenario ${scenario.name}, memory ${(memory.bytes / 1e6).toFixed(1)} MB for ${a.capacity} frames`,
  );
  const evalBatch = heldOut(scenario, a, config.inputSize, config.proprioDim);
  const untrained = summary(learner.evaluate(evalBatch, EVAL_HORIZON));
  log(
    `${initial ? 'initial' : 'untrained'}: probe position error ${untrained.probePositionError} m (mean guess ${untrained.meanGuessPositionError} m)`,
  );
  collector.collect(a.warmup);

  const bar = new ProgressBar(a.steps);
  const history: Record<string, number>[] = [];
  let trainMs = 0;
  let stepMsSum = 0;
  let okSteps = 0;
  let rejected = 0;
  let last: Record<string, number> = {};
  const t0 = performance.now();
  for (let s = 1; s <= a.steps; s++) {
    collector.collect(a.envSteps);
    const batch = memory.sampleSequences(a.batch, config.rollout + 1, rng);
    const r = learner.trainStep(batch);
    if (r.ok) {
      okSteps++;
      stepMsSum += r.ms;
      last = { ...r.losses, gradNorm: r.gradNorm };
    } else {
      rejected++;
      log(`\nstep ${s}: ${r.reason}`);
    }
    if (s % a.evalEvery === 0 || s === a.steps) {
      const m = learner.evaluate(evalBatch, EVAL_HORIZON);
      const row = {
        step: s,
        loss: last.total ?? Number.NaN,
        probePositionError: m.probePositionError,
        horizonError1: m.horizonError[0]!,
        horizonError8: m.horizonError[7]!,
        horizonError16: m.horizonError[15]!,
        latentStdMin: Math.min(...m.latentStd),
      };
      history.push(row);
      log(`\n${JSON.stringify(row)}`);
    }
    bar.update(
      s,
      `loss ${(last.total ?? Number.NaN).toFixed(3)} pred ${(last.prediction ?? Number.NaN).toFixed(4)} ${(stepMsSum / Math.max(okSteps, 1)).toFixed(0)} ms/step`,
    );
  }
  bar.done();
  trainMs = performance.now() - t0;
  const beforeProbeFit = a.probeSteps > 0 ? summary(learner.evaluate(evalBatch, EVAL_HORIZON)) : null;
  let probeLoss = Number.NaN;
  for (let s = 1; s <= a.probeSteps; s++) {
    probeLoss = learner.trainProbeStep(memory.sampleSequences(a.batch, 2, rng)) ?? Number.NaN;
    if (s % 100 === 0 || s === a.probeSteps)
      log(`probe fit ${s}/${a.probeSteps}: loss ${probeLoss.toFixed(4)}`);
  }

  const final = summary(learner.evaluate(evalBatch, EVAL_HORIZON));
  const msPerStep = stepMsSum / Math.max(okSteps, 1);
  const metrics = {
    steps: learner.step,
    rejectedSteps: rejected,
    envSteps: collector.steps,
    episodes: collector.episodes,
    msPerTrainStep: Math.round(msPerStep * 10) / 10,
    samplesPerSec: Math.round((a.batch * 1000) / msPerStep),
    framesPerSec: Math.round((a.batch * (config.rollout + 1) * 1000) / msPerStep),
    wallSeconds: Math.round(trainMs / 1000),
    finalLosses: last,
    probeSteps: a.probeSteps,
    finalProbeLoss: probeLoss,
  };
  const outPath = resolve(a.out);
  mkdirSync(dirname(outPath), { recursive: true });
  const command = `npm run train -- ${argv.join(' ')}`;
  const bytes = saveLearner(learner, {
    metrics: {
      probePositionError: final.probePositionError,
      horizonError: final.horizonError,
      latentStdMin: final.latentStdMin,
    },
    meta: {
      scenario: scenario.name,
      seed: a.seed,
      command,
      ...(initial ? { initCommand: String(initial.checkpoint.meta.command ?? 'unknown') } : {}),
      commit: gitCommit() ?? 'unknown',
      backend,
    },
  });
  writeFileSync(`${outPath}.ckpt`, new Uint8Array(bytes));
  const report = {
    command,
    args: a,
    seed: a.seed,
    backend,
    commit: gitCommit(),
    createdAt: new Date().toISOString(),
    config,
    memoryBytes: memory.bytes,
    metrics,
    initFrom: initial
      ? { file: a.init, meta: initial.checkpoint.meta, metrics: initial.checkpoint.metrics }
      : null,
    eval: {
      episodes: a.evalEpisodes,
      sequences: evalBatch.batch,
      horizon: EVAL_HORIZON,
      [initial ? 'initial' : 'untrained']: untrained,
      beforeProbeFit,
      final,
    },
    history,
  };
  writeFileSync(`${outPath}.json`, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${outPath}.ckpt (${bytes.byteLength} bytes) and ${outPath}.json`);
  log(
    `held-out probe position error ${final.probePositionError} m (untrained ${untrained.probePositionError} m), ` +
      `horizon error 1/8/16: ${final.horizonError[0]} / ${final.horizonError[7]} / ${final.horizonError[15]}, ` +
      `${metrics.msPerTrainStep} ms/step, tensors ${tf.memory().numTensors}`,
  );
  learner.dispose();
}

main().catch((e: unknown) => {
  process.stderr.write(`\ntrain: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
