// The agent as the worker hosts it: one plain class behind comlink (workers/agent.worker.ts), also
// constructed directly in Node tests. It owns the learner and short-term memory, runs training in
// small chunks that yield to the message loop (so pings and commands get through) and announces every
// synchronous step to the heartbeat first, so a slow step is not mistaken for a dead worker.

import { transfer } from 'comlink';
import { Agent, type AgentParts } from '../src/agent/agent';
import { decodeCheckpoint, encodeCheckpoint } from '../src/agent/checkpoint/format';
import { learnerFromCheckpoint, loadIntoLearner } from '../src/agent/checkpoint/model-io';
import { ExperienceCollector } from '../src/agent/explore/collector';
import { OuExplorer } from '../src/agent/explore/ou-explorer';
import { ReplayMemory } from '../src/agent/memory/replay';
import { type ModelConfig, makeModelConfig } from '../src/agent/model/config';
import { WorldModelLearner } from '../src/agent/model/learner';
import { DEFAULT_PLANNER_CONFIG, type PlannerConfig, resolvePlannerConfig } from '../src/agent/plan/config';
import { IntrinsicCost } from '../src/agent/plan/cost';
import type { CostTerm } from '../src/agent/plan/cost-terms';
import { Critic } from '../src/agent/plan/critic';
import { criticFromFile, decodeCriticFile } from '../src/agent/plan/critic-file';
import { formulaTerm } from '../src/agent/plan/formula/term';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { Policy } from '../src/agent/plan/policy';
import { ROUTE_CUE_DIM } from '../src/agent/plan/route-cue';
import type { DeviceLost } from '../src/agent/tf/backend-report';
import { tf } from '../src/agent/tf/core';
import {
  BUILTIN_SCENARIOS,
  type BuiltinScenarioName,
  builtinScenario,
  isBuiltinScenarioName,
} from '../src/world/builtins';
import type { Observation } from '../src/world/types';
import { World } from '../src/world/world';
import type { CostMap, CostMapRequest, FormulaTermSpec, FormulaTermStatus } from './agent-api';
import {
  type ActResult,
  type AgentApi,
  type AgentEvent,
  type AgentStatus,
  type BackendName,
  type BackendReport,
  type CostPatch,
  type CostTermView,
  type CriticLoadResult,
  type CriticModelStatus,
  type CriticStatus,
  type FaultKind,
  isBackendName,
  type LoadResult,
  type LossSnapshot,
  MAX_EXECUTED_ACTIONS,
  type ModelResetResult,
  PLANS_PER_LEARNING_STEP,
  type PlannerSettings,
  type PracticeOptions,
  type PredictionCurve,
  type ReadyOptions,
  type TrainReport,
  type TransitionBatch,
} from './agent-api';
import { LatentSpread } from './latent-spread';
import { MAX_LEASE_MS, NO_LIVENESS, type SilenceAnnouncer } from './liveness';
import { dieDuringImagination, endThisWorker } from './liveness-faults';
import { predictionCurve } from './prediction-curve';
import { RateMeter } from './rate-meter';
import { appendTransitions } from './transitions';

export interface AgentServiceDeps {
  startBackend(options: {
    override?: BackendName;
    onDeviceLost: (lost: DeviceLost) => void;
    expectSilence: (ms: number) => void;
    requireSyncReadback: boolean;
    calibrateSoftware: boolean;
  }): Promise<BackendReport>;
  liveness?: SilenceAnnouncer;
  /** Lets queued messages run; defaults to a MessageChannel round trip (setTimeout(0) is clamped to 4 ms). */
  yieldNow?: () => Promise<void>;
  model?: Partial<ModelConfig>;
  /** Frames short-term memory holds. */
  memoryCapacity?: number;
  /** Sequences per training batch. */
  batchSize?: number;
  /** Environment steps per practice chunk (between yields). */
  practiceChunk?: number;
  /** Side of the practice world's observations (memory pools them to the model's input size). */
  practiceObsSize?: number;
}

/** While learning, the actor's critic and policy take a step every this many act calls. */
const ACTOR_LEARN_EVERY = 4;
/** Without acts for this long continuous learning trains flat out (PLANS_PER_LEARNING_STEP). */
const ACTING_WINDOW_MS = 1000;

/** The first step on a backend compiles shaders / JITs kernels: allow the longest lease. */
const FIRST_STEP_LEASE_MS = MAX_LEASE_MS;
const MIN_LEASE_MS = 2000;

export class AgentService implements AgentApi {
  private report: BackendReport | null = null;
  private learner: WorldModelLearner | null = null;
  private memory: ReplayMemory | null = null;
  private readonly listeners: ((event: AgentEvent) => void)[] = [];
  private readonly liveness: SilenceAnnouncer;
  private readonly yieldNow: () => Promise<void>;
  private learning = false;
  private plansPerLearningStep: number = PLANS_PER_LEARNING_STEP.default;
  private learnLoop: Promise<void> | null = null;
  private recentStepMs: number[] = [];
  private stepsTimed = 0;
  private lastLoss: LossSnapshot | null = null;
  private lastError: string | null = null;
  private readonly samples = new RateMeter();
  private readonly steps = new RateMeter();
  private practice: { on: boolean; scenario: string | null; episodes: number; steps: number } = {
    on: false,
    scenario: null,
    episodes: 0,
    steps: 0,
  };
  private collector: ExperienceCollector | null = null;
  private practiceLoop: Promise<void> | null = null;
  private seed = 0;
  /** The actor over a frozen copy of the learner's weights, refreshed when training has moved them. */
  private actor: {
    agent: Agent;
    /** The Agent reads its critic from here: loadCritic swaps it in place (with planner.setCritic). */
    parts: AgentParts;
    frozen: FrozenWorldModel;
    learner: WorldModelLearner;
    weightsAt: number;
    dt: number;
  } | null = null;

  /** The page's planner and cost edits, kept here so a rebuilt actor starts with them. */
  private plannerSettings: PlannerSettings = {
    mode: 'mode2',
    candidates: DEFAULT_PLANNER_CONFIG.candidates,
    horizon: DEFAULT_PLANNER_CONFIG.horizon,
    iterations: DEFAULT_PLANNER_CONFIG.iterations,
    lr: DEFAULT_PLANNER_CONFIG.lr,
    critic: false,
  };
  private costPatches: Record<string, CostPatch> = {};
  /** The page's formula terms that compiled (the last good one per id), kept for a rebuilt actor. */
  private formulaTerms = new Map<string, CostTerm>();
  /** The heat map's world, rebuilt only when the page's scenario changes. */
  private mapWorld: { key: string; world: World } | null = null;
  /** The actor's own learners (critic for mode2's cost-to-go, policy for mode1), trained from memory in act. */
  private actorLearners: { critic: Critic; policy: Policy } | null = null;
  private acts = 0;
  private lastActAt = Number.NEGATIVE_INFINITY;
  private stepChain: Promise<void> = Promise.resolve();
  /** For the page's module diagram: perception's spread and the critic's last fit. */
  private readonly spread = new LatentSpread();
  private criticStatus: CriticStatus | null = null;
  /** A trained critic file in force (loadCritic): kept across actor rebuilds, never fitted here. */
  private trainedCritic: { critic: Critic; status: CriticModelStatus } | null = null;
  /** Trained critics loaded so far: each gets its own tfjs variable names. */
  private criticLoads = 0;

  constructor(private readonly deps: AgentServiceDeps) {
    this.liveness = deps.liveness ?? NO_LIVENESS;
    this.yieldNow = deps.yieldNow ?? defaultYield();
  }

  async ready(options: ReadyOptions = {}): Promise<BackendReport> {
    if (this.report) return this.report;
    if (options.backend !== undefined && !isBackendName(options.backend)) {
      throw new Error(`ready: backend '${String(options.backend)}' is not one of webgpu, webgl, wasm, cpu`);
    }
    // The chooser announces each blocking step itself (it yields between them, and every pong heard
    // in between ends the previous lease).
    const report = await this.deps.startBackend({
      ...(options.backend ? { override: options.backend } : {}),
      expectSilence: (ms) => this.liveness.expectSilence(ms),
      // Training reads back asynchronously, but planning (src/agent/plan, agent.ts) uses dataSync:
      // calibration picks only backends that can plan; an override may still pick one that cannot.
      requireSyncReadback: true,
      calibrateSoftware: options.calibrateSoftware ?? false,
      onDeviceLost: (lost) => {
        this.learning = false;
        this.emit({ type: 'device-lost', ...lost });
      },
    });
    this.seed = options.seed ?? 0;
    const scenario = builtinScenario(checkScenario(options.scenario ?? 'two-rooms', 'ready'));
    const config = makeModelConfig({ ...this.deps.model, arena: { ...scenario.arena } });
    this.learner = new WorldModelLearner(config, this.seed);
    this.memory = this.newMemory(config);
    this.report = report;
    return report;
  }

  private newMemory(c: ModelConfig): ReplayMemory {
    return new ReplayMemory({
      capacity: this.deps.memoryCapacity ?? 20_000,
      channels: c.channels,
      size: c.inputSize,
      proprioDim: c.proprioDim,
      actionDim: c.actionDim,
    });
  }

  async subscribe(listener: (event: AgentEvent) => void): Promise<void> {
    this.listeners.push(listener);
  }

  async status(): Promise<AgentStatus> {
    return {
      backend: this.report?.chosen ?? null,
      ready: this.report !== null,
      syncReadback: this.report?.syncReadback ?? null,
      learning: this.learning,
      plansPerLearningStep: this.plansPerLearningStep,
      practice: { ...this.practice },
      memory: { size: this.memory?.size ?? 0, capacity: this.memory?.config.capacity ?? 0 },
      trainSteps: this.learner?.step ?? 0,
      samplesPerSecond: this.samples.perSecond(),
      stepsPerSecond: this.steps.perSecond(),
      lastLoss: this.lastLoss,
      numTensors: tf.memory().numTensors,
      numBytes: tf.memory().numBytes,
      lastError: this.lastError,
      encoderSpread: this.spread.summary(),
      critic: this.criticStatus,
      criticModel: this.criticModel(),
    };
  }

  async setLearning(on: boolean, plansPerStep?: number): Promise<AgentStatus> {
    this.need();
    if (plansPerStep !== undefined) {
      const { min, max } = PLANS_PER_LEARNING_STEP;
      if (!Number.isInteger(plansPerStep) || plansPerStep < min || plansPerStep > max) {
        throw new Error(`plansPerStep must be an integer from ${min} to ${max}, got ${plansPerStep}`);
      }
      this.plansPerLearningStep = plansPerStep;
    }
    this.learning = on;
    if (on && !this.learnLoop) {
      this.learnLoop = this.runLearning().finally(() => {
        this.learnLoop = null;
      });
    }
    return this.status();
  }

  async setPractice(options: PracticeOptions): Promise<AgentStatus> {
    const { memory } = this.need();
    if (!options.on) {
      this.practice.on = false;
      return this.status();
    }
    const name = checkScenario(options.scenario ?? this.practice.scenario ?? 'two-rooms', 'setPractice');
    if (!this.collector || name !== this.practice.scenario || options.seed !== undefined) {
      const seed = options.seed ?? this.seed + 1;
      const world = World.create(builtinScenario(name), {
        seed,
        obsSize: this.deps.practiceObsSize ?? 64,
      });
      const explorer = new OuExplorer({ theta: 0.05, sigma: 0.2, seed: seed + 7 });
      this.collector = new ExperienceCollector(
        world,
        memory,
        () => explorer.next(),
        () => explorer.reset(),
      );
      this.practice = { on: false, scenario: name, episodes: 0, steps: 0 };
    }
    this.practice.on = true;
    if (!this.practiceLoop) {
      this.practiceLoop = this.runPractice().finally(() => {
        this.practiceLoop = null;
      });
    }
    return this.status();
  }

  async remember(batch: TransitionBatch): Promise<number> {
    const { memory, learner } = this.need();
    if (batch.channels !== learner.config.channels) {
      throw new Error(
        `remember: observations have ${batch.channels} channels, the model expects ${learner.config.channels}`,
      );
    }
    appendTransitions(memory, batch);
    this.samples.add(batch.count);
    return memory.size;
  }

  async trainSteps(n: number): Promise<TrainReport> {
    if (!Number.isInteger(n) || n < 1 || n > 10_000) {
      throw new Error(`trainSteps: n must be an integer in [1, 10000], got ${n}`);
    }
    this.need();
    const t0 = performance.now();
    const losses: LossSnapshot[] = [];
    for (let i = 0; i < n; i++) {
      losses.push(await this.stepOnce());
      await this.yieldNow();
    }
    return { steps: n, losses, ms: performance.now() - t0 };
  }

  async saveCheckpoint(): Promise<Uint8Array> {
    const { learner } = this.need();
    const meta: Record<string, string | number> = {
      backend: this.report?.chosen ?? 'unknown',
      seed: this.seed,
    };
    if (this.practice.scenario) meta['scenario'] = this.practice.scenario;
    // Read back asynchronously: the same bytes as saveLearner, also on backends without dataSync.
    const weights = await learner.exportWeightsAsync();
    const bytes = new Uint8Array(
      encodeCheckpoint({ config: learner.config, weights, metrics: { steps: learner.step }, meta }),
    );
    return transfer(bytes, [bytes.buffer]);
  }

  /**
   * Same model shape: weights are replaced in place. Another shape: a new learner is built from the
   * checkpoint, and memory is emptied if its frames no longer fit. Any error leaves the agent as it was.
   */
  async loadCheckpoint(bytes: Uint8Array): Promise<LoadResult> {
    const { learner } = this.need();
    try {
      const checkpoint = decodeCheckpoint(bytes);
      if (JSON.stringify(checkpoint.config) === JSON.stringify(learner.config)) {
        loadIntoLearner(learner, bytes);
        // Same learner object, new weights: the actor's frozen copy must be re-read on the next act.
        if (this.actor) this.actor.weightsAt = Number.NaN;
        return { ok: true, note: `weights loaded (${checkpoint.metrics['steps'] ?? '?'} training steps)` };
      }
      const built = learnerFromCheckpoint(bytes).learner;
      const old = learner.config;
      const fits =
        built.config.channels === old.channels &&
        built.config.inputSize === old.inputSize &&
        built.config.proprioDim === old.proprioDim &&
        built.config.actionDim === old.actionDim;
      this.learner = built;
      learner.dispose();
      const dropped = this.dropMismatchedCritic(built.config.latentDim);
      this.recentStepMs = [];
      this.stepsTimed = 0;
      if (!fits) {
        this.memory = this.newMemory(built.config);
        this.collector = null;
        this.practice.on = false;
      }
      return {
        ok: true,
        note: `model rebuilt from the checkpoint's config${fits ? '' : '; memory emptied (different frame shape), practice stopped'}${dropped}`,
      };
    } catch (e) {
      return { ok: false, error: `loadCheckpoint: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  async loadCritic(text: string, from = 'critic file'): Promise<CriticLoadResult> {
    const { learner } = this.need();
    const name = typeof from === 'string' && from.length > 0 ? from.slice(0, 200) : 'critic file';
    let critic: Critic;
    let meta: CriticModelStatus['meta'];
    try {
      if (typeof text !== 'string') throw new Error('critic file: expected the file as text');
      // Decoded once for the meta, again by criticFromFile: the file is small and this runs rarely.
      meta = decodeCriticFile(text).file.meta ?? {};
      critic = criticFromFile(text, `critic-file-${++this.criticLoads}`);
    } catch (e) {
      return { ok: false, text: `loadCritic ${name}: ${e instanceof Error ? e.message : String(e)}` };
    }
    const latentDim = learner.config.latentDim;
    if (critic.latentDim !== latentDim) {
      critic.dispose();
      return {
        ok: false,
        text: `loadCritic ${name}: critic file: latentDim is ${critic.latentDim}, the model's latent has ${latentDim} dimensions`,
      };
    }
    const old = this.trainedCritic?.critic;
    const status: CriticModelStatus = {
      kind: 'trained',
      note: `trained offline, frozen (${name})`,
      from: name,
      latentDim,
      hidden: critic.hidden,
      gamma: critic.gamma,
      meta,
    };
    this.trainedCritic = { critic, status };
    const actor = this.actor;
    if (actor && this.actorLearners) {
      const replaced = this.actorLearners.critic;
      this.actorLearners.critic = critic;
      actor.parts.critic = critic;
      actor.agent.planner.setCritic(critic);
      actor.agent.setSchedule({ criticSteps: 0 });
      if (replaced !== old) replaced.dispose();
    }
    old?.dispose();
    // The online fit's numbers describe the critic that was replaced.
    this.criticStatus = null;
    const err =
      typeof meta['heldOutError'] === 'number' ? `; held-out error ${meta['heldOutError']} steps` : '';
    return {
      ok: true,
      text: `${status.note}: V = discounted steps to the goal (gamma ${critic.gamma}${err})`,
    };
  }

  private criticModel(): CriticModelStatus | null {
    if (this.trainedCritic) return { ...this.trainedCritic.status };
    const critic = this.actorLearners?.critic;
    const latentDim = this.learner?.config.latentDim;
    if (latentDim === undefined) return null;
    return {
      kind: 'online',
      note: 'learned online (TD(lambda) on intrinsic costs) while learning is on',
      from: null,
      latentDim,
      hidden: critic?.hidden ?? 64,
      gamma: critic?.gamma ?? 0.95,
      meta: {},
    };
  }

  /** A trained critic reads latents of one size: a model with another size drops it (the note says so). */
  private dropMismatchedCritic(latentDim: number): string {
    const t = this.trainedCritic;
    if (!t || t.critic.latentDim === latentDim) return '';
    this.trainedCritic = null;
    // The actor still plans with it until its rebuild (which startEpisode does for a new learner).
    if (this.actorLearners?.critic !== t.critic) t.critic.dispose();
    return `; the trained critic (${t.status.from}, latent ${t.critic.latentDim}) no longer fits and was dropped`;
  }

  /**
   * Queued on the training chain: a step running on the old weights finishes first, and none starts on
   * weights being disposed. Memory is kept: its frames are raw experience, not the old model's view of
   * it, so the fresh model learns from them at once (and the loss chart restarts from step 0).
   */
  async resetModel(): Promise<ModelResetResult> {
    this.need();
    const done = this.stepChain.then(() => this.resetNow());
    this.stepChain = done.then(
      () => {},
      () => {},
    );
    return done;
  }

  private resetNow(): ModelResetResult {
    const { learner, memory } = this.need();
    // The same seed as ready(): a reset gives the weights a fresh page with no checkpoint starts from.
    // Without the wall map: one fitted to the old encoder reads nothing from the new one, and a random
    // one would charge the planner for random walls (npm run train:map fits a new one offline).
    const { mapGrid: _oldMap, ...config } = learner.config;
    const fresh = new WorldModelLearner(config, this.seed);
    this.learner = fresh;
    learner.dispose();
    // The actor's frozen copy, critic and policy belong to the old encoder; startEpisode builds new ones.
    this.disposeActor();
    const trained = this.trainedCritic;
    this.trainedCritic = null;
    trained?.critic.dispose();
    this.criticStatus = null;
    this.lastLoss = null;
    this.lastError = null;
    this.recentStepMs = [];
    this.stepsTimed = 0;
    this.spread.clear();
    const from = trained?.status.from ?? null;
    return {
      note: `fresh random weights (seed ${this.seed}); optimiser, policy and critic new${from ? `; trained critic ${from} unloaded` : ''}; ${memory.size} frames of memory kept`,
      criticUnloaded: from,
      memoryKept: memory.size,
    };
  }

  async unloadCritic(): Promise<CriticLoadResult> {
    this.need();
    const t = this.trainedCritic;
    if (!t) return { ok: true, text: 'no trained critic was loaded; the online critic stays' };
    this.trainedCritic = null;
    const actor = this.actor;
    if (actor && this.actorLearners) {
      const online = new Critic({ latentDim: actor.learner.config.latentDim, seed: this.seed });
      this.actorLearners.critic = online;
      actor.parts.critic = online;
      actor.agent.planner.setCritic(online);
      actor.agent.setSchedule({ criticSteps: 1 });
    }
    t.critic.dispose();
    this.criticStatus = null;
    return { ok: true, text: `${t.status.from} unloaded; the critic learns online again` };
  }

  /** Frees the actor (frozen weights, agent, its online critic and policy); a trained critic stays. */
  private disposeActor(): void {
    this.actor?.agent.dispose();
    this.actor?.frozen.dispose();
    this.actor = null;
    // The trained critic outlives actors (it belongs to the service); the online one is the actor's.
    if (this.actorLearners?.critic !== this.trainedCritic?.critic) this.actorLearners?.critic.dispose();
    this.actorLearners?.policy.dispose();
    this.actorLearners = null;
  }

  async startEpisode(goal: Observation, options: { dt?: number } = {}): Promise<void> {
    const { learner } = this.need();
    this.needSyncReadback();
    const dt = options.dt ?? this.actor?.dt ?? 0.1;
    if (!(dt > 0 && dt < 10)) throw new Error(`startEpisode: dt must be in (0, 10) seconds, got ${dt}`);
    // Building the actor (frozen weights, critic, policy) and encoding the goal block the thread: on a
    // busy machine that outlasted the heartbeat's 1.5 s (e2e charts test, load average 25 on 2 cores).
    this.liveness.expectSilence(MAX_LEASE_MS / 2);
    if (!this.actor || this.actor.learner !== learner || this.actor.dt !== dt) {
      const latentDim = learner.config.latentDim;
      this.dropMismatchedCritic(latentDim);
      this.disposeActor();
      const frozen = new FrozenWorldModel(learner);
      const trained = this.trainedCritic?.critic ?? null;
      this.actorLearners = {
        critic: trained ?? new Critic({ latentDim, seed: this.seed }),
        // Mode-1 also sees which way the route over the wall map goes, when the model has one.
        policy: new Policy({ latentDim, seed: this.seed, cueDim: frozen.wallMap ? ROUTE_CUE_DIM : 0 }),
      };
      const parts: AgentParts = {
        encoder: learner,
        dynamics: frozen,
        probes: frozen,
        memory: this.memory,
        ...this.actorLearners,
      };
      const agent = new Agent(parts, {
        planner: { dt },
        // A trained critic is frozen: the online TD(lambda) fit (another objective) would overwrite it.
        learn: {
          every: 0,
          modelSteps: 0,
          criticSteps: trained ? 0 : 1,
          policySteps: 1,
          batch: 16,
          length: 9,
        },
        seed: this.seed,
      });
      this.applyActorSettings(agent);
      this.actor = { agent, parts, frozen, learner, weightsAt: learner.step, dt };
      this.spread.clear();
    }
    this.actor.agent.startEpisode(goal);
  }

  async act(obs: Observation, executed?: readonly (readonly [number, number])[] | null): Promise<ActResult> {
    const { learner } = this.need();
    this.needSyncReadback();
    checkExecuted(executed);
    const actor = this.actor;
    if (!actor || actor.learner !== learner) throw new Error('act: call startEpisode(goal) first');
    // Before the refresh too: copying the trained weights into the frozen model blocks as well, and
    // under load it alone outlasted the heartbeat right after the first training step.
    this.liveness.expectSilence(MAX_LEASE_MS / 2);
    if (actor.weightsAt !== learner.step) {
      actor.frozen.refresh();
      actor.weightsAt = learner.step;
    }
    const r = actor.agent.tick(obs, undefined, executed);
    this.spread.add(r.latent);
    this.acts += 1;
    this.lastActAt = performance.now();
    // While learning, the critic and the Mode-1 policy (distilled from these plans) learn too.
    if (this.learning && this.acts % ACTOR_LEARN_EVERY === 0) {
      try {
        const learned = actor.agent.learn();
        if (learned.criticError !== null && learned.criticTarget !== null) {
          this.criticStatus = {
            error: learned.criticError,
            target: learned.criticTarget,
            fits: (this.criticStatus?.fits ?? 0) + 1,
          };
        }
      } catch (e) {
        this.lastError = `actor learning: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    const result: ActResult = {
      action: [r.action[0], r.action[1]],
      plan: r.plan,
      stepCost: r.stepCost,
      ms: { perceive: r.ms.perceive, plan: r.ms.plan },
    };
    // Copied, not transferred: the plan's arrays are small (a few KB) and may view memory tfjs still owns.
    return result;
  }

  async setPlanner(patch: Partial<PlannerSettings>): Promise<PlannerSettings> {
    const next = { ...this.plannerSettings, ...patch };
    if (!['mode2', 'mode1', 'mode1+mode2'].includes(next.mode)) {
      throw new Error(`setPlanner: mode must be mode2, mode1 or mode1+mode2, got '${String(next.mode)}'`);
    }
    if (typeof next.critic !== 'boolean') throw new Error('setPlanner: critic must be true or false');
    const config = plannerConfigOf(next);
    resolvePlannerConfig(DEFAULT_PLANNER_CONFIG, config);
    const agent = this.actor?.agent;
    // Mode 1 and the critic need parts the actor may not have: Agent refuses them by name.
    if (agent) {
      const before = agent.actorMode;
      agent.setMode(next.mode);
      try {
        agent.planner.configure(config);
      } catch (e) {
        agent.setMode(before);
        throw e;
      }
    }
    this.plannerSettings = next;
    return { ...next };
  }

  async setCost(patches: Record<string, CostPatch>): Promise<CostTermView[]> {
    const target = this.actor?.agent.cost ?? new IntrinsicCost();
    if (!this.actor) target.update(this.costPatches);
    target.update(patches);
    const merged: Record<string, CostPatch> = { ...this.costPatches };
    for (const [id, p] of Object.entries(patches)) merged[id] = { ...merged[id], ...p };
    this.costPatches = merged;
    return target.summary().map(({ id, label, weight, enabled }) => ({ id, label, weight, enabled }));
  }

  async setFormulaTerms(terms: FormulaTermSpec[]): Promise<FormulaTermStatus[]> {
    if (!Array.isArray(terms) || terms.length > MAX_FORMULA_TERMS) {
      throw new Error(`setFormulaTerms: expected a list of at most ${MAX_FORMULA_TERMS} terms`);
    }
    const builtins = BUILTIN_TERM_IDS;
    const seen = new Set<string>();
    for (const t of terms) {
      if (typeof t?.id !== 'string' || !FORMULA_ID.test(t.id) || builtins.has(t.id) || seen.has(t.id)) {
        throw new Error(
          `setFormulaTerms: id '${String(t?.id)}' must be a new name of letters, digits, '-' or '_' (not a built-in term, not repeated)`,
        );
      }
      seen.add(t.id);
      if (typeof t.weight !== 'number' || !Number.isFinite(t.weight))
        throw new Error(`setFormulaTerms: ${t.id}: weight must be a finite number, got ${String(t.weight)}`);
      if (typeof t.enabled !== 'boolean')
        throw new Error(`setFormulaTerms: ${t.id}: enabled must be true or false`);
      if (typeof t.source !== 'string') throw new Error(`setFormulaTerms: ${t.id}: source must be text`);
    }
    const next = new Map<string, CostTerm>();
    const status: FormulaTermStatus[] = [];
    for (const t of terms) {
      const compiled = formulaTerm(t.id, t.source, t.source, t.weight);
      const term = compiled.ok ? compiled.term : this.formulaTerms.get(t.id);
      // Weight and switch apply even while a refused edit leaves the older formula in force.
      if (term) next.set(t.id, { ...term, weight: t.weight, enabled: t.enabled });
      status.push({
        id: t.id,
        error: compiled.ok ? null : compiled.error,
        active: term ? term.label : null,
      });
    }
    this.formulaTerms = next;
    const agent = this.actor?.agent;
    if (agent) this.applyFormulaTerms(agent);
    return status;
  }

  async costMap(request: CostMapRequest): Promise<CostMap> {
    this.need();
    this.needSyncReadback();
    const actor = this.actor;
    if (!actor) throw new Error('costMap: the agent has no goal yet (no episode started)');
    const { cols, rows, obsSize } = request;
    for (const [name, v, max] of [
      ['cols', cols, 128],
      ['rows', rows, 128],
      ['obsSize', obsSize, 512],
    ] as const) {
      if (!Number.isInteger(v) || v < 1 || v > max)
        throw new Error(`costMap: ${name} must be an integer in [1, ${max}], got ${String(v)}`);
    }
    const t0 = performance.now();
    this.liveness.expectSilence(MIN_LEASE_MS);
    const key = `${JSON.stringify(request.scenario)}:${obsSize}`;
    if (this.mapWorld?.key !== key) {
      this.mapWorld = { key, world: World.create(request.scenario, { obsSize }) };
    }
    const world = this.mapWorld.world;
    world.loadState(request.state);
    const { width, height } = world.scenario.arena;
    const radius = world.scenario.agent.radius;
    const cellCentre = (i: number, j: number) => ({
      x: ((i + 0.5) * width) / cols,
      y: ((j + 0.5) * height) / rows,
    });
    const cells: number[] = [];
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        if (world.freeSpaceAt(cellCentre(i, j), radius)) cells.push(j * cols + i);
      }
    }
    const values = new Float32Array(cols * rows).fill(Number.NaN);
    // In chunks with a yield between them: plans and heartbeats get through while a big map is made.
    for (let start = 0; start < cells.length; start += COST_MAP_CHUNK) {
      if (this.actor !== actor) throw new Error('costMap: the agent was rebuilt while mapping; ask again');
      if (actor.weightsAt !== actor.learner.step) {
        actor.frozen.refresh();
        actor.weightsAt = actor.learner.step;
      }
      const chunk = cells.slice(start, start + COST_MAP_CHUNK);
      this.liveness.expectSilence(MIN_LEASE_MS);
      const costs = actor.agent.stateCosts(
        chunk.map((c) => world.observeAgentAt(cellCentre(c % cols, Math.floor(c / cols)))),
      );
      chunk.forEach((cell, k) => {
        values[cell] = costs[k]!;
      });
      await this.yieldNow();
    }
    const map: CostMap = { cols, rows, values, ms: performance.now() - t0 };
    return transfer(map, [values.buffer]);
  }

  private applyFormulaTerms(agent: Agent): void {
    for (const id of agent.cost.termIds) {
      if (!BUILTIN_TERM_IDS.has(id) && !this.formulaTerms.has(id)) agent.cost.removeTerm(id);
    }
    for (const term of this.formulaTerms.values()) agent.cost.setTerm(term);
  }

  /** A freshly built actor takes the page's last good planner and cost settings. */
  private applyActorSettings(agent: Agent): void {
    this.applyFormulaTerms(agent);
    agent.cost.update(this.costPatches);
    agent.planner.configure(plannerConfigOf(this.plannerSettings));
    try {
      agent.setMode(this.plannerSettings.mode);
    } catch {
      this.plannerSettings = { ...this.plannerSettings, mode: agent.actorMode };
    }
  }

  async predictionErrorCurve(): Promise<PredictionCurve> {
    const { learner, memory } = this.need();
    if (this.report && !this.report.syncReadback) {
      return {
        ok: false,
        reason: `the curve reads back synchronously, which ${this.report.chosen} lacks here`,
      };
    }
    // As long as an act may block: on a busy machine one encode of 272 frames can take seconds.
    this.liveness.expectSilence(MAX_LEASE_MS / 2);
    return predictionCurve(learner, memory);
  }

  async simulateFault(kind: FaultKind, ms = 10_000): Promise<void> {
    if (kind === 'nan') {
      this.need().learner.poisonNextUpdate();
      return;
    }
    if (kind === 'device-lost') {
      const backend = this.report?.chosen ?? 'webgpu';
      const message = `simulated: the ${backend} device was lost`;
      this.learning = false;
      this.emit({ type: 'device-lost', backend, reason: 'simulated', message });
      return;
    }
    if (kind === 'die-mid-plan') {
      if (!this.actor) throw new Error('simulateFault: die-mid-plan needs an actor (startEpisode first)');
      dieDuringImagination(this.actor.frozen);
      return;
    }
    // After returning, so the caller's next call is the one left pending.
    setTimeout(() => {
      if (kind === 'die') return endThisWorker();
      if (kind === 'throw') throw new Error('simulated fault: uncaught error in the agent worker');
      const end = performance.now() + ms;
      while (performance.now() < end) {
        // Blocks the thread: no pongs, no messages, exactly like a runaway kernel.
      }
    }, 0);
  }

  /**
   * Planning reads tensors with dataSync; on a backend where that breaks the device (WebGPU in a
   * worker) refuse before touching it, so training can go on.
   */
  private needSyncReadback(): void {
    const report = this.report;
    if (report && !report.syncReadback) {
      throw new Error(
        `planning on ${report.chosen} needs synchronous readback, which this adapter lacks; the agent keeps learning — choose wasm/webgl for planning`,
      );
    }
  }

  /**
   * One training step at a time: the learning loop and trainSteps may both ask, and an asynchronous
   * step must not interleave with another one's read-back.
   */
  private stepOnce(): Promise<LossSnapshot> {
    const next = this.stepChain.then(() => this.stepNow());
    this.stepChain = next.then(
      () => {},
      () => {},
    );
    return next;
  }

  /** One training step, its forward/backward pass announced to the heartbeat. Throws with the learner's reason. */
  private async stepNow(): Promise<LossSnapshot> {
    const { memory, learner } = this.need();
    const length = learner.config.rollout + 1;
    if (memory.countValidStarts(length) === 0) {
      throw new Error(
        `training needs at least one episode of ${length} consecutive frames in memory; it holds ${memory.size} frames`,
      );
    }
    const batch = memory.sampleSequences(this.deps.batchSize ?? 32, length);
    this.liveness.expectSilence(this.leaseMs());
    const result = await learner.trainStepAsync(batch);
    if (!result.ok && result.rolledBack) {
      this.emit({ type: 'weights-rolled-back', step: result.step, message: result.reason });
    }
    if (!result.ok) throw new Error(`training step ${result.step} rejected: ${result.reason}`);
    // The first step on a backend includes kernel set-up: it would inflate every later lease.
    this.stepsTimed += 1;
    if (this.stepsTimed > 1) this.recentStepMs = [...this.recentStepMs.slice(-4), result.ms];
    else this.recentStepMs = [];
    this.steps.add(1);
    const { total, ...terms } = result.losses;
    this.lastLoss = { total, terms };
    return this.lastLoss;
  }

  /** How long the next step may block: generous on the first, then a multiple of recent steps. */
  private leaseMs(): number {
    if (this.stepsTimed === 0) return FIRST_STEP_LEASE_MS;
    if (this.recentStepMs.length === 0) return Math.max(MIN_LEASE_MS, 10_000);
    return Math.min(MAX_LEASE_MS, Math.max(MIN_LEASE_MS, 4 * Math.max(...this.recentStepMs)));
  }

  private async runLearning(): Promise<void> {
    let actsAtLastStep = Number.NEGATIVE_INFINITY;
    while (this.learning) {
      const acting = performance.now() - this.lastActAt < ACTING_WINDOW_MS;
      if (acting && this.acts - actsAtLastStep < this.plansPerLearningStep) {
        await sleep(5);
        continue;
      }
      actsAtLastStep = this.acts;
      try {
        await this.stepOnce();
        this.lastError = null;
        await this.yieldNow();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (message !== this.lastError) this.emit({ type: 'learning-error', message });
        this.lastError = message;
        // Usually not enough memory yet: wait for more experience instead of spinning.
        await sleep(250);
      }
    }
  }

  private async runPractice(): Promise<void> {
    const chunk = this.deps.practiceChunk ?? 32;
    while (this.practice.on && this.collector) {
      const c = this.collector;
      const before = c.episodes;
      try {
        this.liveness.expectSilence(MIN_LEASE_MS);
        c.collect(chunk);
      } catch (e) {
        this.practice.on = false;
        const message = `practice stopped: ${e instanceof Error ? e.message : String(e)}`;
        this.lastError = message;
        this.emit({ type: 'learning-error', message });
        return;
      }
      this.samples.add(chunk);
      this.practice.steps = c.steps;
      this.practice.episodes = c.episodes;
      if (c.episodes !== before) {
        this.emit({ type: 'practice-episode', episode: c.episodes, steps: c.steps });
      }
      await this.yieldNow();
    }
  }

  private emit(event: AgentEvent): void {
    for (const l of this.listeners) {
      Promise.resolve()
        .then(() => l(event))
        .catch(() => {});
    }
  }

  private need(): { learner: WorldModelLearner; memory: ReplayMemory } {
    if (!this.learner || !this.memory) throw new Error('the agent is not ready: call ready() first');
    return { learner: this.learner, memory: this.memory };
  }
}

const MAX_FORMULA_TERMS = 8;
/** Heat map cells encoded per synchronous slice (about 0.2 s on wasm here): a 20 x 20 map in 3 or 4. */
const COST_MAP_CHUNK = 96;
const FORMULA_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BUILTIN_TERM_IDS: ReadonlySet<string> = new Set(new IntrinsicCost().termIds);

function checkScenario(name: string, where: string): BuiltinScenarioName {
  if (!isBuiltinScenarioName(name)) {
    throw new Error(`${where}: unknown scenario '${name}' (built-ins: ${BUILTIN_SCENARIOS.join(', ')})`);
  }
  return name;
}

function plannerConfigOf(s: PlannerSettings): Partial<PlannerConfig> {
  return {
    candidates: s.candidates,
    horizon: s.horizon,
    actionRepeat: s.actionRepeat ?? 1,
    iterations: s.iterations,
    lr: s.lr,
    criticWeight: s.critic ? (s.criticWeight ?? 1) : 0,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A macrotask yield without setTimeout's 4 ms clamping. Node drains a MessagePort's queue in one go
 * (starving timers), so there setImmediate is used; browsers queue each port message as its own task.
 */
function defaultYield(): () => Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  if (immediate) return () => new Promise<void>((resolve) => immediate(resolve));
  let channel: MessageChannel | null = null;
  const waiting: (() => void)[] = [];
  return () =>
    new Promise<void>((resolve) => {
      if (!channel) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => waiting.shift()?.();
      }
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/** A bad `executed` list is refused by name before anything runs. */
function checkExecuted(executed: readonly (readonly [number, number])[] | null | undefined): void {
  if (executed === undefined || executed === null) return;
  if (!Array.isArray(executed)) throw new Error('act: executed must be an array of [x, y] actions or null');
  if (executed.length > MAX_EXECUTED_ACTIONS)
    throw new Error(`act: executed has ${executed.length} actions, at most ${MAX_EXECUTED_ACTIONS}`);
  executed.forEach((a, i) => {
    if (!Array.isArray(a) || a.length !== 2 || !a.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new Error(`act: executed[${i}] must be two finite numbers, got ${JSON.stringify(a)}`);
  });
}
