import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../src/agent/agent';
import { CentroidEncoder, PointMassModel } from '../src/agent/plan/analytic';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { builtinScenario, World } from '../src/world/index';
import { type EpisodeController, episodeSeed, runEpisode, summarise } from './eval-run';

function hybridController(world: World): EpisodeController {
  const { width, height } = world.scenario.arena;
  const pm = new PointMassModel({ gain: world.topSpeed * world.controlDt, width, height, radius: 0.3 });
  const agent = new Agent(
    { encoder: new CentroidEncoder(width, height), dynamics: pm, probes: pm },
    {
      planner: {
        horizon: 6,
        candidates: 4,
        samples: 12,
        elites: 3,
        iterations: 2,
        dt: world.controlDt,
        seed: 3,
      },
    },
  );
  return {
    name: 'hybrid',
    begin: (_w, goal) => agent.startEpisode(goal),
    act: (_w, obs) => {
      const r = agent.tick(obs);
      return { action: r.action, intrinsicCost: r.stepCost };
    },
  };
}

describe('eval episodes', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('are deterministic for a seed (same records apart from wall-clock plan times)', () => {
    const runs = [0, 1].map(() => {
      const world = World.create(builtinScenario('open'), { seed: 0, obsSize: 32 });
      const ctl = hybridController(world);
      return [0, 1].map((e) => {
        const { planMs, ...rest } = runEpisode(world, ctl, episodeSeed(5, e), 25);
        expect(planMs.length).toBe(rest.steps);
        return rest;
      });
    });
    expect(runs[0]).toEqual(runs[1]);
    const s = summarise(runs[0]!.map((r) => ({ ...r, planMs: [1, 2, 3] })));
    expect(s.episodes).toBe(2);
    expect(s.planMsP50).toBe(2);
    expect(s.ci95[0]).toBeLessThanOrEqual(s.successRate);
  });
});
