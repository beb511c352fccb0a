// Exploration before the agent can plan: an Ornstein-Uhlenbeck process on the action. Consecutive
// actions are correlated, so the agent travels in sweeping arcs (and now and then through a door)
// instead of jittering in place as white noise would make it.
import type { Action } from '../../world/types';
import { mulberry32 } from '../model/rng';

export interface OuExplorerOptions {
  /** Pull back toward zero per step; 1/theta is roughly the correlation time in steps. */
  theta?: number;
  /** Noise per step. */
  sigma?: number;
  seed?: number;
}

export class OuExplorer {
  readonly theta: number;
  readonly sigma: number;
  private readonly rng: () => number;
  private ax = 0;
  private ay = 0;

  constructor(opts: OuExplorerOptions = {}) {
    this.theta = opts.theta ?? 0.1;
    this.sigma = opts.sigma ?? 0.3;
    if (!(this.theta > 0 && this.theta <= 1))
      throw new Error(`OuExplorer: theta must be in (0, 1], got ${this.theta}`);
    if (!(this.sigma >= 0 && this.sigma <= 10))
      throw new Error(`OuExplorer: sigma must be in [0, 10], got ${this.sigma}`);
    this.rng = mulberry32(opts.seed ?? 0);
  }

  /** Starts a fresh trajectory (e.g. at an episode reset) from a random heading. */
  reset(): void {
    const angle = this.rng() * 2 * Math.PI;
    this.ax = Math.cos(angle) * 0.5;
    this.ay = Math.sin(angle) * 0.5;
  }

  next(): Action {
    this.ax += -this.theta * this.ax + this.sigma * this.gauss();
    this.ay += -this.theta * this.ay + this.sigma * this.gauss();
    const n = Math.hypot(this.ax, this.ay);
    // Clip the state, not just the output, so the process cannot wind up far outside |a| <= 1.
    if (n > 1) {
      this.ax /= n;
      this.ay /= n;
    }
    return [this.ax, this.ay];
  }

  private gauss(): number {
    const u = 1 - this.rng();
    const v = this.rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
