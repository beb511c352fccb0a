// Exploration that goes somewhere: drive toward a random waypoint (with the OU explorer's noise on
// top), pick a new one on arrival or after a timeout. Aimed at a point in the other room it presses
// into the wall and slides along it, now and then through the door: the wall contacts and room
// crossings the world model and the critic must see, which the pure OU explorer rarely produces
// (about 2 crossings and few contacts per 400 steps in two-rooms). It reads the true position from
// the step info: a behaviour policy for collecting experience, never part of what the agent perceives.
import type { Action, StepResult } from '../../world/types';
import { mulberry32 } from '../model/rng';
import { OuExplorer } from './ou-explorer';

export interface WaypointExplorerOptions {
  arena: { width: number; height: number };
  /** Weight of the heading to the waypoint against the OU noise, in [0, 1]. */
  pull?: number;
  /** Steps before an unreached waypoint is given up. */
  patience?: number;
  /** Distance (m) that counts as arrived. */
  reach?: number;
  seed?: number;
}

export class WaypointExplorer {
  private readonly ou: OuExplorer;
  private readonly rng: () => number;
  private readonly pull: number;
  private readonly patience: number;
  private readonly reach: number;
  private target: { x: number; y: number } | null = null;
  private since = 0;

  constructor(private readonly o: WaypointExplorerOptions) {
    this.pull = o.pull ?? 0.7;
    this.patience = o.patience ?? 80;
    this.reach = o.reach ?? 0.5;
    if (!(this.pull >= 0 && this.pull <= 1))
      throw new Error(`WaypointExplorer: pull must be in [0, 1], got ${this.pull}`);
    if (!(this.patience >= 1))
      throw new Error(`WaypointExplorer: patience must be >= 1, got ${this.patience}`);
    this.ou = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: (o.seed ?? 0) + 1 });
    this.rng = mulberry32(o.seed ?? 0);
  }

  reset(): void {
    this.ou.reset();
    this.target = null;
  }

  next(last: StepResult): Action {
    const p = last.info.position;
    const noise = this.ou.next();
    if (
      !this.target ||
      this.since >= this.patience ||
      Math.hypot(this.target.x - p.x, this.target.y - p.y) < this.reach
    ) {
      const { width, height } = this.o.arena;
      this.target = { x: (0.05 + 0.9 * this.rng()) * width, y: (0.05 + 0.9 * this.rng()) * height };
      this.since = 0;
    }
    this.since++;
    const dx = this.target.x - p.x;
    const dy = this.target.y - p.y;
    const d = Math.hypot(dx, dy) + 1e-9;
    let ax = this.pull * (dx / d) + (1 - 0.5 * this.pull) * noise[0];
    let ay = this.pull * (dy / d) + (1 - 0.5 * this.pull) * noise[1];
    const n = Math.hypot(ax, ay);
    if (n > 1) {
      ax /= n;
      ay /= n;
    }
    return [ax, ay];
  }
}
