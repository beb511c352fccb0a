// `npm run eval -- --scenario two-rooms --episodes 100 --seed 0 --planner hybrid --checkpoint C`
// Builds the controller the options name, runs the episodes with a progress bar on stderr and
// prints a table (or --json) on stdout.
import { readFileSync } from 'node:fs';
import { Agent } from '../src/agent/agent';
import { learnerFromCheckpoint } from '../src/agent/checkpoint/model-io';
import type { Encoder, LatentDynamics, LatentProbes } from '../src/agent/contracts';
import { ReplayMemory } from '../src/agent/memory/replay';
import { CentroidEncoder, PointMassModel } from '../src/agent/plan/analytic';
import { OracleController, RandomController, StraightController } from '../src/agent/plan/baselines';
import type { PlannerConfig } from '../src/agent/plan/config';
import type { TermPatch } from '../src/agent/plan/cost';
import { Critic } from '../src/agent/plan/critic';
import { CriticEnsemble } from '../src/agent/plan/critic-ensemble';
import { criticFromFile } from '../src/agent/plan/critic-file';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { Policy } from '../src/agent/plan/policy';
import { ROUTE_CUE_DIM } from '../src/agent/plan/route-cue';
import { initNodeBackend, type NodeBackend } from '../src/agent/tf/backend-node';
import { World } from '../src/world/index';
import { type EvalArgs, parseEvalArgs } from './eval-args';
import { type EpisodeController, type EpisodeRecord, episodeSeed, runEpisode, summarise } from './eval-run';
import { ProgressBar } from './progress';
import { loadScenarioArg } from './scenario-arg';

interface ModelParts {
  encoder: Encoder;
  dynamics: LatentDynamics & { refresh?: () => void };
  probes: LatentProbes;
  describe: string;
}

function loadModel(a: EvalArgs, world: World): ModelParts {
  if (a.checkpoint === 'analytic') {
    const { width, height } = world.scenario.arena;
    const pm = new PointMassModel({
      gain: world.topSpeed * world.controlDt,
      width,
      height,
      radius: world.scenario.agent.radius,
    });
    return {
      encoder: new CentroidEncoder(width, height),
      dynamics: pm,
      probes: pm,
      describe: 'analytic (centroid encoder + wall-blind point mass)',
    };
  }
  const { learner, checkpoint } = learnerFromCheckpoint(readFileSync(a.checkpoint!));
  const frozen = new FrozenWorldModel(learner);
  return {
    encoder: learner,
    dynamics: frozen,
    probes: frozen,
    describe: `${a.checkpoint} (${checkpoint.metrics.steps ?? '?'} training steps)`,
  };
}

function agentController(name: string, agent: Agent): EpisodeController {
  return {
    name,
    begin: (_w, goalObs) => agent.startEpisode(goalObs),
    act: (_w, obs) => {
      const r = agent.tick(obs);
      return { action: r.action, intrinsicCost: r.stepCost };
    },
  };
}

async function main(): Promise<void> {
  const a = parseEvalArgs(process.argv.slice(2));
  await initNodeBackend(a.backend as NodeBackend);
  const scenario = loadScenarioArg(a);
  const world = World.create(scenario, { seed: a.seed });
  const maxSteps = a.maxSteps || scenario.episode.maxSteps;
  let ctl: EpisodeController;
  let modelNote = 'none (ground truth)';
  if (a.planner === 'random') {
    const r = new RandomController(a.seed);
    ctl = { name: r.name, begin: () => {}, act: () => ({ action: r.act(), intrinsicCost: null }) };
  } else if (a.planner === 'straight') {
    const s = new StraightController();
    ctl = {
      name: s.name,
      begin: () => {},
      act: (_w, _o, info) => ({ action: s.act(info), intrinsicCost: null }),
    };
  } else if (a.planner === 'oracle') {
    const o = new OracleController({ seed: a.seed });
    ctl = {
      name: o.name,
      begin: () => o.reset(),
      act: (w) => ({ action: o.act(w), intrinsicCost: null }),
    };
  } else {
    const parts = loadModel(a, world);
    modelNote = parts.describe;
    const method = a.planner === 'gd' ? 'gd' : a.planner === 'sampling' ? 'sampling' : 'hybrid';
    const planner: Partial<PlannerConfig> = {
      method,
      dt: world.controlDt,
      seed: a.seed,
      ...(a.plannerJson ? (JSON.parse(a.plannerJson) as Partial<PlannerConfig>) : {}),
    };
    const needsPolicy = a.planner === 'mode1' || a.planner === 'mode1+mode2';
    const cueDim = a.policyCue === 'route' && parts.probes.wallMap ? ROUTE_CUE_DIM : 0;
    const policy = needsPolicy
      ? new Policy({ latentDim: parts.encoder.latentDim, seed: a.seed, cueDim })
      : null;
    if (needsPolicy)
      modelNote += cueDim > 0 ? '; Mode-1 sees the route cue' : '; Mode-1 sees (s, s_goal) only';
    // A trained critic file, or one learned here from practice episodes (--critic-episodes).
    const files = a.critic ? a.critic.split(',') : [];
    const critic = a.critic
      ? files.length > 1
        ? new CriticEnsemble(
            files.map((f, i) => criticFromFile(readFileSync(f, 'utf8'), `critic${i}`)),
            a.criticKappa,
          )
        : criticFromFile(readFileSync(a.critic, 'utf8'))
      : a.criticEpisodes > 0
        ? new Critic({ latentDim: parts.encoder.latentDim, seed: a.seed })
        : null;
    if (critic && critic.latentDim !== parts.encoder.latentDim) {
      throw new Error(
        `critic ${a.critic} has latentDim ${critic.latentDim}, the model's is ${parts.encoder.latentDim}`,
      );
    }
    const memory =
      critic && !a.critic
        ? new ReplayMemory({ capacity: 20_000, channels: 4, size: 32, proprioDim: 2, actionDim: 2 })
        : null;
    const agent = new Agent(
      { ...parts, policy, critic, memory },
      {
        mode: 'mode2',
        planner: { ...planner, criticWeight: a.critic ? (planner.criticWeight ?? 1) : 0 },
        seed: a.seed,
      },
    );
    if (a.costJson) agent.cost.update(JSON.parse(a.costJson) as Record<string, TermPatch>);
    if (a.critic) modelNote += `; critic ${a.critic}`;
    if (critic && !a.critic) {
      // Practice on episodes the evaluation never uses: act without the critic, learn it from memory.
      agent.setSchedule({ every: 1, modelSteps: 0, criticSteps: 1, policySteps: 0, batch: 16, length: 9 });
      const bar = new ProgressBar(a.criticEpisodes);
      let lastError = Number.NaN;
      const practice: EpisodeController = {
        name: 'practice',
        begin: (_w, goalObs) => agent.startEpisode(goalObs),
        act: (_w, obs, info) => {
          const r = agent.tick(obs, info);
          if (r.learned?.criticError != null) lastError = r.learned.criticError;
          return { action: r.action, intrinsicCost: r.stepCost };
        },
      };
      for (let e = 0; e < a.criticEpisodes; e++) {
        runEpisode(world, practice, episodeSeed(a.seed + 104_729, e), maxSteps);
        bar.update(e + 1, `critic |V - target| ${lastError.toFixed(3)}`);
      }
      bar.done();
      agent.setSchedule({ every: 0 });
      agent.setCriticWeight(planner.criticWeight ?? 1);
      modelNote += `; critic trained on ${a.criticEpisodes} practice episodes (last |V - target| ${lastError.toFixed(3)})`;
    }
    if (needsPolicy) {
      // Distil Mode-1 from Mode-2 on episodes the evaluation never uses.
      agent.setSchedule({ every: 1, modelSteps: 0, criticSteps: 0, policySteps: a.distillFit });
      const bar = new ProgressBar(a.distillEpisodes);
      const trainCtl = agentController('distil', agent);
      for (let e = 0; e < a.distillEpisodes; e++) {
        agent.setPolicyActs(e >= a.distillEpisodes - a.daggerEpisodes);
        runEpisode(world, trainCtl, episodeSeed(a.seed + 7_919, e), maxSteps);
        bar.update(e + 1, 'distilling Mode-1 from the hybrid planner');
      }
      bar.done();
      agent.setPolicyActs(false);
      agent.setSchedule({ every: 0 });
      agent.setMode(a.planner as 'mode1' | 'mode1+mode2');
    }
    ctl = agentController(a.planner, agent);
  }

  const records: EpisodeRecord[] = [];
  const bar = new ProgressBar(a.episodes);
  for (let e = 0; e < a.episodes; e++) {
    records.push(runEpisode(world, ctl, episodeSeed(a.seed, a.skip + e), maxSteps));
    const s = records.filter((r) => r.success).length;
    bar.update(e + 1, `${s}/${e + 1} reached`);
  }
  bar.done();
  const summary = summarise(records);
  const scenarioName = a.scenarioFile ?? a.scenario;
  if (a.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          scenario: scenarioName,
          planner: a.planner,
          seed: a.seed,
          model: modelNote,
          maxSteps,
          summary,
          episodes: records.map(({ planMs: _ms, ...r }, i) => ({ episode: a.skip + i, ...r })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const f = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '-' : x.toFixed(d));
  const rows: [string, string][] = [
    ['scenario', `${scenarioName} (${maxSteps} steps)`],
    ['planner', a.planner],
    ['model', modelNote],
    ['success', `${summary.successes}/${summary.episodes} = ${pct(summary.successRate)}`],
    ['95% interval (Wilson)', `${pct(summary.ci95[0])} .. ${pct(summary.ci95[1])}`],
    ['mean steps to goal', f(summary.meanStepsToGoal, 1)],
    ['mean intrinsic cost / step', f(summary.meanIntrinsicCost, 3)],
    ['mean final goal distance (m)', f(summary.meanFinalGoalDistance)],
    ['wall-contact steps / episode', f(summary.meanContacts, 1)],
    ['hazard time / episode (s)', f(summary.meanHazardTime)],
    ['plan ms p50 / p95', `${f(summary.planMsP50, 1)} / ${f(summary.planMsP95, 1)}`],
    ['episodes not reached', records.flatMap((r, i) => (r.success ? [] : [a.skip + i])).join(' ') || '-'],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(30)} ${v}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`eval: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
