// The surprise check when the caller does not tick every world step (the page plays a plan between
// decisions): the model's prediction must go through the actions actually applied.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, World } from '../world/index';
import type { Action } from '../world/types';
import { Agent } from './agent';
import { CentroidEncoder, PointMassModel } from './plan/analytic';
import { initNodeBackend } from './tf/backend-node';

const SMALL = { horizon: 8, candidates: 6, samples: 24, elites: 4, samplingIterations: 2, iterations: 3 };

/** Ticks every `every` world steps in `open`, playing the tick's action in between; marks per variant. */
function marks(report: 'executed' | 'absent' | 'unknown', every: number): number {
  const world = World.create(builtinScenario('open'), { seed: 5, obsSize: 64 });
  const { width, height } = world.scenario.arena;
  const pm = new PointMassModel({ gain: world.topSpeed * world.controlDt, width, height, radius: 0.3 });
  const agent = new Agent(
    { encoder: new CentroidEncoder(width, height), dynamics: pm, probes: pm },
    { planner: { ...SMALL, dt: world.controlDt, seed: 1 } },
  );
  let total = 0;
  for (let e = 0; e < 3; e++) {
    let { obs, info } = world.reset(200 + e);
    agent.startEpisode(world.observeAgentAt(info.goal));
    let applied: Action[] = [];
    for (let t = 0; t < 60 && !info.done; t += every) {
      const executed = report === 'executed' ? applied : report === 'unknown' ? null : undefined;
      const { action } = agent.tick(obs, info, executed);
      applied = [];
      for (let k = 0; k < every && !info.done; k++) {
        ({ obs, info } = world.step(action));
        applied.push(action);
      }
    }
    total += agent.surprises.size;
  }
  agent.dispose();
  return total;
}

describe('the surprise check between decisions several steps apart', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('through the executed actions it marks open floor no more than ticking every step; a one-step guess marks the path', () => {
    const oneStep = marks('executed', 1);
    const executed = marks('executed', 4);
    const guessed = marks('absent', 4);
    const unknown = marks('unknown', 4);
    console.log(
      `open floor marks: every step ${oneStep}, every 4 with executed ${executed}, guessed ${guessed}`,
    );
    expect(unknown).toBe(0);
    // The analytic point mass is not the simulator's physics, so even every step leaves some marks.
    expect(executed).toBeLessThanOrEqual(oneStep);
    expect(guessed).toBeGreaterThanOrEqual(2 * executed);
  });
});
