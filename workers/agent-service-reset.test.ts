// "Reset the model" and "unload the critic" in the worker, in Node on tfjs wasm with the shipped
// two-rooms checkpoint and its critic: a reset gives exactly the weights a fresh agent of the same seed
// starts from, the probes are back to untrained, the trained critic is gone, memory is kept, planning
// works after a new startEpisode, and no tensor is left behind.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../src/agent/checkpoint/format';
import { tf } from '../src/agent/tf/core';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import { AgentService } from './agent-service';
import { startNodeWasm } from './node-backend';
import { zigzagFrames } from './test-frames';
import { packTransitions } from './transitions';

const CKPT = 'assets/checkpoints/two-rooms.ckpt';
const CRITIC = 'assets/checkpoints/two-rooms.critic.json';

/** Whether the agent's model has a wall map (map/* weights; the shipped checkpoint does). */
async function hasWallMap(agent: AgentService): Promise<boolean> {
  return decodeCheckpoint(await agent.saveCheckpoint()).weights.some((w) => w.name.startsWith('map/'));
}

/** Every weight of the agent's checkpoint but the wall map's, flattened in a fixed order. */
async function weightsOf(agent: AgentService): Promise<Float32Array> {
  const { weights } = decodeCheckpoint(await agent.saveCheckpoint());
  const parts = [...weights]
    .filter((w) => !w.name.startsWith('map/'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((w) => w.data);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** Mean distance between the probe's reading of the agent (the plan's start) and where it really is. */
async function probeError(agent: AgentService, world: World, seeds: number[]): Promise<number> {
  let sum = 0;
  for (const seed of seeds) {
    const w = World.create(world.scenario, { seed, obsSize: 64 });
    const { info, obs } = w.reset();
    await agent.startEpisode(w.observeAgentAt(info.goal), { dt: w.controlDt });
    const plan = (await agent.act(obs)).plan;
    if (!plan) throw new Error('no plan');
    sum += Math.hypot(plan.trajectories[0]! - info.position.x, plan.trajectories[1]! - info.position.y);
  }
  return sum / seeds.length;
}

describe('AgentService.resetModel', () => {
  let agent: AgentService;
  let world: World;
  const seeds = [11, 12, 13, 14];
  beforeAll(async () => {
    agent = new AgentService({ startBackend: () => startNodeWasm(), batchSize: 4, memoryCapacity: 2000 });
    await agent.ready({ seed: 1, scenario: 'two-rooms' });
    expect((await agent.loadCheckpoint(new Uint8Array(readFileSync(CKPT)))).ok).toBe(true);
    world = World.create(builtinScenario('two-rooms'), { seed: 5, obsSize: 64 });
    await agent.setPlanner({ candidates: 4, horizon: 6, iterations: 1 });
    await agent.remember(packTransitions(zigzagFrames(world, 24)));
  }, 60_000);

  it('gives the weights a fresh agent of the same seed has, unloads the trained critic and keeps memory', async () => {
    const fresh = new AgentService({ startBackend: () => startNodeWasm() });
    await fresh.ready({ seed: 1, scenario: 'two-rooms' });
    const untrained = await weightsOf(fresh);

    const { info } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    expect((await agent.loadCritic(readFileSync(CRITIC, 'utf8'), 'two-rooms.critic.json')).ok).toBe(true);
    await agent.trainSteps(2);
    expect(await hasWallMap(agent)).toBe(true);
    const trained = await weightsOf(agent);
    const trainedProbe = await probeError(agent, world, seeds);
    expect(maxAbsDiff(trained, untrained)).toBeGreaterThan(0.01);

    const r = await agent.resetModel();
    expect(r.criticUnloaded).toBe('two-rooms.critic.json');
    expect(r.memoryKept).toBe(24);
    expect(r.note).toMatch(
      /fresh random weights.*two-rooms\.critic\.json unloaded.*24 frames of memory kept/,
    );
    const after = await weightsOf(agent);
    expect(maxAbsDiff(after, trained)).toBeGreaterThan(0.01);
    expect(maxAbsDiff(after, untrained)).toBe(0);
    // The wall map belonged to the old encoder: the reset model has none, like a fresh agent.
    expect(await hasWallMap(agent)).toBe(false);
    expect(await hasWallMap(fresh)).toBe(false);

    const s = await agent.status();
    expect(s.trainSteps).toBe(0);
    expect(s.lastLoss).toBeNull();
    expect(s.memory.size).toBe(24);
    expect(s.criticModel?.kind).toBe('online');
    // The old actor is gone: acting needs a new episode, and says so.
    await expect(agent.act(world.observe())).rejects.toThrow(/startEpisode/);

    // The trained probes read the agent's position to a fraction of a metre; fresh ones (the same
    // weights as the fresh agent's, above) are metres off. The fresh agent itself cannot plan here:
    // both would register the online critic's variable names in this one tfjs engine.
    const resetProbe = await probeError(agent, world, seeds);
    expect(trainedProbe).toBeLessThan(1);
    expect(resetProbe).toBeGreaterThan(1);
    expect(resetProbe).toBeGreaterThan(2 * trainedProbe);
  }, 120_000);

  it('plans and trains after the reset, and repeated resets leave the tensor count flat', async () => {
    const { info, obs } = world.reset();
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    const r = await agent.act(obs);
    expect(r.plan?.K).toBe(4);
    expect(r.action.every(Number.isFinite)).toBe(true);
    expect((await agent.trainSteps(1)).steps).toBe(1);
    expect((await agent.status()).trainSteps).toBe(1);

    const cycle = async () => {
      await agent.resetModel();
      await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
      await agent.act(obs);
      await agent.trainSteps(1);
    };
    await cycle();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await cycle();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it('a reset asked for during a training step waits for it, and learning goes on from step 0', async () => {
    const before = (await agent.status()).trainSteps;
    const step = agent.trainSteps(1);
    const reset = agent.resetModel();
    expect((await step).steps).toBe(1);
    await reset;
    expect(before).toBeGreaterThan(0);
    expect((await agent.status()).trainSteps).toBe(0);
    expect((await agent.trainSteps(1)).steps).toBe(1);
    expect((await agent.status()).trainSteps).toBe(1);
  }, 60_000);
});

describe('AgentService.unloadCritic', () => {
  it('drops the trained critic for a fresh online one that still plans; unloading twice is harmless', async () => {
    const agent = new AgentService({ startBackend: () => startNodeWasm() });
    await agent.ready({ seed: 1, scenario: 'two-rooms' });
    expect((await agent.loadCheckpoint(new Uint8Array(readFileSync(CKPT)))).ok).toBe(true);
    const world = World.create(builtinScenario('two-rooms'), { seed: 5, obsSize: 64 });
    const { info, obs } = world.reset();
    await agent.setPlanner({ candidates: 4, horizon: 6, iterations: 1 });
    await agent.setCost({ goalSteps: { weight: 0.1, enabled: true } });
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
    expect((await agent.loadCritic(readFileSync(CRITIC, 'utf8'), 'two-rooms.critic.json')).ok).toBe(true);
    expect((await agent.act(obs)).plan?.breakdown['goalSteps']).toBeGreaterThan(0);
    const tensors = tf.memory().numTensors;

    const r = await agent.unloadCritic();
    expect(r).toEqual({ ok: true, text: 'two-rooms.critic.json unloaded; the critic learns online again' });
    expect((await agent.status()).criticModel?.kind).toBe('online');
    // goalSteps reads only a critic that counts steps: with the online one it adds nothing.
    const plan = (await agent.act(obs)).plan;
    expect(plan?.K).toBe(4);
    expect(plan?.breakdown['goalSteps'] ?? 0).toBe(0);
    expect((await agent.unloadCritic()).text).toMatch(/no trained critic was loaded/);
    // The online critic is smaller than the trained one: fewer tensors, never more.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors);
  }, 60_000);
});
