// The trained critic in the worker, in Node on tfjs wasm with the shipped two-rooms checkpoint and its
// critic file: loadCritic puts it in force (frozen: online learning leaves its weights alone), a bad
// file is refused by field while the critic in force keeps planning, and the goalSteps term reads it.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Critic } from '../src/agent/plan/critic';
import { encodeCriticFile } from '../src/agent/plan/critic-file';
import { tf } from '../src/agent/tf/core';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import { AgentService } from './agent-service';
import { startNodeWasm } from './node-backend';
import { zigzagFrames } from './test-frames';
import { packTransitions } from './transitions';

const CKPT = 'assets/checkpoints/two-rooms.ckpt';
const CRITIC = 'assets/checkpoints/two-rooms.critic.json';

describe('AgentService.loadCritic', () => {
  let agent: AgentService;
  let world: World;
  const text = readFileSync(CRITIC, 'utf8');
  beforeAll(async () => {
    agent = new AgentService({ startBackend: () => startNodeWasm() });
    await agent.ready({ seed: 1, scenario: 'two-rooms' });
    expect((await agent.loadCheckpoint(new Uint8Array(readFileSync(CKPT)))).ok).toBe(true);
    world = World.create(builtinScenario('two-rooms'), { seed: 5, obsSize: 64 });
    const { info } = world.reset();
    await agent.setPlanner({ candidates: 4, horizon: 6, iterations: 1 });
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
  }, 60_000);

  it('starts with the online critic, loads the shipped file as a frozen trained critic', async () => {
    expect((await agent.status()).criticModel?.kind).toBe('online');
    const r = await agent.loadCritic(text, 'two-rooms.critic.json');
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/trained offline, frozen \(two-rooms\.critic\.json\)/);
    const model = (await agent.status()).criticModel;
    expect(model).toMatchObject({
      kind: 'trained',
      from: 'two-rooms.critic.json',
      latentDim: 32,
      hidden: 256,
    });
    expect(model?.meta['scenario']).toBe('two-rooms');
    // Loading again replaces the trained critic and frees the old one's weights.
    const tensors = tf.memory().numTensors;
    expect((await agent.loadCritic(text, 'two-rooms.critic.json')).ok).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('with goalSteps on, the plan has a non-zero goalSteps entry; off, it has none', async () => {
    await agent.setCost({ goalSteps: { weight: 0.1, enabled: true } });
    const on = await agent.act(world.observe());
    expect(on.plan?.breakdown['goalSteps']).toBeGreaterThan(0);
    await agent.setCost({ goalSteps: { enabled: false } });
    const off = await agent.act(world.observe());
    expect(off.plan?.breakdown['goalSteps'] ?? 0).toBe(0);
  });

  it("the cost heat map shows the goalSteps term (the critic's steps to the goal) when it is on", async () => {
    const request = {
      scenario: world.scenario,
      state: world.saveState(),
      obsSize: world.obsSize,
      cols: 6,
      rows: 4,
    };
    await agent.setCost({ goalSteps: { weight: 1, enabled: false } });
    const off = (await agent.costMap(request)).values;
    await agent.setCost({ goalSteps: { enabled: true } });
    const on = (await agent.costMap(request)).values;
    let diff = 0;
    for (let i = 0; i < on.length; i++) if (Number.isFinite(on[i]!)) diff = Math.max(diff, on[i]! - off[i]!);
    // V counts steps (about 1 to 30 here): the map moves by whole units where the term is on.
    expect(diff).toBeGreaterThan(1);
  });

  it('refuses a truncated or inconsistent file by name, and the trained critic stays in force', async () => {
    await agent.setCost({ goalSteps: { weight: 0.1, enabled: true } });
    const before = (await agent.act(world.observe())).plan?.breakdown['goalSteps'];

    const truncated = await agent.loadCritic(text.slice(0, Math.floor(text.length / 2)), 'half.json');
    expect(truncated.ok).toBe(false);
    expect(truncated.text).toMatch(/half\.json: critic file: not JSON/);

    const file = JSON.parse(text) as { latentDim: number; gamma: number; weights: { data: string }[] };
    const lying = await agent.loadCritic(JSON.stringify({ ...file, latentDim: 16 }), 'lying.json');
    expect(lying.ok).toBe(false);
    expect(lying.text).toMatch(/lying\.json: critic file: .*tensor 0 has shape \[96,256\], needs \[48,256\]/);

    // A sound file for another model: refused against this model's latent size.
    const other = new Critic({ latentDim: 16, hidden: 8, name: 'other-model-critic' });
    const wrongDim = await agent.loadCritic(encodeCriticFile(other), 'dim.json');
    other.dispose();
    expect(wrongDim.text).toMatch(/dim\.json: critic file: latentDim is 16, the model's latent has 32/);

    const badGamma = await agent.loadCritic(JSON.stringify({ ...file, gamma: 1.5 }), 'gamma.json');
    expect(badGamma.text).toMatch(/critic file: gamma:/);

    const shortWeights = {
      ...file,
      weights: file.weights.map((w, i) => (i === 0 ? { ...w, data: w.data.slice(0, 40) } : w)),
    };
    const short = await agent.loadCritic(JSON.stringify(shortWeights), 'short.json');
    expect(short.text).toMatch(/weights\[0\]/);

    expect((await agent.status()).criticModel?.from).toBe('two-rooms.critic.json');
    expect(before).toBeGreaterThan(0);
    expect((await agent.act(world.observe())).plan?.breakdown['goalSteps']).toBeGreaterThan(0);
  });

  it('learning leaves the trained critic untouched (no online fits)', async () => {
    await agent.remember(packTransitions(zigzagFrames(world, 24)));
    // A rebuilt actor (new control period) keeps the trained critic, frozen.
    await agent.startEpisode(world.observeAgentAt(world.info().goal), { dt: world.controlDt * 2 });
    await agent.setLearning(true);
    for (let i = 0; i < 12; i++) await agent.act(world.observe());
    await agent.setLearning(false);
    const s = await agent.status();
    expect(s.critic ?? null).toBeNull();
    expect(s.criticModel?.kind).toBe('trained');
  });
});
