// Learns the critic as a temporal distance: V(s, g) = the discounted number of steps from s to the
// goal g, by expectile TD over whole remembered episodes. Goals are other states of the same episode
// (hindsight: the layout, door included, is the one the agent was in), near and far, so the value
// of the far side of a wall is bootstrapped through the transitions that really went round it, the
// door included. A frozen copy gives the TD targets (refreshed every `targetEvery` steps).
//
// Why steps and not the summed intrinsic cost: summed latent distance to the goal is smallest when
// the agent presses against the wall the goal is behind, so a critic of that cost keeps the agent
// there; steps-to-go rewards the detour through the door. The cost table still rules within the
// horizon; this critic covers what lies beyond it.
import type { Critic, CriticFit } from './critic';
import type { Rng } from './rng';

export interface TemporalCriticOptions {
  /** Expectile in (0.5, 1): how strongly V leans toward the best path in the data. */
  expectile?: number;
  /** Steps between refreshes of the target copy. */
  targetEvery?: number;
  /** Probability that the goal is the very next state (anchors V = 1 one step away). */
  nextGoal?: number;
  /** Probability that the goal is a geometric-distance future state (mean `futureMean` steps). */
  futureGoal?: number;
  futureMean?: number;
  /** Latent dims zeroed in goals: a goal is a place, encoded at rest (velocity dims). */
  goalZeroDims?: readonly number[];
  /** Most latents kept; the oldest episodes are dropped first. */
  capacity?: number;
  /**
   * Steps of real experience before bootstrapping (n-step TD): values travel n steps per target
   * refresh instead of one, so the far side of a door is reached in tens of refreshes, not hundreds.
   */
  nStep?: number;
}

interface Episode {
  z: Float32Array;
  n: number;
  /** Hindsight shortest-path steps [n * n] (critic-graph.ts), or null: time along the episode. */
  dist: Uint16Array | null;
}

export class TemporalCriticTrainer {
  readonly D: number;
  private readonly episodes: Episode[] = [];
  private stored = 0;
  private steps = 0;
  private readonly o: Required<TemporalCriticOptions>;

  constructor(
    readonly critic: Critic,
    /** Same shape as `critic`, different variable names; holds the TD targets. */
    private readonly target: Critic,
    opts: TemporalCriticOptions = {},
  ) {
    this.D = critic.latentDim;
    this.o = {
      expectile: opts.expectile ?? 0.9,
      targetEvery: opts.targetEvery ?? 50,
      nextGoal: opts.nextGoal ?? 0.2,
      futureGoal: opts.futureGoal ?? 0.4,
      futureMean: opts.futureMean ?? 20,
      goalZeroDims: opts.goalZeroDims ?? [],
      capacity: opts.capacity ?? 200_000,
      nStep: opts.nStep ?? 8,
    };
    if (!(Number.isInteger(this.o.nStep) && this.o.nStep >= 1))
      throw new Error(`TemporalCriticTrainer: nStep must be a positive integer, got ${this.o.nStep}`);
    if (!(this.o.expectile > 0 && this.o.expectile < 1))
      throw new Error(`TemporalCriticTrainer: expectile must be in (0, 1), got ${this.o.expectile}`);
    if (target.latentDim !== this.D || target.hidden !== critic.hidden)
      throw new Error('TemporalCriticTrainer: the target critic must have the same shape as the critic');
    this.target.copyFrom(critic);
  }

  get size(): number {
    return this.stored;
  }

  /**
   * An episode's latents [n * D] in time order (n >= 2). With `dist` (hindsightDistances of the same
   * episode) every target is that exact step count, goals may lie in the past as well as the future,
   * and nothing is bootstrapped; without it, the time along the episode and n-step TD.
   */
  addEpisode(z: Float32Array, dist: Uint16Array | null = null): void {
    const n = z.length / this.D;
    if (!Number.isInteger(n) || n < 2)
      throw new Error(
        `TemporalCriticTrainer.addEpisode: need >= 2 latents of ${this.D}, got ${z.length} values`,
      );
    if (dist && dist.length !== n * n)
      throw new Error(`TemporalCriticTrainer.addEpisode: need ${n * n} distances, got ${dist.length}`);
    this.episodes.push({ z, n, dist });
    this.stored += n;
    while (this.stored > this.o.capacity && this.episodes.length > 1) this.stored -= this.episodes.shift()!.n;
  }

  /**
   * Draws a batch: state s_i, goal g = s_j (j >= i) and s_k with k = min(j, i + nStep), and the
   * steps k - i; when k = j the target is exact, otherwise it bootstraps from V'(s_k, g).
   */
  sample(batch: number, rng: Rng) {
    if (this.episodes.length === 0) throw new Error('TemporalCriticTrainer: no episodes yet');
    const D = this.D;
    const s = new Float32Array(batch * D);
    const sk = new Float32Array(batch * D);
    const g = new Float32Array(batch * D);
    const k = new Uint16Array(batch);
    const reached = new Uint8Array(batch);
    for (let b = 0; b < batch; b++) {
      const ep = this.pickEpisode(rng);
      const i = Math.floor(rng.next() * (ep.n - 1));
      const u = rng.next();
      let j: number;
      if (u < this.o.nextGoal) j = i + 1;
      else if (u < this.o.nextGoal + this.o.futureGoal)
        j = i + 1 + Math.floor(-Math.log(1 - rng.next()) * this.o.futureMean);
      else if (ep.dist) j = Math.floor(rng.next() * ep.n);
      else j = i + Math.floor(rng.next() * (ep.n - i));
      j = Math.min(j, ep.n - 1);
      const kk = ep.dist ? j : Math.min(j, i + this.o.nStep);
      s.set(ep.z.subarray(i * D, (i + 1) * D), b * D);
      sk.set(ep.z.subarray(kk * D, (kk + 1) * D), b * D);
      g.set(ep.z.subarray(j * D, (j + 1) * D), b * D);
      for (const d of this.o.goalZeroDims) g[b * D + d] = 0;
      k[b] = ep.dist ? ep.dist[i * ep.n + j]! : kk - i;
      reached[b] = kk === j ? 1 : 0;
    }
    return { s, sk, g, k, reached };
  }

  /** One expectile-TD step toward sum_{t<k} gamma^t + gamma^k V'(s_k, g) (no bootstrap at the goal). */
  step(batch: number, rng: Rng): CriticFit {
    const { s, sk, g, k, reached } = this.sample(batch, rng);
    const next = this.bootstrap(sk, g, reached);
    const y = new Float32Array(batch);
    const gamma = this.critic.gamma;
    for (let b = 0; b < batch; b++) {
      const gk = gamma ** k[b]!;
      y[b] = (1 - gk) / (1 - gamma) + (reached[b] ? 0 : gk * next[b]!);
    }
    const fit = this.critic.fitExpectile(s, g, y, this.o.expectile);
    if (++this.steps % this.o.targetEvery === 0) this.target.copyFrom(this.critic);
    return fit;
  }

  /** Mean |V - target| on a fresh batch, without training (held-out evaluation). */
  tdError(batch: number, rng: Rng): { meanAbsError: number; meanTarget: number } {
    const { s, sk, g, k, reached } = this.sample(batch, rng);
    const next = this.bootstrap(sk, g, reached);
    const v = this.critic.values(s, g);
    const gamma = this.critic.gamma;
    let err = 0;
    let mean = 0;
    for (let b = 0; b < batch; b++) {
      const gk = gamma ** k[b]!;
      const y = (1 - gk) / (1 - gamma) + (reached[b] ? 0 : gk * next[b]!);
      err += Math.abs(y - v[b]!);
      mean += y;
    }
    return { meanAbsError: err / batch, meanTarget: mean / batch };
  }

  /** V'(s_k, g), or nothing to compute when every target is exact (graph targets). */
  private bootstrap(sk: Float32Array, g: Float32Array, reached: Uint8Array): Float32Array {
    return reached.every((r) => r === 1) ? new Float32Array(reached.length) : this.target.values(sk, g);
  }

  private pickEpisode(rng: Rng): Episode {
    // Episodes weighted by length, so every stored transition is equally likely.
    let r = rng.next() * this.stored;
    for (const ep of this.episodes) {
      r -= ep.n;
      if (r < 0) return ep;
    }
    return this.episodes[this.episodes.length - 1]!;
  }
}
