// Mode-2 actor: K action sequences of horizon H optimised together as one [K, H, A] tensor through
// the world model. Plain gradient descent stalls at walls (FIELD-NOTES: DINO-WM GD 22% vs CEM 80%),
// so sampling (CEM or MPPI) seeds the candidates and Adam refines them; the previous plan shifted
// one step warm-starts both. Everything stays on the tfjs backend until one read-back per plan.
import type { CostToGo, LatentDynamics, LatentProbes } from '../contracts';
import { tf } from '../tf/core';
import { clipNorm, squash, unsquash } from './actions';
import { DEFAULT_PLANNER_CONFIG, type PlannerConfig, resolvePlannerConfig } from './config';
import type { IntrinsicCost } from './cost';
import { type Imagination, imagine } from './imagine';
import { Rng } from './rng';
import { type PlannedRoute, readSeenRoute, type SeenRoute } from './route-read';

export interface PlanRequest {
  /** Current latent [1, D] (caller owns it). */
  state: tf.Tensor2D;
  /** Goal latent [1, D] (caller owns it). */
  goal: tf.Tensor2D;
  /** The action executed last, for the smoothness term. */
  prevAction?: readonly [number, number];
  /** Extra first guesses in action space, each H * A values (e.g. Mode-1's rollout). */
  guesses?: Float32Array[];
  /** Places [M * 2] (m) where the model missed this episode (memory/surprise.ts). */
  surprises?: Float32Array;
  /**
   * The wall map and route already read from `state` (readSeenRoute with the route), so the planner
   * does not read them again: the agent reads them once for Mode-1's route cue. The caller owns and
   * disposes it. Absent or null: the planner reads its own. Either way the route reaches the plan only
   * while the 'route' term is on.
   */
  seen?: SeenRoute | null;
}

export interface PlanResult {
  method: string;
  /** The first action of the chosen sequence: what to do now. */
  action: [number, number];
  /** The chosen sequence: horizon * A values in action space, one action per held block. */
  sequence: Float32Array;
  K: number;
  /** Imagined steps: horizon x actionRepeat. */
  H: number;
  /** Every candidate's imagined trajectory: [K, H + 1, 2] probe positions, row-major. */
  trajectories: Float32Array;
  /** Index of the chosen candidate in `trajectories`. */
  chosen: number;
  /** Final cost of every candidate [K]. */
  candidateCosts: Float32Array;
  /** Best cost after each sampling iteration, then each gradient iteration, then the final. */
  costHistory: Float32Array;
  samplingIterations: number;
  /** Chosen sequence's cost split by term id (plus 'critic'); sums to `cost`. */
  breakdown: Record<string, number>;
  cost: number;
  timing: { totalMs: number; samplingMs: number; gradientMs: number };
  /** The surprise places [M * 2] (m) this plan was charged for passing through (empty: none). */
  surprises: Float32Array;
  /** The wall map read from the current state (seenWall term), when the model has one. */
  seenWalls: SeenWalls | null;
  /** The route around the seen walls that the 'route' term charged for, when that term is on. */
  route: PlannedRoute | null;
}

export type { PlannedRoute };

/** A G x G occupancy map over the arena, row-major with row = y cell (LatentProbes.wallMap). */
export interface SeenWalls {
  grid: number;
  width: number;
  height: number;
  cells: Float32Array;
}

export interface Mode2Deps {
  dynamics: LatentDynamics;
  probes: LatentProbes;
  cost: IntrinsicCost;
  critic?: CostToGo | null;
}

export class Mode2Planner {
  private cfg: PlannerConfig;
  private rng: Rng;
  private previous: Float32Array | null = null;

  constructor(
    private readonly deps: Mode2Deps,
    config: Partial<PlannerConfig> = {},
  ) {
    this.cfg = resolvePlannerConfig(DEFAULT_PLANNER_CONFIG, config);
    this.rng = new Rng(this.cfg.seed);
  }

  get config(): PlannerConfig {
    return { ...this.cfg };
  }

  /** Validated live edit; takes effect on the next plan. A new seed restarts the random stream. */
  configure(patch: Partial<PlannerConfig>): void {
    const next = resolvePlannerConfig(this.cfg, patch);
    if (patch.seed !== undefined) this.rng = new Rng(next.seed);
    if (next.horizon !== this.cfg.horizon) this.previous = null;
    this.cfg = next;
  }

  setCritic(critic: CostToGo | null): void {
    this.deps.critic = critic;
  }

  /** Forgets the warm start (new episode). */
  reset(): void {
    this.previous = null;
  }

  private imagination(): Imagination {
    return {
      dynamics: this.deps.dynamics,
      probes: this.deps.probes,
      cost: this.deps.cost,
      critic: this.deps.critic ?? null,
      criticWeight: this.deps.critic ? this.cfg.criticWeight : 0,
      dt: this.cfg.dt,
      actionRepeat: this.cfg.actionRepeat,
    };
  }

  private warmStart(H: number, A: number): Float32Array | null {
    if (!this.cfg.warmStart || !this.previous) return null;
    const prev = this.previous;
    const out = new Float32Array(H * A);
    const steps = prev.length / A;
    // One world step has passed since the last plan: with held actions that is a fraction of a
    // block, so the blocks stay where they are; otherwise shift by one step.
    const shift = this.cfg.actionRepeat === 1 ? 1 : 0;
    for (let t = 0; t < H; t++) {
      const src = Math.min(t + shift, steps - 1);
      for (let j = 0; j < A; j++) out[t * A + j] = prev[src * A + j]!;
    }
    return out;
  }

  private randomSequences(n: number, H: number, A: number): tf.Tensor3D {
    return tf.tidy(() => clipNorm(tf.mul(this.noise(n, H, A), this.cfg.initStd)) as tf.Tensor3D);
  }

  /** [n, H, A] unit-variance noise, AR(1)-correlated along H: eps_t = b eps_t-1 + sqrt(1-b^2) n_t. */
  private noise(n: number, H: number, A: number): tf.Tensor3D {
    return tf.tidy(() => {
      // Drawn in JS from the seeded stream: the same numbers on every backend, and tfjs's own
      // random ops depend on seedrandom's CommonJS interop, which breaks under Node ESM.
      const values = new Float32Array(n * H * A);
      for (let i = 0; i < values.length; i++) values[i] = this.rng.normal();
      const white = tf.tensor3d(values, [n, H, A]);
      const b = this.cfg.noiseCorrelation;
      if (b === 0 || H === 1) return white as tf.Tensor3D;
      const mix = new Float32Array(H * H); // mix[k, t]: weight of white step k in coloured step t
      const c = Math.sqrt(1 - b * b);
      for (let t = 0; t < H; t++) {
        mix[t] = b ** t;
        for (let k = 1; k <= t; k++) mix[k * H + t] = c * b ** (t - k);
      }
      const rows = tf.reshape(tf.transpose(white, [0, 2, 1]), [n * A, H]) as tf.Tensor2D;
      const coloured = tf.matMul(rows, tf.tensor2d(mix, [H, H]));
      return tf.transpose(tf.reshape(coloured, [n, A, H]), [0, 2, 1]) as tf.Tensor3D;
    });
  }

  /** Plans from scratch (method per config) and remembers the chosen sequence for warm start. */
  plan(req: PlanRequest): PlanResult {
    const t0 = performance.now();
    const cfg = this.cfg;
    const H = cfg.horizon;
    const A = this.deps.dynamics.actionDim;
    const D = this.deps.dynamics.latentDim;
    for (const [name, t] of [
      ['state', req.state],
      ['goal', req.goal],
    ] as const) {
      if (t.rank !== 2 || t.shape[0] !== 1 || t.shape[1] !== D) {
        throw new Error(`plan: ${name} must be a [1, ${D}] latent, got [${t.shape.join(', ')}]`);
      }
    }
    if (req.prevAction && !req.prevAction.every(Number.isFinite)) {
      throw new Error(`plan: prevAction must be finite, got [${req.prevAction.join(', ')}]`);
    }
    if (req.surprises && (req.surprises.length % 2 !== 0 || !req.surprises.every(Number.isFinite))) {
      throw new Error(`plan: surprises must be finite (x, y) pairs, got ${req.surprises.length} values`);
    }
    // Every check before the first tensor, so a refused request leaks nothing.
    const fixed: Float32Array[] = [];
    const warm = this.warmStart(H, A);
    if (warm) fixed.push(warm);
    for (const g of req.guesses ?? []) {
      if (g.length !== H * A)
        throw new Error(`plan: a guess has ${g.length} values, expected H*A = ${H * A}`);
      fixed.push(g);
    }
    const surprises =
      req.surprises && req.surprises.length > 0
        ? tf.tensor2d(req.surprises, [req.surprises.length / 2, 2])
        : null;
    const wallMap = this.deps.probes.wallMap;
    const usesRoute = this.deps.cost.uses('route');
    const given = req.seen && (req.seen.route || !usesRoute) ? req.seen : null;
    const own = given ? null : readSeenRoute(this.deps.probes, req.state, req.goal, usesRoute);
    const walls = given ?? own;
    const im = {
      ...this.imagination(),
      surprises,
      wallCells: walls?.cells ?? null,
      route: usesRoute ? (walls?.route ?? null) : null,
    };
    const prevAction = req.prevAction
      ? tf.tensor2d([req.prevAction[0], req.prevAction[1]], [1, 2])
      : undefined;
    const history: tf.Tensor[] = [];
    const score = (a: tf.Tensor3D) => imagine(im, req.state, req.goal, a, prevAction);

    // 1. Sampling: refine a Gaussian over sequences; its final mean and best samples seed stage 2.
    let seeds: tf.Tensor3D;
    const sampling = cfg.method !== 'gd' && cfg.samplingIterations > 0;
    const tS = performance.now();
    if (sampling) {
      seeds = this.sample(score, fixed, H, A, history);
    } else {
      seeds = tf.tidy(() => {
        const parts: tf.Tensor3D[] = fixed.map((f) => tf.tensor3d(f, [1, H, A]));
        parts.push(tf.zeros([1, H, A]));
        const n = Math.max(0, cfg.candidates - parts.length);
        if (n > 0) parts.push(this.randomSequences(n, H, A));
        return tf.slice(tf.concat(parts, 0), 0, cfg.candidates) as tf.Tensor3D;
      });
    }
    const samplingMs = performance.now() - tS;

    // 2. Gradient descent on u (a = squash(u)) with Adam, all K candidates in one batch.
    const tG = performance.now();
    const iters = cfg.method === 'sampling' ? 0 : cfg.iterations;
    // After descent there are two sets per candidate: the last iterate (never scored) and the best
    // scored one. Both go through ONE batched forward below and each candidate keeps the better.
    let final: tf.Tensor3D;
    let alt: tf.Tensor3D | null = null;
    if (iters > 0) {
      [final, alt] = this.descend(score, seeds, iters, history);
      seeds.dispose();
    } else {
      final = seeds;
    }
    const gradientMs = performance.now() - tG;

    // 3. Score the final candidates once more for the outputs, then a single read-back.
    const K = final.shape[0];
    const T = this.deps.cost.termIds.length + 1;
    const packed = tf.tidy(() => {
      let seqs = final;
      let out = score(alt ? (tf.concat([final, alt], 0) as tf.Tensor3D) : final);
      if (alt) {
        const keep = tf.lessEqual(tf.slice(out.total, 0, K), tf.slice(out.total, K, K));
        const pick = (t: tf.Tensor) =>
          tf.where(
            tf.reshape(keep, [K, ...new Array(t.rank - 1).fill(1)]),
            tf.slice(t, 0, K),
            tf.slice(t, K, K),
          );
        seqs = pick(tf.concat([final, alt], 0)) as tf.Tensor3D;
        out = {
          total: pick(out.total) as tf.Tensor1D,
          perTerm: pick(out.perTerm) as tf.Tensor2D,
          positions: pick(out.positions) as tf.Tensor3D,
        };
      }
      history.push(tf.min(out.total));
      const best = tf.argMin(out.total);
      const seq = tf.gather(seqs, best);
      const parts = [
        tf.reshape(seq, [-1]),
        tf.reshape(out.positions, [-1]),
        out.total,
        tf.reshape(tf.gather(out.perTerm, best), [-1]),
        tf.stack(history.map((h) => tf.reshape(h, []))),
        tf.reshape(tf.cast(best, 'float32'), [1]),
        ...(walls ? [walls.cells] : []),
      ];
      return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
    });
    const flat = packed.dataSync() as Float32Array;
    packed.dispose();
    final.dispose();
    alt?.dispose();
    for (const h of history) h.dispose();
    prevAction?.dispose();
    surprises?.dispose();
    own?.cells.dispose();
    own?.route?.field.dispose();

    let o = 0;
    const take = (n: number) => {
      o += n;
      return flat.slice(o - n, o);
    };
    const sequence = take(H * A);
    const imagined = H * cfg.actionRepeat;
    const trajectories = take(K * (imagined + 1) * 2);
    const candidateCosts = take(K);
    const termValues = take(T);
    const costHistory = take(history.length);
    const chosen = take(1)[0]!;
    const seenWalls = wallMap
      ? { grid: wallMap.grid, width: wallMap.width, height: wallMap.height, cells: take(wallMap.grid ** 2) }
      : null;
    const breakdown: Record<string, number> = {};
    this.deps.cost.termIds.forEach((id, i) => {
      breakdown[id] = termValues[i]!;
    });
    breakdown['critic'] = termValues[T - 1]!;
    this.previous = sequence;
    return {
      method: cfg.method,
      action: [sequence[0]!, sequence[1]!],
      sequence,
      K,
      H: imagined,
      trajectories,
      chosen,
      candidateCosts,
      costHistory,
      samplingIterations: sampling ? cfg.samplingIterations : 0,
      breakdown,
      cost: candidateCosts[chosen]!,
      timing: { totalMs: performance.now() - t0, samplingMs, gradientMs },
      surprises: req.surprises ? Float32Array.from(req.surprises) : new Float32Array(0),
      seenWalls,
      route: usesRoute ? (walls?.path ?? null) : null,
    };
  }

  private sample(
    score: (a: tf.Tensor3D) => { total: tf.Tensor1D },
    fixed: Float32Array[],
    H: number,
    A: number,
    history: tf.Tensor[],
  ): tf.Tensor3D {
    const cfg = this.cfg;
    const start = fixed[0] ? tf.tensor2d(fixed[0], [H, A]) : tf.zeros([H, A]);
    let mu = start as tf.Tensor2D;
    let sigma = tf.fill([H, A], cfg.initStd) as tf.Tensor2D;
    let last: tf.Tensor3D | null = null;
    let lastCost: tf.Tensor1D | null = null;
    for (let j = 0; j < cfg.samplingIterations; j++) {
      const [nMu, nSigma, all, c, best] = tf.tidy(() => {
        const extra = [tf.reshape(mu, [1, H, A]), ...fixed.map((f) => tf.tensor3d(f, [1, H, A]))];
        const n = Math.max(1, cfg.samples - extra.length);
        const eps = this.noise(n, H, A);
        const drawn = clipNorm(tf.add(mu, tf.mul(sigma, eps)));
        const all = tf.concat([...extra, drawn as tf.Tensor3D], 0) as tf.Tensor3D;
        const c = score(all).total;
        let m: tf.Tensor2D;
        let s: tf.Tensor2D;
        if (cfg.sampler === 'cem') {
          const e = Math.min(cfg.elites, all.shape[0]);
          const elites = tf.gather(all, tf.topk(tf.neg(c), e).indices);
          const mom = tf.moments(elites, 0);
          m = mom.mean as tf.Tensor2D;
          s = tf.maximum(tf.sqrt(mom.variance), cfg.minStd) as tf.Tensor2D;
        } else {
          const w = tf.softmax(tf.div(tf.neg(tf.sub(c, tf.min(c))), cfg.mppiTemperature));
          m = tf.sum(tf.mul(tf.reshape(w, [-1, 1, 1]), all), 0) as tf.Tensor2D;
          s = tf.clone(sigma);
        }
        return [m, s, all, c, tf.min(c)] as const;
      });
      mu.dispose();
      sigma.dispose();
      last?.dispose();
      lastCost?.dispose();
      mu = nMu;
      sigma = nSigma;
      last = all;
      lastCost = c;
      history.push(best);
    }
    const seeds = tf.tidy(() => {
      const K = cfg.candidates;
      const parts: tf.Tensor3D[] = [tf.reshape(mu, [1, H, A]) as tf.Tensor3D];
      const fresh = cfg.method === 'sampling' ? 0 : Math.min(cfg.restarts, K - 1);
      const nBest = Math.min(K - 1 - fresh, last!.shape[0]);
      if (nBest > 0) parts.push(tf.gather(last!, tf.topk(tf.neg(lastCost!), nBest).indices));
      const nRand = K - 1 - nBest;
      if (nRand > 0) parts.push(this.randomSequences(nRand, H, A));
      return tf.concat(parts, 0) as tf.Tensor3D;
    });
    mu.dispose();
    sigma.dispose();
    last?.dispose();
    lastCost?.dispose();
    return seeds;
  }

  /**
   * Adam on u; keeps, per candidate, the best sequence seen (a step can overshoot). Returns the
   * last iterate and the best scored one, both in action space, for the caller to compare.
   */
  private descend(
    score: (a: tf.Tensor3D) => { total: tf.Tensor1D },
    seeds: tf.Tensor3D,
    iters: number,
    history: tf.Tensor[],
  ): [tf.Tensor3D, tf.Tensor3D] {
    const { lr } = this.cfg;
    const b1 = 0.9;
    const b2 = 0.999;
    let u = unsquash(seeds) as tf.Tensor3D;
    let m = tf.zerosLike(u);
    let v = tf.zerosLike(u);
    let bestU = tf.clone(u);
    let bestC = tf.fill([u.shape[0]], Number.POSITIVE_INFINITY) as tf.Tensor1D;
    const f = (x: tf.Tensor) => score(squash(x) as tf.Tensor3D).total;
    for (let i = 0; i < iters; i++) {
      const out = tf.tidy(() => {
        const { value, grad } = tf.valueAndGrad(f)(u);
        const better = tf.less(value, bestC);
        const nBestC = tf.where(better, value, bestC);
        const nBestU = tf.where(tf.reshape(better, [-1, 1, 1]), u, bestU);
        const nm = tf.add(tf.mul(m, b1), tf.mul(grad, 1 - b1));
        const nv = tf.add(tf.mul(v, b2), tf.mul(tf.square(grad), 1 - b2));
        const mHat = tf.div(nm, 1 - b1 ** (i + 1));
        const vHat = tf.div(nv, 1 - b2 ** (i + 1));
        // Adam's step is about lr whatever the gradient's size, so without decay the last
        // iterate jitters by lr around the optimum; decay linearly to lr / 10.
        const lrI = lr * (1 - (0.9 * i) / Math.max(1, iters - 1));
        const nu = tf.sub(u, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), 1e-8)), lrI));
        return [nu, nm, nv, nBestU, nBestC, tf.min(value)] as const;
      });
      tf.dispose([u, m, v, bestU, bestC]);
      [u, m, v, bestU, bestC] = [out[0], out[1], out[2], out[3], out[4]] as [
        tf.Tensor3D,
        tf.Tensor3D,
        tf.Tensor3D,
        tf.Tensor3D,
        tf.Tensor1D,
      ];
      history.push(out[5]);
    }
    const result: [tf.Tensor3D, tf.Tensor3D] = [squash(u) as tf.Tensor3D, squash(bestU) as tf.Tensor3D];
    tf.dispose([u, m, v, bestU, bestC]);
    return result;
  }
}
