import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../world/index';
import { Agent } from './agent';
import { ReplayMemory } from './memory/replay';
import { WorldModelLearner } from './model/learner';
import { CentroidEncoder, PointMassModel } from './plan/analytic';
import { RandomController } from './plan/baselines';
import { Critic } from './plan/critic';
import { FrozenWorldModel } from './plan/frozen-model';
import { Policy } from './plan/policy';
import { ROUTE_CUE_DIM } from './plan/route-cue';
import { initNodeBackend } from './tf/backend-node';
import { tf } from './tf/core';

const SMALL = { horizon: 8, candidates: 6, samples: 24, elites: 4, samplingIterations: 2, iterations: 3 };

describe('agent loop', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it("reaches goals in 'open' clearly more often than random (analytic model: centroid encoder + point mass)", () => {
    // The analytic model, not a learned one: training a model to competence inside a unit test
    // would take minutes on these machines. The learned model is measured by the eval CLI.
    const world = World.create(builtinScenario('open'), { seed: 1, obsSize: 32 });
    const { width, height } = world.scenario.arena;
    const pm = new PointMassModel({ gain: world.topSpeed * world.controlDt, width, height, radius: 0.3 });
    const agent = new Agent(
      { encoder: new CentroidEncoder(width, height), dynamics: pm, probes: pm },
      { planner: { ...SMALL, dt: world.controlDt, seed: 1 } },
    );
    const random = new RandomController(1);
    const episodes = 4;
    const maxSteps = 70;
    let agentWins = 0;
    let randomWins = 0;
    for (let e = 0; e < episodes; e++) {
      let { obs, info } = world.reset(100 + e);
      agent.startEpisode(world.observeAgentAt(info.goal));
      for (let t = 0; t < maxSteps && !info.success; t++)
        ({ obs, info } = world.step(agent.tick(obs, info).action));
      if (info.success) agentWins++;
      ({ info } = world.reset(100 + e));
      for (let t = 0; t < maxSteps && !info.success; t++) ({ info } = world.step(random.act()));
      if (info.success) randomWins++;
    }
    expect(agentWins).toBeGreaterThanOrEqual(3);
    expect(agentWins).toBeGreaterThan(randomWins + 1);
    agent.dispose();
  });

  it('perceive -> plan -> act -> remember -> learn: model, critic and policy learn from memory; tensors stay flat', () => {
    const world = World.create(builtinScenario('open'), { seed: 2, obsSize: 32 });
    const learner = new WorldModelLearner({ arena: { width: 10, height: 10 } }, 1);
    const frozen = new FrozenWorldModel(learner);
    const D = learner.latentDim;
    const critic = new Critic({ latentDim: D, seed: 1 });
    const policy = new Policy({ latentDim: D, seed: 1 });
    const memory = new ReplayMemory({ capacity: 400, channels: 4, size: 32, proprioDim: 2, actionDim: 2 });
    const agent = new Agent(
      { encoder: learner, dynamics: frozen, probes: frozen, memory, trainer: learner, critic, policy },
      {
        mode: 'mode1+mode2',
        planner: { ...SMALL, dt: world.controlDt, criticWeight: 1, seed: 2 },
        learn: { every: 4, batch: 4, length: 5 },
        seed: 2,
      },
    );
    // The surprise term on: an untrained model misses every step, so its memory fills and the term is read.
    agent.cost.update({ surprise: { enabled: true, weight: 1 } });
    let { obs, info } = world.reset(7);
    agent.startEpisode(world.observeAgentAt(info.goal));
    const reports = [];
    let n0 = 0;
    for (let t = 0; t < 40; t++) {
      if (t === 20) n0 = tf.memory().numTensors;
      const r = agent.tick(obs, info);
      expect(r.plan).not.toBeNull();
      expect(Number.isFinite(r.stepCost)).toBe(true);
      if (t > 0) expect(r.plan!.breakdown['critic']).toBeGreaterThan(0);
      if (r.learned) reports.push(r.learned);
      ({ obs, info } = world.step(r.action));
    }
    expect(tf.memory().numTensors).toBe(n0);
    expect(agent.surprises.size).toBeGreaterThan(0);
    agent.startEpisode(world.observeAgentAt(info.goal));
    expect(agent.surprises.size).toBe(0); // a new episode forgets them
    const last = reports[reports.length - 1]!;
    expect(reports.length).toBe(10);
    expect(last.modelSteps).toBe(1);
    expect(last.criticError).not.toBeNull();
    expect(Number.isFinite(last.criticError!)).toBe(true);
    expect(Number.isFinite(last.policyLoss!)).toBe(true);
    expect(learner.step).toBeGreaterThan(0);
    // Mode-1 acts without planning.
    agent.setMode('mode1');
    const r = agent.tick(obs, info);
    expect(r.plan).toBeNull();
    expect(Math.hypot(...r.action)).toBeLessThan(1);
    expect(() => agent.setMode('mode3' as 'mode1')).toThrow(/mode must be one of/);
    // DAgger: Mode-2 plans (and labels) but Mode-1's action is the one taken.
    agent.setSchedule({ every: 0 }); // no learning between the two ticks compared
    const own = agent.tick(obs, info).action;
    agent.setMode('mode2');
    agent.setPolicyActs(true);
    const dagger = agent.tick(obs, info);
    expect(dagger.plan).not.toBeNull();
    expect(dagger.action).toEqual(own);
    expect(dagger.action).not.toEqual(dagger.plan!.action);
    agent.setPolicyActs(false);
    expect(agent.tick(obs, info).action).not.toEqual(own);
    agent.dispose();
    frozen.dispose();
    critic.dispose();
    policy.dispose();
    learner.dispose();
  });

  it('Mode-1 with the route cue: it acts, guesses, learns from labelled cues, and leaks nothing', () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 3, obsSize: 32 });
    const learner = new WorldModelLearner({ arena: { width: 10, height: 10 }, mapGrid: 8 }, 1);
    const frozen = new FrozenWorldModel(learner);
    const D = learner.latentDim;
    const policy = new Policy({ latentDim: D, seed: 1, cueDim: ROUTE_CUE_DIM });
    const agent = new Agent(
      { encoder: learner, dynamics: frozen, probes: frozen, policy },
      {
        mode: 'mode1+mode2',
        planner: { ...SMALL, dt: world.controlDt, seed: 3 },
        learn: { every: 2, modelSteps: 0, criticSteps: 0, policySteps: 1 },
        seed: 3,
      },
    );
    agent.cost.update({ route: { enabled: true, weight: 1 } });
    let { obs, info } = world.reset(4);
    agent.startEpisode(world.observeAgentAt(info.goal));
    let n0 = 0;
    let fits = 0;
    for (let t = 0; t < 12; t++) {
      if (t === 6) n0 = tf.memory().numTensors;
      const r = agent.tick(obs, info);
      expect(r.plan?.route).not.toBeNull(); // the planner read the route the cue comes from
      if (r.learned?.policyLoss !== null && r.learned?.policyLoss !== undefined) {
        expect(Number.isFinite(r.learned.policyLoss)).toBe(true);
        fits++;
      }
      ({ obs, info } = world.step(r.action));
    }
    expect(fits).toBe(6);
    agent.setMode('mode1');
    const r = agent.tick(obs, info);
    expect(r.plan).toBeNull();
    expect(r.action.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(n0);
    agent.dispose();
    frozen.dispose();
    policy.dispose();
    learner.dispose();
  });
});
