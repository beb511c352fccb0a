// Moves an agent through a world with a policy and records what it saw into short-term memory,
// handling episode boundaries and goal images. Used by the training CLI and the worker host.

import type { Action, StepResult } from '../../world/types';
import type { World } from '../../world/world';
import type { ReplayMemory } from '../memory/replay';

export type Policy = (last: StepResult) => Action;

export class ExperienceCollector {
  private last: StepResult | null = null;
  episodes = 0;
  steps = 0;

  constructor(
    private readonly world: World,
    private readonly memory: ReplayMemory,
    private readonly policy: Policy,
    /** Called at every reset (e.g. to restart the explorer's noise). */
    private readonly onEpisodeStart: () => void = () => {},
  ) {}

  /** Takes `n` environment steps, starting a new episode whenever one ends. */
  collect(n: number): void {
    for (let i = 0; i < n; i++) {
      if (!this.last || this.last.info.done) this.begin();
      const cur = this.last!;
      const action = this.policy(cur);
      this.memory.append({ obs: cur.obs, action, info: cur.info });
      this.last = this.world.step(action);
      this.steps++;
      if (this.last.info.done) {
        // The final frame closes the episode; its action is never used as a transition.
        this.memory.append({ obs: this.last.obs, action: [0, 0], info: this.last.info });
      }
    }
  }

  private begin(): void {
    this.last = this.world.reset();
    this.onEpisodeStart();
    const goal = this.world.observeAgentAt(this.last.info.goal);
    this.memory.startEpisode(goal.image, goal.size);
    this.episodes++;
  }
}
