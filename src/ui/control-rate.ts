// The agent's control rate: how often, in world time, it perceives, plans and commits to a new plan.
// The world always steps at its own physics rate (controlDt); this only decides at which of those steps
// the agent takes a decision, and what it does on the steps in between.
//
// Between two decisions the chosen plan's next actions are played in order (open-loop), each on the
// world step it was planned for, not the first action held: the plan was optimised as a sequence, so
// the ghost trail the page draws is what the agent then does, and a low rate shows how far an
// open-loop plan carries before the imagined and the real paths part. When the plan runs out (a rate
// slower than the horizon) the last action is held. "max": a new plan whenever the worker is free, and
// meanwhile the newest plan played in order from the step whose observation it was made from, so a
// plan that took several world steps to make (the default 36-step plan with the critic takes ~0.3-0.8 s
// in a worker that also trains) is not replaced by its first action held for all of them.
import type { Action } from '../world/types';

/** Decisions per world second; "max": as fast as the worker plans (at most one per world step). */
export const CONTROL_RATES = ['max', '10', '5', '2', '1', '0.5'] as const;
export type ControlRate = (typeof CONTROL_RATES)[number];

/** Counts world time step by step and says when the next decision is due. */
export class DecisionClock {
  private now = 0;
  private nextAt = 0;

  constructor(private rateValue: ControlRate = 'max') {}

  get rate(): ControlRate {
    return this.rateValue;
  }

  /** A new rate takes effect at once: the next step decides. */
  set rate(r: ControlRate) {
    this.rateValue = r;
    this.nextAt = this.now;
  }

  /** Seconds of world time between decisions (0 at max). */
  get period(): number {
    return this.rateValue === 'max' ? 0 : 1 / Number(this.rateValue);
  }

  /** Whether the step about to be taken should start a decision. */
  get due(): boolean {
    // Rounding: five steps of 0.1 s must make one 0.5 s period.
    return this.now >= this.nextAt - 1e-9;
  }

  /**
   * A decision was started on this step. The next one is a period after the one that was due, so a
   * decision delayed by a plan still in flight does not slow the rate down; after a stall longer
   * than a period it is a period from now.
   */
  decided(): void {
    const p = this.period;
    this.nextAt += p;
    if (this.nextAt <= this.now) this.nextAt = this.now + p;
  }

  /** The world took a step of dt seconds. */
  advance(dt: number): void {
    this.now += dt;
  }

  /** A new episode, goal or model: decide on the next step. */
  restart(): void {
    this.nextAt = this.now;
  }
}

/** The parts of a Mode-2 plan that say what to do on later steps (src/agent/plan/mode2.ts PlanResult). */
export interface PlannedSequence {
  /** horizon x 2 values, each action held for H / horizon world steps. */
  sequence: Float32Array;
  /** Imagined world steps. */
  H: number;
}

/** The plan's action for the world step `offset` steps after the observation it was made from; null past its end. */
export function plannedAction(plan: PlannedSequence, offset: number): Action | null {
  const blocks = Math.floor(plan.sequence.length / 2);
  if (blocks === 0 || !Number.isInteger(offset) || offset < 0 || offset >= plan.H) return null;
  const repeat = Math.max(1, Math.round(plan.H / blocks));
  const b = Math.min(blocks - 1, Math.floor(offset / repeat));
  return [plan.sequence[2 * b]!, plan.sequence[2 * b + 1]!];
}
