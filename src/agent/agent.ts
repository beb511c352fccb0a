// The agent as one object: perceive -> plan -> act -> remember -> learn, once per tick. Host-agnostic
// (Node CLI, Web Worker): the host owns the world, the control rate and the parts' lifetimes; the
// agent owns only the tensors it keeps between ticks (goal and previous latent).
import type { Action, Observation, StepInfo } from '../world/types';
import type { CostToGo, Encoder, LatentDynamics, LatentProbes } from './contracts';
import type { ReplayMemory, SequenceBatch } from './memory/replay';
import { SurpriseMemory } from './memory/surprise';
import type { PlannerConfig } from './plan/config';
import { buildContext } from './plan/context';
import { IntrinsicCost } from './plan/cost';
import { Critic } from './plan/critic';
import { criticSamples } from './plan/critic-data';
import { Mode2Planner, type PlanResult } from './plan/mode2';
import { type Policy, PolicyBuffer } from './plan/policy';
import { Rng } from './plan/rng';
import { readRouteCue, routeCue } from './plan/route-cue';
import { readSeenRoute, type SeenRoute } from './plan/route-read';
import { stateCosts } from './state-costs';
import { tf } from './tf/core';

export const ACTOR_MODES = ['mode1', 'mode2', 'mode1+mode2'] as const;
export type ActorMode = (typeof ACTOR_MODES)[number];

/** The world-model learner as the loop sees it (WorldModelLearner fits). */
export interface ModelTrainer {
  trainStep(batch: SequenceBatch): { ok: boolean };
}

/** A planning view of the model that snapshots weights (FrozenWorldModel) and must hear of updates. */
export interface Refreshable {
  refresh(): void;
}

export interface AgentParts {
  encoder: Encoder;
  dynamics: LatentDynamics & Partial<Refreshable>;
  probes: LatentProbes;
  memory?: ReplayMemory | null;
  trainer?: ModelTrainer | null;
  /** A Critic is also fitted online from memory; a plain CostToGo (CriticEnsemble) only plans. */
  critic?: Critic | CostToGo | null;
  policy?: Policy | null;
}

export interface LearnSchedule {
  /** Learn once every this many ticks; 0 never. */
  every: number;
  modelSteps: number;
  criticSteps: number;
  policySteps: number;
  batch: number;
  /** Frames per sampled sequence. */
  length: number;
}

export interface AgentOptions {
  mode?: ActorMode;
  planner?: Partial<PlannerConfig>;
  learn?: Partial<LearnSchedule>;
  /** Capacity of the Mode-1 distillation buffer. */
  policyBuffer?: number;
  seed?: number;
}

export interface LearnReport {
  modelSteps: number;
  modelRejected: number;
  criticError: number | null;
  criticTarget: number | null;
  policyLoss: number | null;
  ms: number;
}

export interface TickResult {
  action: Action;
  /** The Mode-2 plan behind the action (null in 'mode1'). */
  plan: PlanResult | null;
  latent: Float32Array;
  /** Intrinsic cost paid on the step that led to this observation (0 on the first tick). */
  stepCost: number;
  learned: LearnReport | null;
  ms: { perceive: number; plan: number; learn: number };
}

const DEFAULT_SCHEDULE: LearnSchedule = {
  every: 0,
  modelSteps: 1,
  criticSteps: 1,
  policySteps: 1,
  batch: 16,
  length: 9,
};

export class Agent {
  readonly cost: IntrinsicCost;
  readonly planner: Mode2Planner;
  private mode: ActorMode;
  private schedule: LearnSchedule;
  private readonly buffer: PolicyBuffer | null;
  private readonly rng: Rng;
  private goal: tf.Tensor2D | null = null;
  private prev: { latent: tf.Tensor2D; action: Action } | null = null;
  private prevPrevAction: Action = [0, 0];
  private ticks = 0;
  /** DAgger: in 'mode2' the planner still plans (and labels the buffer) but Mode-1 acts. */
  private policyActs = false;
  /** Where the model's one-step prediction missed this episode (the 'surprise' cost term reads it). */
  readonly surprises = new SurpriseMemory();

  constructor(
    private readonly parts: AgentParts,
    opts: AgentOptions = {},
  ) {
    if (parts.encoder.latentDim !== parts.dynamics.latentDim) {
      throw new Error(
        `Agent: encoder latent (${parts.encoder.latentDim}) differs from dynamics latent (${parts.dynamics.latentDim})`,
      );
    }
    this.cost = new IntrinsicCost();
    this.planner = new Mode2Planner(
      { dynamics: parts.dynamics, probes: parts.probes, cost: this.cost, critic: parts.critic ?? null },
      opts.planner,
    );
    this.mode = 'mode2';
    this.setMode(opts.mode ?? 'mode2');
    this.schedule = { ...DEFAULT_SCHEDULE };
    this.setSchedule(opts.learn ?? {});
    this.rng = new Rng(opts.seed ?? 0);
    this.buffer = parts.policy
      ? new PolicyBuffer(opts.policyBuffer ?? 4096, parts.encoder.latentDim, 2, parts.policy.cueDim)
      : null;
  }

  get actorMode(): ActorMode {
    return this.mode;
  }

  setMode(mode: ActorMode): void {
    if (!ACTOR_MODES.includes(mode))
      throw new Error(`Agent: mode must be one of ${ACTOR_MODES.join(', ')}, got '${mode}'`);
    if (mode !== 'mode2' && !this.parts.policy)
      throw new Error(`Agent: mode '${mode}' needs a Mode-1 policy`);
    this.mode = mode;
  }

  /**
   * Distillation by DAgger (Ross et al. 2011): while on, 'mode2' still plans every tick and stores
   * the plan's action as Mode-1's label, but the action taken is Mode-1's own. Imitating only the
   * planner's states leaves Mode-1 lost once its own small errors take it somewhere the planner
   * never went; this gathers labels exactly there.
   */
  setPolicyActs(on: boolean): void {
    if (on && !this.parts.policy) throw new Error('Agent.setPolicyActs: needs a Mode-1 policy');
    this.policyActs = on;
  }

  setSchedule(patch: Partial<LearnSchedule>): void {
    const next = { ...this.schedule, ...patch };
    for (const [k, v] of Object.entries(next)) {
      if (!Number.isInteger(v) || v < 0)
        throw new Error(`Agent: learn.${k} must be a non-negative integer, got ${v}`);
    }
    if (next.length < 2) throw new Error(`Agent: learn.length must be >= 2, got ${next.length}`);
    if (next.batch < 1) throw new Error(`Agent: learn.batch must be >= 1, got ${next.batch}`);
    this.schedule = next;
  }

  /** Switches the critic's contribution to planning on (weight > 0) or off (0). */
  setCriticWeight(weight: number): void {
    this.planner.configure({ criticWeight: weight });
  }

  private encode(obs: Observation): tf.Tensor2D {
    const C = obs.channels;
    return tf.tidy(() =>
      this.parts.encoder.encode(
        tf.tensor4d(obs.image, [1, C, obs.size, obs.size]),
        tf.tensor2d(obs.proprio, [1, obs.proprio.length]),
      ),
    );
  }

  /** New episode: encode the goal image, forget the warm start, open a memory episode. */
  startEpisode(goalObs: Observation): void {
    this.goal?.dispose();
    // A goal is a place, not a motion: encode it at rest.
    this.goal = this.encode({ ...goalObs, proprio: new Float32Array(goalObs.proprio.length) });
    this.prev?.latent.dispose();
    this.prev = null;
    this.prevPrevAction = [0, 0];
    this.surprises.clear();
    this.planner.reset();
    this.parts.memory?.startEpisode(goalObs.image, goalObs.size);
  }

  /**
   * One control step. `info` (ground truth) is only stored in memory, for probe training and metrics.
   * `executed`: the actions the world actually applied since the previous tick, oldest first, when
   * the caller does not tick every world step (the page plays a plan between decisions); null when
   * it cannot say (keys, a dragged agent). Absent: one step, with the action the previous tick chose.
   * The surprise check compares the model's prediction through exactly those actions with what is
   * perceived, and is skipped when they are unknown: comparing a one-step prediction with a
   * several-step outcome marked the agent's whole path as "the model was wrong".
   */
  tick(obs: Observation, info?: StepInfo, executed?: readonly Action[] | null): TickResult {
    const goal = this.goal;
    if (!goal) throw new Error('Agent.tick: call startEpisode(goalObservation) first');
    const t0 = performance.now();
    const latent = this.encode(obs);
    const stepCost = this.prev ? this.paidCost(this.prev.latent, this.prev.action, latent) : 0;
    const since = executed === undefined ? [this.prev?.action ?? ([0, 0] as const)] : executed;
    if (this.prev && since && since.length > 0) this.noteSurprise(this.prev.latent, since, latent);
    const t1 = performance.now();

    let plan: PlanResult | null = null;
    let action: Action;
    const prevAction = this.prev?.action ?? ([0, 0] as const);
    // A policy that takes the route cue reads it once per tick; a planning tick shares that read
    // with the planner (PlanRequest.seen).
    const policy = this.parts.policy ?? null;
    const cueDim = policy?.cueDim ?? 0;
    let cue: Float32Array | null = null;
    let seen: SeenRoute | null = null;
    const cueNow = (): Float32Array => {
      cue ??= readRouteCue(this.parts.probes, latent, goal);
      return cue;
    };
    const cueTensor = () => (cueDim > 0 ? tf.tensor2d(cueNow(), [1, cueDim]) : undefined);
    const policyAction = (): Action =>
      tf.tidy(() => {
        const a = policy!.act(latent, goal, cueTensor()).dataSync();
        return [a[0]!, a[1]!] as const;
      });
    if (this.mode === 'mode1') {
      action = policyAction();
    } else {
      try {
        // The cue and the planner share one read of the wall map and the route (route-read.ts).
        seen = cueDim > 0 ? readSeenRoute(this.parts.probes, latent, goal, true) : null;
        if (seen) cue = routeCue(seen.path);
        const guesses =
          this.mode === 'mode1+mode2'
            ? [
                tf.tidy(() =>
                  policy!.imagine(
                    this.parts.dynamics,
                    latent,
                    goal,
                    this.planner.config.horizon,
                    cueTensor(),
                  ),
                ),
              ]
            : [];
        const surprises = this.surprises.places();
        plan = this.planner.plan({ state: latent, goal, prevAction, guesses, surprises, seen });
      } finally {
        seen?.cells.dispose();
        seen?.route?.field.dispose();
      }
      action = this.policyActs && this.mode === 'mode2' ? policyAction() : plan.action;
    }
    const t2 = performance.now();

    const latentJs = latent.dataSync() as Float32Array;
    if (plan && this.buffer)
      this.buffer.add(latentJs, goal.dataSync(), plan.action, cueDim > 0 ? cueNow() : undefined);
    if (info) this.parts.memory?.append({ obs, action, info, cost: stepCost });
    this.prev?.latent.dispose();
    this.prevPrevAction = prevAction as Action;
    this.prev = { latent, action };
    this.ticks++;

    let learned: LearnReport | null = null;
    if (this.schedule.every > 0 && this.ticks % this.schedule.every === 0) learned = this.learn();
    const t3 = performance.now();
    return {
      action,
      plan,
      latent: latentJs,
      stepCost,
      learned,
      ms: { perceive: t1 - t0, plan: t2 - t1, learn: t3 - t2 },
    };
  }

  /** The cost of being in each observed state, under the current cost and goal (the heat map). */
  stateCosts(observations: readonly Observation[]): Float32Array {
    if (!this.goal) throw new Error('Agent.stateCosts: call startEpisode(goalObservation) first');
    const { encoder, probes, critic } = this.parts;
    return stateCosts(
      { encoder, probes, cost: this.cost, goal: this.goal, dt: this.planner.config.dt, critic },
      observations,
    );
  }

  /** Where the model said the executed steps would lead against where the encoder says they did. */
  private noteSurprise(prev: tf.Tensor2D, actions: readonly Action[], cur: tf.Tensor2D): void {
    const [fx, fy, px, py, cx, cy] = tf.tidy(() => {
      const { dynamics, probes } = this.parts;
      let next = prev;
      for (const a of actions) next = dynamics.predict(next, tf.tensor2d([a[0], a[1]], [1, 2]));
      // One probe pass over the three states: from, predicted, perceived.
      return probes.position(tf.concat([prev, next, cur], 0)).dataSync();
    });
    this.surprises.observe([fx!, fy!], [px!, py!], [cx!, cy!]);
  }

  /** The intrinsic cost of the real step prev -(action)-> cur, under the current weights. */
  private paidCost(prev: tf.Tensor2D, action: Action, cur: tf.Tensor2D): number {
    return tf.tidy(() => {
      const { ctx } = buildContext({
        states: [prev, cur],
        actions: tf.tensor3d([action[0], action[1]], [1, 1, 2]),
        goal: this.goal!,
        prevAction: tf.tensor2d([this.prevPrevAction[0], this.prevPrevAction[1]], [1, 2]),
        probes: this.parts.probes,
        dt: this.planner.config.dt,
      });
      return this.cost.perStep(ctx).dataSync()[0]!;
    });
  }

  /** World model, critic and policy steps per the schedule, from short-term memory. */
  learn(): LearnReport {
    const t0 = performance.now();
    const s = this.schedule;
    const { memory, trainer, critic, policy } = this.parts;
    const report: LearnReport = {
      modelSteps: 0,
      modelRejected: 0,
      criticError: null,
      criticTarget: null,
      policyLoss: null,
      ms: 0,
    };
    const rand = () => this.rng.next();
    const canSample = memory ? memory.countValidStarts(s.length) > 0 : false;
    if (memory && trainer && canSample) {
      for (let i = 0; i < s.modelSteps; i++) {
        const r = trainer.trainStep(memory.sampleSequences(s.batch, s.length, rand));
        if (r.ok) report.modelSteps++;
        else report.modelRejected++;
      }
      if (report.modelSteps > 0) this.parts.dynamics.refresh?.();
    }
    if (memory && critic instanceof Critic && canSample && s.criticSteps > 0) {
      let err = 0;
      let tgt = 0;
      for (let i = 0; i < s.criticSteps; i++) {
        const data = criticSamples(
          {
            encoder: this.parts.encoder,
            probes: this.parts.probes,
            cost: this.cost,
            critic,
            dt: this.planner.config.dt,
          },
          memory.sampleSequences(s.batch, s.length, rand),
          this.rng,
        );
        const fit = critic.fit(data.states, data.goals, data.targets);
        err += fit.meanAbsError;
        tgt += fit.meanTarget;
      }
      report.criticError = err / s.criticSteps;
      report.criticTarget = tgt / s.criticSteps;
    }
    if (policy && this.buffer && this.buffer.size > 0 && s.policySteps > 0) {
      let loss = 0;
      for (let i = 0; i < s.policySteps; i++) {
        const b = this.buffer.sample(Math.min(64, this.buffer.size), this.rng);
        loss += policy.fit(b.states, b.goals, b.actions, b.cues);
      }
      report.policyLoss = loss / s.policySteps;
    }
    report.ms = performance.now() - t0;
    return report;
  }

  /** Frees what the agent keeps; the parts belong to the host. */
  dispose(): void {
    this.goal?.dispose();
    this.goal = null;
    this.prev?.latent.dispose();
    this.prev = null;
  }
}
