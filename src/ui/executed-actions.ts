// The actions the page's world applied between two of the agent's decisions. The page plays a plan
// step by step while the next one is computed, so one act can follow several world steps; the agent
// checks its model's prediction through exactly these actions ("where the model was wrong"). When
// the page cannot vouch for them (a step it did not choose: keys held, an agent moved by hand, a new
// episode) it says so with null, and the agent skips that check instead of guessing.
import { MAX_EXECUTED_ACTIONS } from '../../workers/agent-api';
import type { Action } from '../world/types';

export class ExecutedActions {
  private actions: Action[] = [];
  /** Where the last decision was taken: its run key and world step. */
  private from: { key: string; step: number } | null = null;
  /** The step the next note must be for, if the log is unbroken. */
  private expected: { key: string; step: number } | null = null;
  private broken = false;

  /**
   * World step `step` was taken with `action`. `key` names the run the steps belong to (episode and
   * hand placements): a note for another key, or not for the next step, breaks the log.
   */
  note(key: string, step: number, action: Action): void {
    if (!this.expected || this.expected.key !== key || this.expected.step !== step) this.broken = true;
    if (this.actions.length < MAX_EXECUTED_ACTIONS) this.actions.push([action[0], action[1]]);
    else this.broken = true;
    this.expected = { key, step: step + 1 };
  }

  /**
   * A decision at world step `step`: the actions since the previous decision, oldest first, or null
   * when they are not known to be all of them. Starts a new log from here.
   */
  take(key: string, step: number): Action[] | null {
    const from = this.from;
    const whole =
      from !== null && !this.broken && from.key === key && from.step + this.actions.length === step;
    const out = whole ? this.actions : null;
    this.actions = [];
    this.broken = false;
    this.from = { key, step };
    this.expected = { key, step };
    return out;
  }
}
