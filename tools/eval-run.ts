// Runs evaluation episodes: one controller, a seeded world, the metrics the report needs.
// Deterministic for a seed: episode e resets the world with seed * 100_003 + e.
import type { Action, Observation, StepInfo } from '../src/world/types';
import type { World } from '../src/world/world';
import { mean, percentile, wilson } from './eval-stats';

export interface EpisodeController {
  readonly name: string;
  begin(world: World, goalObs: Observation): void;
  /** The action now, and the intrinsic cost the agent says it paid on the last step (null: none). */
  act(world: World, obs: Observation, info: StepInfo): { action: Action; intrinsicCost: number | null };
}

export interface EpisodeRecord {
  seed: number;
  success: boolean;
  steps: number;
  contacts: number;
  hazardTime: number;
  finalGoalDistance: number;
  /** Mean intrinsic cost per step (model-based controllers only). */
  meanIntrinsicCost: number | null;
  planMs: number[];
}

export interface EvalSummary {
  episodes: number;
  successes: number;
  successRate: number;
  ci95: [number, number];
  meanStepsToGoal: number | null;
  meanIntrinsicCost: number | null;
  meanFinalGoalDistance: number;
  meanContacts: number;
  meanHazardTime: number;
  planMsP50: number;
  planMsP95: number;
}

export function episodeSeed(seed: number, e: number): number {
  return seed * 100_003 + e;
}

export function runEpisode(
  world: World,
  ctl: EpisodeController,
  seed: number,
  maxSteps: number,
): EpisodeRecord {
  let { obs, info } = world.reset(seed);
  ctl.begin(world, world.observeAgentAt(info.goal));
  const rec: EpisodeRecord = {
    seed,
    success: info.success,
    steps: 0,
    contacts: 0,
    hazardTime: 0,
    finalGoalDistance: info.goalDistance,
    meanIntrinsicCost: null,
    planMs: [],
  };
  const costs: number[] = [];
  while (!info.success && rec.steps < maxSteps) {
    const t0 = performance.now();
    const { action, intrinsicCost } = ctl.act(world, obs, info);
    rec.planMs.push(performance.now() - t0);
    if (intrinsicCost !== null && rec.steps > 0) costs.push(intrinsicCost);
    ({ obs, info } = world.step(action));
    rec.steps++;
    if (info.collided) rec.contacts++;
  }
  rec.success = info.success;
  rec.hazardTime = info.hazardTime;
  rec.finalGoalDistance = info.goalDistance;
  rec.meanIntrinsicCost = costs.length ? mean(costs) : null;
  return rec;
}

export function summarise(records: EpisodeRecord[]): EvalSummary {
  const n = records.length;
  const ok = records.filter((r) => r.success);
  const costs = records.map((r) => r.meanIntrinsicCost).filter((c): c is number => c !== null);
  const ms = records.flatMap((r) => r.planMs);
  return {
    episodes: n,
    successes: ok.length,
    successRate: n ? ok.length / n : 0,
    ci95: wilson(ok.length, n),
    meanStepsToGoal: ok.length ? mean(ok.map((r) => r.steps)) : null,
    meanIntrinsicCost: costs.length ? mean(costs) : null,
    meanFinalGoalDistance: mean(records.map((r) => r.finalGoalDistance)),
    meanContacts: mean(records.map((r) => r.contacts)),
    meanHazardTime: mean(records.map((r) => r.hazardTime)),
    planMsP50: percentile(ms, 50),
    planMsP95: percentile(ms, 95),
  };
}
