// Comparison controllers for evaluation: what the learned planner is measured against.
// random: a lower bound. straight: heads for the goal using ground truth (fails at walls).
// oracle: sampling MPC on the TRUE simulator through saveState/loadState, an upper bound for any
// planner that has to rely on a learned model.

import type { Action, StepInfo } from '../../world/types';
import type { World } from '../../world/world';
import { clipAction } from './actions';
import { Rng } from './rng';

export class RandomController {
  readonly name = 'random';
  private rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  act(): Action {
    const th = 2 * Math.PI * this.rng.next();
    const r = Math.sqrt(this.rng.next());
    return [r * Math.cos(th), r * Math.sin(th)];
  }
}

export class StraightController {
  readonly name = 'straight';

  act(info: StepInfo): Action {
    const dx = info.goal.x - info.position.x;
    const dy = info.goal.y - info.position.y;
    const n = Math.hypot(dx, dy);
    return n < 1e-9 ? [0, 0] : [dx / n, dy / n];
  }
}

export interface OracleOptions {
  horizon?: number;
  samples?: number;
  iterations?: number;
  elites?: number;
  /** Extra cost per step in contact with a wall (the true simulator reports contacts). */
  contactCost?: number;
  /** Extra cost per second in a hazard. */
  hazardCost?: number;
  seed?: number;
}

/** CEM over action sequences scored by running the real world forward, then restoring it. */
export class OracleController {
  readonly name = 'oracle';
  private readonly o: Required<OracleOptions>;
  private rng: Rng;
  private previous: Float32Array | null = null;

  constructor(opts: OracleOptions = {}) {
    this.o = {
      horizon: 15,
      samples: 24,
      iterations: 2,
      elites: 4,
      contactCost: 0.2,
      hazardCost: 5,
      seed: 0,
      ...opts,
    };
    this.rng = new Rng(this.o.seed);
  }

  reset(): void {
    this.previous = null;
  }

  private score(world: World, seq: Float32Array): number {
    const saved = world.saveState();
    const h0 = saved.hazardTime;
    let cost = 0;
    const H = this.o.horizon;
    for (let t = 0; t < H; t++) {
      const { info } = world.step([seq[2 * t]!, seq[2 * t + 1]!]);
      cost += info.goalDistance * ((2 * (t + 1)) / (H + 1));
      if (info.collided) cost += this.o.contactCost;
      if (info.success) break;
    }
    cost += this.o.hazardCost * (world.info().hazardTime - h0);
    world.loadState(saved);
    return cost;
  }

  act(world: World): Action {
    const H = this.o.horizon;
    let mean: Float32Array = new Float32Array(2 * H);
    if (this.previous) for (let i = 0; i < 2 * H - 2; i++) mean[i] = this.previous[i + 2]!;
    let std = 0.8;
    let best: Float32Array = mean;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let it = 0; it < this.o.iterations; it++) {
      const scored: { seq: Float32Array; cost: number }[] = [];
      for (let k = 0; k < this.o.samples; k++) {
        const seq = new Float32Array(2 * H);
        for (let t = 0; t < H; t++) {
          const [ax, ay] = clipAction(
            mean[2 * t]! + (k === 0 ? 0 : std * this.rng.normal()),
            mean[2 * t + 1]! + (k === 0 ? 0 : std * this.rng.normal()),
          );
          seq[2 * t] = ax;
          seq[2 * t + 1] = ay;
        }
        scored.push({ seq, cost: this.score(world, seq) });
      }
      scored.sort((a, b) => a.cost - b.cost);
      if (scored[0]!.cost < bestCost) {
        bestCost = scored[0]!.cost;
        best = scored[0]!.seq;
      }
      const elites = scored.slice(0, this.o.elites);
      mean = new Float32Array(2 * H);
      for (const e of elites) for (let i = 0; i < 2 * H; i++) mean[i]! += e.seq[i]! / elites.length;
      std *= 0.5;
    }
    this.previous = best;
    return [best[0]!, best[1]!];
  }
}
