// Workload W0: the project's default agent configuration. The shipped two-rooms checkpoint seen
// through FrozenWorldModel (what the agent plans with), the default planner settings, and the
// state and goal encoded from a real two-rooms observation, replanning with warm start as the
// agent does every control step. Runs in Node and in a browser worker (checkpoint bytes passed in).
import { learnerFromCheckpoint } from '../../src/agent/checkpoint/model-io';
import type { LatentDynamics } from '../../src/agent/contracts';
import type { ModelConfig } from '../../src/agent/model/config';
import type { WorldModelLearner } from '../../src/agent/model/learner';
import { DEFAULT_PLANNER_CONFIG, type PlannerConfig } from '../../src/agent/plan/config';
import { IntrinsicCost } from '../../src/agent/plan/cost';
import type { Critic } from '../../src/agent/plan/critic';
import { criticFromFile } from '../../src/agent/plan/critic-file';
import { FrozenWorldModel } from '../../src/agent/plan/frozen-model';
import { Mode2Planner } from '../../src/agent/plan/mode2';
import { tf } from '../../src/agent/tf/core';
import { CRITIC_DEFAULTS } from '../../src/ui/critic-defaults';
import { builtinScenario, World } from '../../src/world/index';

/**
 * 'frozen': FrozenWorldModel as the agent gets it (its fused rollout when it has one);
 * 'stepwise': the same model behind an object that offers only predict(), so the planner rolls
 * out step by step with autodiff: the path before the fused rollout, for the before/after.
 * 'page': what the page plans with by default since session 3 (src/ui/critic-defaults.ts and the
 * `repeat` setting): each action held 3 steps (36 imagined steps), goal weight 0.2 and the shipped
 * trained critic at the horizon (when its file is given); since sessions 4-5 also the surprise term
 * (charged against 16 remembered places along the wall, a typical mid-episode count) and the
 * seenWall term (the checkpoint's wall map); since session 6 the route term (a route field from
 * that map, one read-back per plan), at the page's weights, and 2 gradient iterations (the page's `iters`).
 */
export const PAGE_PLANNER: Partial<PlannerConfig> = {
  actionRepeat: 3,
  criticWeight: 1,
  iterations: CRITIC_DEFAULTS.iterations,
};
const PAGE_COST = {
  goal: { weight: CRITIC_DEFAULTS.goalWeight },
  surprise: { weight: CRITIC_DEFAULTS.surpriseWeight, enabled: CRITIC_DEFAULTS.surpriseOn },
  seenWall: { weight: CRITIC_DEFAULTS.seenWallWeight, enabled: CRITIC_DEFAULTS.seenWallOn },
  route: { weight: CRITIC_DEFAULTS.routeWeight, enabled: CRITIC_DEFAULTS.routeOn },
};
const PAGE_SURPRISES = Float32Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? 4.6 : 1 + (i >> 1) * 0.5));
export const W0_VARIANTS = ['frozen', 'stepwise', 'page'] as const;
export type W0Variant = (typeof W0_VARIANTS)[number];

export class W0Agent {
  readonly planner: Mode2Planner;
  readonly config: PlannerConfig;
  readonly model: ModelConfig;
  private readonly learner: WorldModelLearner;
  private readonly frozen: FrozenWorldModel;
  private readonly state: tf.Tensor2D;
  private readonly goal: tf.Tensor2D;
  private readonly critic: Critic | null;

  constructor(
    checkpoint: Uint8Array,
    readonly variant: W0Variant,
    criticText: string | null = null,
  ) {
    this.config =
      variant === 'page' ? { ...DEFAULT_PLANNER_CONFIG, ...PAGE_PLANNER } : DEFAULT_PLANNER_CONFIG;
    this.learner = learnerFromCheckpoint(checkpoint).learner;
    this.model = this.learner.config;
    this.frozen = new FrozenWorldModel(this.learner);
    const world = World.create(builtinScenario('two-rooms'), { seed: 0 });
    const { obs, info } = world.reset(0);
    const goalObs = world.observeAgentAt(info.goal);
    const encode = (o: typeof obs, proprio: Float32Array) =>
      tf.tidy(() =>
        this.learner.encode(
          tf.tensor4d(o.image, [1, o.channels, o.size, o.size]),
          tf.tensor2d(proprio, [1, proprio.length]),
        ),
      );
    this.state = encode(obs, obs.proprio);
    this.goal = encode(goalObs, new Float32Array(goalObs.proprio.length));
    const frozen = this.frozen;
    const dynamics: LatentDynamics =
      variant === 'stepwise'
        ? {
            latentDim: frozen.latentDim,
            actionDim: frozen.actionDim,
            predict: (s, a) => frozen.predict(s, a),
          }
        : frozen;
    const cost = new IntrinsicCost();
    if (variant === 'page') cost.update(PAGE_COST);
    this.critic =
      variant === 'page' && criticText ? criticFromFile(criticText, 'two-rooms.critic.json') : null;
    this.planner = new Mode2Planner(
      { dynamics, probes: frozen, cost, ...(this.critic ? { critic: this.critic } : {}) },
      this.config,
    );
  }

  /** One replanning step (warm-started from the previous plan, as in the agent loop). */
  plan(): number {
    const surprises = this.variant === 'page' ? PAGE_SURPRISES : undefined;
    return this.planner.plan({ state: this.state, goal: this.goal, ...(surprises ? { surprises } : {}) })
      .cost;
  }

  dispose(): void {
    tf.dispose([this.state, this.goal]);
    this.critic?.dispose();
    this.frozen.dispose();
    this.learner.dispose();
  }
}

/** Imagined transitions and matMul FLOPs of one W0 plan, counted from the shapes. */
export function w0Counts(cfg: PlannerConfig, m: ModelConfig): { transitions: number; flops: number } {
  const H = cfg.horizon * cfg.actionRepeat;
  const sampled = cfg.method === 'gd' ? 0 : cfg.samplingIterations * cfg.samples;
  const descended = cfg.method === 'sampling' ? 0 : cfg.iterations * cfg.candidates;
  const scored = 2 * cfg.candidates; // last and best iterate, one batched forward
  const D = m.latentDim;
  const pred = (D + m.actionDim) * m.predictorHidden + m.predictorHidden ** 2 + m.predictorHidden * D;
  // position, wall distance and hazard each run the probe head on every imagined state
  const probe = 3 * (D * m.probeHidden + m.probeHidden * 4);
  const macs = pred + probe;
  const forwardOnly = (sampled + scored) * H;
  const withGrad = descended * H;
  return { transitions: forwardOnly + withGrad, flops: 2 * macs * (forwardOnly + 2 * withGrad) };
}
