// The worker's agent class in Node on tfjs wasm: the same object the worker exposes over comlink.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../src/agent/checkpoint/format';
import type { SequenceBatch } from '../src/agent/memory/replay';
import { dotBatch } from '../src/agent/model/synthetic';
import { tf } from '../src/agent/tf/core';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import type { TransitionBatch } from './agent-api';
import { AgentService } from './agent-service';
import { startNodeWasm } from './node-backend';

/** Each synthetic sequence becomes one episode of the page's world. */
function toTransitions(s: SequenceBatch): TransitionBatch {
  const n = s.batch * s.length;
  const actions = new Float32Array(n * 2);
  const episodeStart = new Uint8Array(n);
  for (let b = 0; b < s.batch; b++) {
    episodeStart[b * s.length] = 1;
    actions.set(s.actions.subarray(b * (s.length - 1) * 2, (b + 1) * (s.length - 1) * 2), b * s.length * 2);
  }
  return {
    count: n,
    size: s.size,
    channels: s.channels,
    proprioDim: 2,
    actionDim: 2,
    images: s.images,
    proprio: s.proprio,
    actions,
    positions: s.positions,
    goals: s.goals,
    wallDistance: s.wallDistance,
    inHazard: Uint8Array.from(s.hazard),
    cost: s.cost,
    episodeStart,
  };
}

const nodeBackend = () => startNodeWasm();

describe('AgentService', () => {
  let agent: AgentService;
  const leases: number[] = [];
  beforeAll(async () => {
    agent = new AgentService({
      startBackend: nodeBackend,
      liveness: { expectSilence: (ms) => leases.push(ms) },
      batchSize: 4,
      memoryCapacity: 2000,
    });
  });

  it('refuses work before ready() with a message that says so', async () => {
    await expect(agent.trainSteps(1)).rejects.toThrow(/not ready: call ready\(\) first/);
  });

  it('starts, and says clearly why it cannot train on an empty memory', async () => {
    const report = await agent.ready({ seed: 3 });
    expect(report.chosen).toBe('wasm');
    await expect(agent.trainSteps(1)).rejects.toThrow(
      /needs at least one episode of 9 consecutive frames.*holds 0/,
    );
  });

  it('rejects a malformed batch by name and keeps memory as it was', async () => {
    const good = toTransitions(dotBatch({ batch: 2, length: 12, size: 32, seed: 1 }));
    const bad = { ...good, cost: new Float32Array(3) };
    await expect(agent.remember(bad)).rejects.toThrow(/'cost' has 3 values, expected 24 for 24 transitions/);
    expect((await agent.status()).memory.size).toBe(0);
  });

  it('remembers transitions and trains on them: finite losses that change, no leaked tensors', async () => {
    const size = await agent.remember(toTransitions(dotBatch({ batch: 6, length: 14, size: 32, seed: 2 })));
    expect(size).toBe(84);
    await agent.trainSteps(1);
    const tensors = tf.memory().numTensors;
    const report = await agent.trainSteps(3);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(report.losses).toHaveLength(3);
    for (const l of report.losses) {
      expect(Number.isFinite(l.total)).toBe(true);
      expect(Object.keys(l.terms)).toContain('prediction');
    }
    expect(new Set(report.losses.map((l) => l.total)).size).toBeGreaterThan(1);
    // The first step got the long first-step lease; later ones a bounded multiple of recent steps.
    expect(leases[0]).toBeGreaterThanOrEqual(30_000);
    expect(leases.at(-1)).toBeLessThan(leases[0] as number);
    const status = await agent.status();
    expect(status.trainSteps).toBe(4);
    expect(status.lastLoss?.total).toBe(report.losses[2]?.total);
  });

  it('learns continuously in the background while still answering calls', async () => {
    const before = (await agent.status()).trainSteps;
    await agent.setLearning(true);
    let answered = 0;
    let steps = before;
    while (steps < before + 3) {
      // A macrotask gap, as between comlink messages in the worker.
      await new Promise((r) => setTimeout(r, 10));
      steps = (await agent.status()).trainSteps;
      answered++;
    }
    const off = await agent.setLearning(false);
    expect(off.learning).toBe(false);
    expect(answered).toBeGreaterThan(1);
    const stopped = (await agent.status()).trainSteps;
    await new Promise((r) => setTimeout(r, 300));
    expect((await agent.status()).trainSteps).toBeLessThanOrEqual(stopped + 1);
  });

  it('practises in its own world at full speed, filling memory while answering calls', async () => {
    const before = (await agent.status()).memory.size;
    await expect(agent.setPractice({ on: true, scenario: 'atlantis' })).rejects.toThrow(
      /unknown scenario 'atlantis' \(built-ins: open, two-rooms/,
    );
    await agent.setPractice({ on: true, scenario: 'two-rooms', seed: 5 });
    let status = await agent.status();
    while (status.practice.steps < 300) {
      await new Promise((r) => setTimeout(r, 10));
      status = await agent.status();
    }
    const off = await agent.setPractice({ on: false });
    expect(off.practice.on).toBe(false);
    expect(off.practice.scenario).toBe('two-rooms');
    expect(off.memory.size).toBeGreaterThanOrEqual(before + 300);
    expect(off.samplesPerSecond).toBeGreaterThan(0);
    const report = await agent.trainSteps(2);
    expect(report.losses.every((l) => Number.isFinite(l.total))).toBe(true);
  });

  it('saves a checkpoint and restores it; a corrupt one is refused and changes nothing', async () => {
    const saved = await agent.saveCheckpoint();
    const weightsOf = (b: Uint8Array) =>
      decodeCheckpoint(b).weights.map((w) => Array.from(w.data.slice(0, 8)));
    await agent.trainSteps(2);
    const trained = await agent.saveCheckpoint();
    expect(weightsOf(trained)).not.toEqual(weightsOf(saved));

    const corrupt = saved.slice();
    corrupt[3] = 0;
    const refused = await agent.loadCheckpoint(corrupt);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/^loadCheckpoint: /);
    expect(weightsOf(await agent.saveCheckpoint())).toEqual(weightsOf(trained));

    const loaded = await agent.loadCheckpoint(saved);
    expect(loaded).toMatchObject({ ok: true });
    expect(weightsOf(await agent.saveCheckpoint())).toEqual(weightsOf(saved));
    const after = await agent.trainSteps(1);
    expect(Number.isFinite(after.losses[0]?.total)).toBe(true);
  });

  it('plans through the learned model: a finite action, imagined trajectories, flat tensors', async () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 9, obsSize: 64 });
    const { obs, info } = world.reset();
    await expect(agent.act(obs)).rejects.toThrow(/call startEpisode\(goal\) first/);
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    const first = await agent.act(obs);
    const tensors = tf.memory().numTensors;
    const r = await agent.act(world.step(first.action).obs);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(r.action.every(Number.isFinite)).toBe(true);
    const plan = r.plan;
    expect(plan).not.toBeNull();
    expect(plan?.trajectories.length).toBe((plan?.K ?? 0) * ((plan?.H ?? 0) + 1) * 2);
    expect(Number.isFinite(plan?.cost)).toBe(true);
  });

  it('takes the actions the page applied since the last act, and refuses a malformed list by name', async () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 10, obsSize: 64 });
    let { obs, info } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    const first = await agent.act(obs, null);
    const applied: [number, number][] = [];
    for (let k = 0; k < 3; k++) {
      applied.push([first.action[0], first.action[1]]);
      ({ obs, info } = world.step(first.action));
    }
    const r = await agent.act(obs, applied);
    expect(r.action.every(Number.isFinite)).toBe(true);
    await expect(agent.act(obs, [[0.1, Number.NaN]])).rejects.toThrow(
      /executed\[0\] must be two finite numbers/,
    );
    await expect(
      agent.act(
        obs,
        Array.from({ length: 65 }, () => [0, 0] as [number, number]),
      ),
    ).rejects.toThrow(/executed has 65 actions, at most 64/);
  });

  it('while the page acts, continuous learning yields to planning: at most one step per two plans', async () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 11, obsSize: 64 });
    let { obs, info } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    await agent.act(obs);
    const before = (await agent.status()).trainSteps;
    await agent.setLearning(true);
    const plans = 8;
    for (let i = 0; i < plans; i++) {
      // The page's rhythm: a plan, then a gap in which queued learning may run.
      ({ obs, info } = world.step((await agent.act(obs)).action));
      await new Promise((r) => setTimeout(r, 30));
    }
    const during = (await agent.status()).trainSteps - before;
    // Once the page stops acting, learning runs flat out again.
    await new Promise((r) => setTimeout(r, 1500));
    const after = (await agent.status()).trainSteps - before;
    await agent.setLearning(false);
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThanOrEqual(plans / 2 + 1);
    expect(after).toBeGreaterThan(during);
  });

  it('plans more per learning step at a higher pace, and refuses a bad pace by name, keeping the last good', async () => {
    await expect(agent.setLearning(true, 0)).rejects.toThrow(/plansPerStep .*1 to 16, got 0/);
    await expect(agent.setLearning(true, 2.5)).rejects.toThrow(/plansPerStep .*got 2.5/);
    let status = await agent.status();
    expect(status.learning).toBe(false);
    expect(status.plansPerLearningStep).toBe(2);
    const world = World.create(builtinScenario('two-rooms'), { seed: 12, obsSize: 64 });
    let { obs, info } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    await agent.act(obs);
    const before = (await agent.status()).trainSteps;
    status = await agent.setLearning(true, 4);
    expect(status.plansPerLearningStep).toBe(4);
    const plans = 12;
    for (let i = 0; i < plans; i++) {
      ({ obs, info } = world.step((await agent.act(obs)).action));
      await new Promise((r) => setTimeout(r, 30));
    }
    const during = (await agent.status()).trainSteps - before;
    await agent.setLearning(false, 2);
    expect(during).toBeGreaterThan(0);
    // At the default pace of 2 these 12 plans would allow 6-7 steps.
    expect(during).toBeLessThanOrEqual(plans / 4 + 1);
  });

  it('takes planner and cost edits from the page, refuses bad ones by name and keeps the last good', async () => {
    const world = World.create(builtinScenario('two-rooms'), { seed: 9, obsSize: 64 });
    const { obs, info } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    const set = await agent.setPlanner({ candidates: 6, horizon: 5, iterations: 2 });
    expect(set).toMatchObject({ candidates: 6, horizon: 5, iterations: 2, mode: 'mode2' });
    await expect(agent.setPlanner({ horizon: 0 })).rejects.toThrow(/horizon/);
    await expect(agent.setPlanner({ mode: 'mode3' as 'mode2' })).rejects.toThrow(/mode must be/);
    const r = await agent.act(obs);
    expect(r.plan?.K).toBe(6);
    expect(r.plan?.H).toBe(5);
    const terms = await agent.setCost({ goal: { weight: 3 } });
    expect(terms.find((t) => t.id === 'goal')?.weight).toBe(3);
    await expect(agent.setCost({ goal: { weight: 1 }, nope: { weight: 1 } })).rejects.toThrow(
      /'nope' does not exist/,
    );
    expect((await agent.setCost({})).find((t) => t.id === 'goal')?.weight).toBe(3);
    // Mode 1 acts from the distilled policy: an action, no imagined futures.
    await agent.setPlanner({ mode: 'mode1', critic: true });
    const m1 = await agent.act(obs);
    expect(m1.plan).toBeNull();
    expect(m1.action.every(Number.isFinite)).toBe(true);
    await agent.setPlanner({ mode: 'mode2', critic: false });
  });
});

describe('AgentService on a backend without synchronous read-back (WebGPU in a worker)', () => {
  it('trains and saves, but refuses to plan with a message that says why and what to choose', async () => {
    const agent = new AgentService({
      startBackend: async () => ({
        ...(await nodeBackend()),
        syncReadback: false,
        syncReadbackNote: 'test: as on webgpu',
      }),
      batchSize: 4,
      memoryCapacity: 500,
    });
    await agent.ready({ seed: 4 });
    expect((await agent.status()).syncReadback).toBe(false);
    await agent.remember(toTransitions(dotBatch({ batch: 4, length: 12, size: 32, seed: 3 })));
    const report = await agent.trainSteps(2);
    expect(report.losses.every((l) => Number.isFinite(l.total))).toBe(true);
    expect((await agent.saveCheckpoint()).byteLength).toBeGreaterThan(1000);
    const world = World.create(builtinScenario('two-rooms'), { seed: 9, obsSize: 64 });
    const { obs, info } = world.reset();
    const refusal =
      /planning on wasm needs synchronous readback, which this adapter lacks; the agent keeps learning/;
    await expect(agent.startEpisode(world.observeAgentAt(info.goal))).rejects.toThrow(refusal);
    await expect(agent.act(obs)).rejects.toThrow(refusal);
    expect((await agent.trainSteps(1)).steps).toBe(1);
  });
});
