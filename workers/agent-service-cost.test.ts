// The cost panel's worker side, in Node on tfjs wasm with the shipped two-rooms checkpoint: user
// formulas compiled in the worker (a refused edit keeps the last good formula planning) and the
// cost heat map over the page's world.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../src/agent/tf/core';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import { AgentService } from './agent-service';
import { startNodeWasm } from './node-backend';

const CKPT = 'assets/checkpoints/two-rooms.ckpt';

describe('AgentService: formula terms and the cost map', () => {
  let agent: AgentService;
  let world: World;
  beforeAll(async () => {
    agent = new AgentService({
      startBackend: () => startNodeWasm(),
    });
    await agent.ready({ seed: 1, scenario: 'two-rooms' });
    if (existsSync(CKPT)) {
      const r = await agent.loadCheckpoint(new Uint8Array(readFileSync(CKPT)));
      expect(r.ok).toBe(true);
    }
    world = World.create(builtinScenario('two-rooms'), { seed: 5, obsSize: 64 });
    const { info } = world.reset();
    await agent.setPlanner({ candidates: 4, horizon: 6, iterations: 1 });
    await agent.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
  }, 60_000);

  it('plans with a formula term; a bad edit is refused at its position and the last good one keeps planning', async () => {
    const good = await agent.setFormulaTerms([
      { id: 'f1', source: 'relu(1 - x)^2', weight: 2, enabled: true },
    ]);
    expect(good).toEqual([{ id: 'f1', error: null, active: 'relu(1 - x)^2' }]);
    const r1 = await agent.act(world.observe());
    expect(Object.keys(r1.plan?.breakdown ?? {})).toContain('f1');

    const bad = await agent.setFormulaTerms([
      { id: 'f1', source: 'relu(1 - xx)^2', weight: 2, enabled: true },
    ]);
    expect(bad[0]?.error?.message).toMatch(/unknown name 'xx' at 9/);
    expect(bad[0]?.error?.start).toBe(9);
    expect(bad[0]?.active).toBe('relu(1 - x)^2');
    // Refused by the compiler's probe (not the parser): also positioned, also keeps the old one.
    const inf = await agent.setFormulaTerms([{ id: 'f1', source: '1/hazard', weight: 2, enabled: true }]);
    expect(inf[0]?.error?.message).toMatch(/not finite/);
    expect(inf[0]?.active).toBe('relu(1 - x)^2');
    const r2 = await agent.act(world.observe());
    expect(r2.plan?.breakdown['f1']).toBeDefined();

    // Off: still listed, contributes nothing; removed: gone from the plan.
    await agent.setFormulaTerms([{ id: 'f1', source: 'relu(1 - x)^2', weight: 2, enabled: false }]);
    expect((await agent.act(world.observe())).plan?.breakdown['f1']).toBe(0);
    await agent.setFormulaTerms([]);
    expect(Object.keys((await agent.act(world.observe())).plan?.breakdown ?? {})).not.toContain('f1');

    await expect(
      agent.setFormulaTerms([{ id: 'goal', source: 'x', weight: 1, enabled: true }]),
    ).rejects.toThrow(/id 'goal' must be a new name/);
    await expect(
      agent.setFormulaTerms([{ id: 'f2', source: 'x', weight: Number.NaN, enabled: true }]),
    ).rejects.toThrow(/f2: weight must be a finite number/);
  });

  it('maps the cost of being at each cell: blank in walls, lowest near the goal, no leaked tensors', async () => {
    const request = {
      scenario: world.scenario,
      state: world.saveState(),
      obsSize: world.obsSize,
      cols: 20,
      rows: 20,
    };
    await agent.costMap(request);
    const tensors = tf.memory().numTensors;
    const map = await agent.costMap(request);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(map.values.length).toBe(400);
    // two-rooms: the wall at x = 4.8..5.2 covers column 9 (4.5..5.0) and 10 (5.0..5.5) centres.
    const wallCells = Array.from({ length: 20 }, (_, j) => map.values[j * 20 + 10]!);
    expect(wallCells.filter(Number.isNaN).length).toBeGreaterThan(15);
    const finite = Array.from(map.values).filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(250);
    const goal = world.info().goal;
    const at = (p: { x: number; y: number }) =>
      map.values[Math.floor(p.y / 0.5) * 20 + Math.floor(p.x / 0.5)]!;
    const sorted = [...finite].sort((a, b) => a - b);
    // The goal's cell is among the cheapest tenth of the arena.
    expect(at(goal)).toBeLessThanOrEqual(sorted[Math.floor(sorted.length / 10)]!);
  }, 60_000);
  it('holds each planned action for actionRepeat steps: the plan imagines horizon x repeat steps, and a bad repeat is refused', async () => {
    await agent.setPlanner({ actionRepeat: 3 });
    const r = await agent.act(world.observe());
    expect(r.plan?.H).toBe(18);
    // Positions of the chosen imagined path: one point per imagined step plus the start.
    expect(r.plan?.trajectories.length).toBe((r.plan?.K ?? 0) * (18 + 1) * 2);
    await expect(agent.setPlanner({ actionRepeat: 0 })).rejects.toThrow(/actionRepeat/);
    expect((await agent.act(world.observe())).plan?.H).toBe(18);
    await agent.setPlanner({ actionRepeat: 1 });
    expect((await agent.act(world.observe())).plan?.H).toBe(6);
  }, 60_000);
});
