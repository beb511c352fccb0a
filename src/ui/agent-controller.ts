// The page's side of the agent: spawns the worker, loads the shipped checkpoint, drives the page's
// World through SimDriver's action source without ever blocking a frame, and streams the world's
// transitions to the worker so it keeps learning. At most one act call is in flight; until it
// returns the agent keeps its last action (or, at a set control rate, plays its plan: control-rate.ts).
// A dead worker is reported and the keyboard keeps working.
import { proxy, transfer } from 'comlink';
import type {
  ActResult,
  AgentEvent,
  AgentStatus,
  BackendName,
  BackendReport,
  CostMap,
  CostPatch,
  CostTermView,
  FaultKind,
  FormulaTermSpec,
  FormulaTermStatus,
  ModelResetResult,
  PlannerSettings,
  PredictionCurve,
} from '../../workers/agent-api';
import { packTransitions, type RecordedFrame, transferables } from '../../workers/transitions';
import type { PlanPicture } from '../view/imagination';
import type { Action, Observation, StepInfo } from '../world/types';
import { type AgentClient, type SettingsCall, spawnAgent, WorkerDied } from './agent-client';
import { type AgentFault, weightsChecksum } from './agent-supervisor';
import { type ControlRate, DecisionClock, plannedAction } from './control-rate';
import { CriticFiles } from './critic-files';
import { ExecutedActions } from './executed-actions';
import type { Messages } from './messages';
import { fetchBytes, fetchText, resolveCheckpoint, type ShippedCheckpoint } from './shipped-checkpoints';
import type { SimDriver } from './sim-driver';

/** Transitions go to the worker this often. */
const REMEMBER_EVERY_MS = 500;
/** At most this many frames per batch (64 KB each); at maximum speed the rest are skipped. */
const MAX_FRAMES_PER_BATCH = 48;
/** Status (memory fill, losses) is polled this often for the panels. */
const STATUS_EVERY_MS = 1000;
/** The compounding-error curve is recomputed in the worker this often (a few sequences: tens of ms). */
const CURVE_EVERY_MS = 5000;

export type AgentState = 'starting' | 'running' | 'off' | 'dead';

export interface AgentStats {
  state: AgentState;
  backend: BackendName | null;
  /** Plans received from the worker (each one redraws the ghost trails). */
  plans: number;
  actErrors: number;
  lastPlanMs: number;
  /** Plans per second over the last status window. */
  plansPerSecond: number;
  framesSent: number;
  batchesSent: number;
  checkpoint: string;
  /** The trained critic file in force (null: the online critic). */
  critic: string | null;
  /** Shape of the latest plan (null before the first, or in mode1). */
  /**
   * seenWallCells: cells the plan's wall map read as wall (> 0.5), null without a map; routeLength:
   * metres to the goal along the route around them, null unless the route term is on.
   */
  lastPlan: {
    K: number;
    H: number;
    method: string;
    seenWallCells: number | null;
    routeLength: number | null;
  } | null;
  /** Checksum of the weights the worker holds right after start (agent-supervisor weightsChecksum). */
  weightsChecksum: string | null;
  /** Workers started by this page (1 + restarts after faults). */
  workers: number;
}

export interface AgentStartOptions {
  backend?: BackendName;
  seed: number;
  scenario: string;
  /** The `ckpt` setting: 'auto' (the scenario's own), a shipped checkpoint's name, or 'none'. */
  checkpoint?: string;
  learn: boolean;
  /** While acting, one learning step per this many plans (PLANS_PER_LEARNING_STEP); the worker's default if absent. */
  pace?: number;
  practice: boolean;
  planner: PlannerSettings;
  cost: Record<string, CostPatch>;
  /** User formula terms (the cost panel's slots). */
  formulas?: FormulaTermSpec[];
  /** Weights to load instead of the shipped checkpoint (a restart after a fault). */
  restore?: { bytes: Uint8Array; from: string };
  /** Settings calls a dead worker had accepted, replayed on this one after planner and cost. */
  replay?: SettingsCall[];
}

export interface AgentListener {
  /** Something the panels show changed (status, report, state). */
  changed(): void;
  /** The worker died or lost its device; without this the agent just stops (keys drive). */
  fault?(fault: AgentFault): void;
}

export class AgentController {
  private client: AgentClient | null = null;
  private stateValue: AgentState = 'starting';
  private action: Action = [0, 0];
  private inFlight = false;
  /** The act call in flight (settled when none), so a frame-exact step can wait its turn. */
  private acting: Promise<void> = Promise.resolve();
  private goalKey = '';
  /** Bumped when the worker's weights are replaced: the goal must be re-encoded. */
  private modelRevision = 0;
  private planValue: PlanPicture | null = null;
  private lastResult: ActResult | null = null;
  private pending: RecordedFrame[] = [];
  private gap = true;
  private lastEpisode = Number.NaN;
  private timers: number[] = [];
  private plansInWindow = 0;
  private enabled = true;
  /** The trained critic file in force, kept for a restarted worker (critic-files.ts). */
  private readonly critics: CriticFiles;
  /** When, in world time, the agent decides next (the control rate). */
  private readonly clock = new DecisionClock();
  /** The plan being played between decisions, for the goal key it was made under. */
  private playing: { plan: { sequence: Float32Array; H: number }; key: string; step: number } | null = null;
  /** The actions the world applied since the last decision, sent with the next act. */
  private readonly executed = new ExecutedActions();
  /** A change of the worker's model in progress: no act may start until it is done. */
  private swap: Promise<unknown> | null = null;
  report: BackendReport | null = null;
  status: AgentStatus | null = null;
  costTerms: CostTermView[] = [];
  /** The worker's verdict on each formula term (refused ones keep the last good formula planning). */
  formulaStatus: FormulaTermStatus[] = [];
  /** Episode and world step of the observation the latest plan was made from (plan divergence). */
  planAt: { episode: number; step: number } | null = null;
  /** The latest compounding-error curve from the worker (null before the first answer). */
  curve: PredictionCurve | null = null;
  readonly stats: AgentStats = {
    state: 'starting',
    backend: null,
    plans: 0,
    actErrors: 0,
    lastPlanMs: 0,
    plansPerSecond: 0,
    framesSent: 0,
    batchesSent: 0,
    checkpoint: 'none',
    critic: null,
    lastPlan: null,
    weightsChecksum: null,
    workers: 0,
  };

  constructor(
    private readonly win: Window,
    private readonly driver: SimDriver,
    private readonly messages: Messages,
    private readonly listener: AgentListener,
  ) {
    this.critics = new CriticFiles(
      (text, from) => this.api.loadCritic(text, from),
      messages,
      () => {
        this.stats.critic = this.critics.name;
        this.listener.changed();
      },
    );
  }

  get state(): AgentState {
    return this.stateValue;
  }

  /** The latest plan, for the view's imagination layer (null when the agent is off, dead or overridden by keys). */
  get plan(): PlanPicture | null {
    const shown = this.stateValue === 'running' && this.enabled && !this.driver.manualControl;
    return shown ? this.planValue : null;
  }

  get lastAct(): ActResult | null {
    return this.lastResult;
  }

  private get api() {
    if (!this.client) throw new Error('the agent worker has not started');
    return this.client.api;
  }

  async start(o: AgentStartOptions): Promise<void> {
    this.setState('starting');
    const client = spawnAgent();
    this.client = client;
    this.stats.workers++;
    this.goalKey = '';
    this.critics.workerStarted();
    this.stats.critic = null;
    this.modelRevision++;
    // A retired client's death is expected: only the current one's counts.
    void client.died.then((d) => {
      if (this.client === client) this.onDeath(d);
    });
    try {
      await client.api.subscribe(proxy((e: AgentEvent) => this.onEvent(e)));
      this.report = await client.api.ready({
        ...(o.backend ? { backend: o.backend } : {}),
        seed: o.seed,
        scenario: o.scenario,
      });
      this.stats.backend = this.report.chosen;
      if (this.report.overrideError) {
        this.messages.show({
          key: 'agent-backend',
          kind: 'warning',
          title: `The ${o.backend} backend could not start; the agent runs on ${this.report.chosen}`,
          lines: [this.report.overrideError],
        });
      }
      await this.applyPlanner(o.planner);
      await this.applyCost(o.cost);
      if (o.formulas) await this.applyFormulas(o.formulas);
      for (const c of o.replay ?? []) await this.replay(c);
      if (o.restore) {
        const r = await this.loadCheckpoint(o.restore.bytes, o.restore.from);
        if (!r.ok) throw new Error(`restoring ${o.restore.from}: ${r.text}`);
      } else {
        await this.loadShipped(o.checkpoint ?? 'auto', o.scenario);
      }
      // After the weights: the critic reads the encoder's latents, and a fresh worker has none.
      await this.critics.afterStart(o.checkpoint ?? 'auto', o.scenario);
      this.stats.weightsChecksum = weightsChecksum(await client.api.saveCheckpoint());
      await client.api.setLearning(o.learn, o.pace);
      if (o.practice) await client.api.setPractice({ on: true, scenario: o.scenario });
    } catch (e) {
      if (e instanceof WorkerDied) return;
      this.messages.show({
        key: 'agent',
        kind: 'error',
        title: 'The agent could not start; keys still drive',
        lines: [(e as Error).message],
      });
      this.setState('dead');
      return;
    }
    this.setState('running');
    this.driver.setActionSource(this.enabled ? this.source : null);
    this.timers.push(
      this.win.setInterval(() => void this.flush(), REMEMBER_EVERY_MS),
      this.win.setInterval(() => void this.poll(), STATUS_EVERY_MS),
      this.win.setInterval(() => void this.pollCurve(), CURVE_EVERY_MS),
    );
  }

  /** Agent on: it drives (keys still override). Off: keys only, no plans drawn. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (this.stateValue === 'running') this.driver.setActionSource(on ? this.source : null);
    if (!on) this.action = [0, 0];
    this.listener.changed();
  }

  async setLearning(on: boolean, pace?: number): Promise<void> {
    await this.call('learning', async () => {
      this.status = await this.api.setLearning(on, pace);
    });
  }

  async setPractice(on: boolean, scenario: string): Promise<void> {
    await this.call('practice', async () => {
      this.status = await this.api.setPractice({ on, scenario });
    });
  }

  /** Throws the worker's message (naming the bad field) when refused; the last good settings stay. */
  async applyPlanner(patch: Partial<PlannerSettings>): Promise<PlannerSettings> {
    const applied = await this.api.setPlanner(patch);
    this.messages.dismiss('agent-planner');
    return applied;
  }

  async applyCost(patches: Record<string, CostPatch>): Promise<void> {
    this.costTerms = await this.api.setCost(patches);
    this.messages.dismiss('agent-cost');
  }

  /** The whole set of formula terms; the worker answers with each one's verdict. */
  async applyFormulas(specs: FormulaTermSpec[]): Promise<FormulaTermStatus[]> {
    this.formulaStatus = await this.api.setFormulaTerms(specs);
    this.listener.changed();
    return this.formulaStatus;
  }

  /** The cost of the agent being at each cell of a cols x rows grid over the page's world. */
  costMap(cols: number, rows: number): Promise<CostMap> {
    const world = this.driver.world;
    return this.api.costMap({
      scenario: world.scenario,
      state: world.saveState(),
      obsSize: world.obsSize,
      cols,
      rows,
    });
  }

  async saveCheckpoint(): Promise<Uint8Array> {
    return this.api.saveCheckpoint();
  }

  /** Returns the worker's verdict; a refusal leaves the running agent untouched. */
  async loadCheckpoint(bytes: Uint8Array, from: string): Promise<{ ok: boolean; text: string }> {
    const r = await this.api.loadCheckpoint(transfer(bytes, [bytes.buffer as ArrayBuffer]));
    if (!r.ok) return { ok: false, text: r.error };
    this.modelRevision++;
    this.stats.checkpoint = from;
    return { ok: true, text: r.note };
  }

  /** Makes the worker fail on purpose (tests and demos of fault handling); 'kill' ends its thread. */
  fault(kind: FaultKind | 'kill'): Promise<void> {
    if (kind !== 'kill') return this.api.simulateFault(kind);
    this.client?.kill();
    return Promise.resolve();
  }

  /** No restart is coming: the agent stays stopped and the keys drive. */
  giveUp(): void {
    this.retire();
    this.setState('dead');
  }

  /** Stops the current worker without reporting its death (the caller already knows why). */
  private retire(): void {
    for (const t of this.timers) this.win.clearInterval(t);
    this.timers = [];
    this.driver.setActionSource(null);
    this.action = [0, 0];
    this.planValue = null;
    const client = this.client;
    this.client = null;
    client?.terminate();
  }

  private async replay(c: SettingsCall): Promise<void> {
    const call = (this.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[c.method];
    try {
      await call!(...c.args);
    } catch (e) {
      if (e instanceof WorkerDied) throw e;
      this.messages.show({
        key: `agent-replay-${c.method}`,
        kind: 'warning',
        title: `The restarted agent refused the earlier ${c.method} settings`,
        lines: [(e as Error).message],
      });
    }
  }

  stop(): void {
    for (const t of this.timers) this.win.clearInterval(t);
    this.timers = [];
    this.driver.setActionSource(null);
    this.client?.terminate();
  }

  /**
   * A trained critic file (npm run train:critic) in place of the online critic; frozen in the worker.
   * The verdict names the bad field when refused, and the critic in force stays.
   */
  loadCritic(text: string, from: string): Promise<{ ok: boolean; text: string }> {
    return this.critics.load(text, from);
  }

  /** A critic file from disk (the Learning panel), its verdict shown as a message. */
  loadCriticFile(file: File): Promise<void> {
    return this.critics.loadFile(file);
  }

  /**
   * Fresh random weights in the worker (world model, optimiser, policy, critic); the trained critic
   * is unloaded and stays so across a worker restart. Memory is kept (see AgentService.resetModel).
   */
  async resetModel(): Promise<ModelResetResult> {
    const r = await this.exclusive(() => this.api.resetModel());
    this.critics.forget();
    this.stats.critic = null;
    this.stats.checkpoint = 'fresh random weights (reset)';
    this.afterModelChange();
    this.status = await this.api.status();
    this.listener.changed();
    return r;
  }

  /**
   * A shipped checkpoint into the worker, with its trained critic if one ships, else the critic
   * unloaded. Returns the lines for the message area; throws when the checkpoint was refused.
   */
  async useShipped(c: ShippedCheckpoint): Promise<string[]> {
    const bytes = new Uint8Array(await fetchBytes(c.url, c.file));
    const lines = await this.exclusive(async () => {
      const r = await this.loadCheckpoint(bytes, c.file);
      if (!r.ok) throw new Error(r.text);
      const out = [r.text];
      if (c.critic) {
        const v = await this.critics.load(await fetchText(c.critic.url, c.critic.file), c.critic.file);
        if (!v.ok) throw new Error(v.text);
        out.push(`critic ${c.critic.file}: ${v.text}`);
      } else {
        const v = await this.api.unloadCritic();
        this.critics.forget();
        this.stats.critic = null;
        out.push(`no critic ships with ${c.file}: ${v.text}`);
      }
      return out;
    });
    this.afterModelChange();
    this.listener.changed();
    return lines;
  }

  /** The agent decides this many times per world second (or as fast as it plans). */
  setControlRate(rate: ControlRate): void {
    if (this.clock.rate !== rate) this.clock.rate = rate;
  }

  /**
   * Runs a change of the worker's model with no act in flight or starting: a reset drops the actor,
   * and an act sent behind it would find none. The goal key changes first, so the next act starts a
   * new episode on the new model.
   */
  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    while (this.swap) await this.swap.catch(() => {});
    const run = (async () => {
      while (this.inFlight) await this.acting;
      this.modelRevision++;
      return fn();
    })();
    this.swap = run;
    try {
      return await run;
    } finally {
      this.swap = null;
    }
  }

  /** The old model's plan and curve say nothing about the new one. */
  private afterModelChange(): void {
    this.modelRevision++;
    this.planValue = null;
    this.lastResult = null;
    this.playing = null;
    this.action = [0, 0];
    this.curve = null;
    this.clock.restart();
  }

  private async loadShipped(choice: string, scenario: string): Promise<void> {
    const match = resolveCheckpoint(choice, scenario);
    if (!match) {
      if (choice === 'none') {
        this.critics.forget();
        this.stats.checkpoint = 'fresh random weights (ckpt=none)';
        return;
      }
      this.messages.show({
        key: 'agent-checkpoint',
        kind: 'info',
        title: 'No trained checkpoint ships with this build; the agent learns from scratch',
      });
      return;
    }
    const name = match.file;
    try {
      const bytes = new Uint8Array(await fetchBytes(match.url, name));
      const r = await this.loadCheckpoint(bytes, name);
      if (!r.ok) throw new Error(r.text);
    } catch (e) {
      if (e instanceof WorkerDied) throw e;
      this.messages.show({
        key: 'agent-checkpoint',
        kind: 'warning',
        title: `The shipped checkpoint ${name} did not load; the agent learns from scratch`,
        lines: [(e as Error).message],
      });
    }
  }

  /** SimDriver's action source: never waits; starts a plan when one is due and none is in flight. */
  private readonly source = (info: StepInfo, obs: Observation): Action => {
    const action = this.actionAt(info);
    this.record(info, obs, action);
    if (!this.inFlight && !this.swap && this.stateValue === 'running' && this.decisionDue(info)) {
      this.acting = this.requestAct(info, obs, this.executed.take(this.runKey(), info.step));
    }
    this.executed.note(this.runKey(), info.step, action);
    this.clock.advance(this.driver.world.controlDt);
    return action;
  };

  /**
   * Frame-exact recording: on a step where a decision is due, plans for exactly this observation and
   * waits for it; on the others plays the plan, so the steps that decide depend on world time only.
   * No action while the agent is off, dead or still starting.
   */
  async actionFor(info: StepInfo, obs: Observation): Promise<Action> {
    while (this.inFlight || this.swap) await (this.swap ?? this.acting).catch(() => {});
    if (this.stateValue !== 'running' || !this.enabled) return [0, 0];
    if (this.decisionDue(info)) {
      this.acting = this.requestAct(info, obs, this.executed.take(this.runKey(), info.step));
      await this.acting;
    }
    const a = this.actionAt(info);
    const action: Action = [a[0], a[1]];
    this.executed.note(this.runKey(), info.step, action);
    this.clock.advance(this.driver.world.controlDt);
    this.record(info, obs, action);
    return action;
  }

  /** The world steps one run of executed actions may span: one episode, no hand placement. */
  private runKey(): string {
    return `${this.driver.episodeRevision}:${this.driver.placements}`;
  }

  private keyOf(goal: { x: number; y: number }): string {
    return `${this.driver.episodeRevision}:${goal.x}:${goal.y}:${this.modelRevision}`;
  }

  /** Whether this step starts a decision (and if so, counts it): a new goal or model always does. */
  private decisionDue(info: StepInfo): boolean {
    if (this.keyOf(info.goal) !== this.goalKey) this.clock.restart();
    if (!this.clock.due) return false;
    this.clock.decided();
    return true;
  }

  /**
   * The action for this step: the newest plan played in order from the step it was made for (at any
   * rate; at max a plan is usually replaced after a step or a few).
   */
  private actionAt(info: StepInfo): Action {
    const p = this.playing;
    if (!p || p.key !== this.keyOf(info.goal)) return this.action;
    // Past the plan's end its last action is held.
    return plannedAction(p.plan, Math.min(info.step - p.step, p.plan.H - 1)) ?? this.action;
  }

  private record(info: StepInfo, obs: Observation, action: Action): void {
    const episode = this.driver.episodeRevision;
    const episodeStart = episode !== this.lastEpisode || this.gap;
    this.lastEpisode = episode;
    if (this.pending.length >= MAX_FRAMES_PER_BATCH) {
      // Skipped frames break the sequence: the next kept frame starts a new one.
      this.gap = true;
      return;
    }
    this.gap = false;
    this.pending.push({ obs, action: [action[0], action[1]], info, episodeStart });
  }

  private async requestAct(info: StepInfo, obs: Observation, executed: Action[] | null): Promise<void> {
    this.inFlight = true;
    try {
      const key = this.keyOf(info.goal);
      if (key !== this.goalKey) {
        this.action = [0, 0];
        this.playing = null;
        const world = this.driver.world;
        await this.api.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
        this.goalKey = key;
      }
      const t0 = performance.now();
      const r = await this.api.act(obs, executed);
      // A plan for an episode that has since ended would steer the new one wrong.
      if (key !== this.keyOf(this.driver.info.goal)) return;
      this.action = [r.action[0], r.action[1]];
      this.lastResult = r;
      this.planValue = r.plan;
      this.playing = r.plan ? { plan: r.plan, key, step: info.step } : null;
      this.planAt = { episode: this.driver.episodeRevision, step: info.step };
      this.stats.lastPlan = r.plan
        ? {
            K: r.plan.K,
            H: r.plan.H,
            method: r.plan.method,
            seenWallCells: r.plan.seenWalls ? r.plan.seenWalls.cells.filter((v) => v > 0.5).length : null,
            routeLength: r.plan.route ? r.plan.route.length : null,
          }
        : null;
      this.stats.plans++;
      this.plansInWindow++;
      this.stats.lastPlanMs = performance.now() - t0;
      this.messages.dismiss('agent-act');
    } catch (e) {
      if (e instanceof WorkerDied) return;
      this.stats.actErrors++;
      this.goalKey = '';
      this.messages.show({
        key: 'agent-act',
        kind: 'warning',
        title: 'The agent could not plan this step; it keeps its last action',
        lines: [(e as Error).message],
      });
      await new Promise((r) => this.win.setTimeout(r, 500));
    } finally {
      this.inFlight = false;
    }
  }

  private async flush(): Promise<void> {
    if (this.stateValue !== 'running' || this.pending.length === 0) return;
    // Consecutive batches continue one sequence: only skipped or lost frames start a new one.
    const frames = this.pending;
    this.pending = [];
    try {
      const batch = packTransitions(frames);
      await this.api.remember(transfer(batch, transferables(batch)));
      this.stats.framesSent += frames.length;
      this.stats.batchesSent++;
    } catch (e) {
      if (e instanceof WorkerDied) return;
      this.gap = true;
      this.messages.show({
        key: 'agent-remember',
        kind: 'warning',
        title: 'The agent could not store what it saw',
        lines: [(e as Error).message],
      });
    }
  }

  private async poll(): Promise<void> {
    if (this.stateValue !== 'running') return;
    try {
      this.status = await this.api.status();
      this.stats.plansPerSecond = (this.plansInWindow * 1000) / STATUS_EVERY_MS;
      this.plansInWindow = 0;
      this.listener.changed();
    } catch {
      // Death is reported by onDeath; a missed poll is retried next second.
    }
  }

  private async pollCurve(): Promise<void> {
    if (this.stateValue !== 'running') return;
    try {
      this.curve = await this.api.predictionErrorCurve();
    } catch {
      // Death is reported by onDeath; the next interval tries again.
    }
  }

  private async call(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      this.listener.changed();
    } catch (e) {
      if (e instanceof WorkerDied) return;
      this.messages.show({
        key: `agent-${what}`,
        kind: 'error',
        title: `The agent refused to change ${what}`,
        lines: [(e as Error).message],
      });
    }
  }

  private onEvent(e: AgentEvent): void {
    if (e.type === 'weights-rolled-back') {
      this.messages.show({
        key: 'agent-rollback',
        kind: 'warning',
        title: `A training step made the weights non-finite; rolled back to step ${e.step}`,
        lines: [e.message, 'Learning goes on from the last good weights.'],
      });
    }
    if (e.type === 'device-lost' && this.listener.fault && this.client) {
      const settings = this.client.settingsLog();
      this.retire();
      this.setState('starting');
      this.listener.fault({ kind: 'device-lost', backend: e.backend, reason: e.message, settings });
    } else if (e.type === 'device-lost') {
      this.messages.show({
        key: 'agent-device',
        kind: 'error',
        title: `The ${e.backend} device was lost; learning stopped`,
        lines: [e.message, 'Reload the page to start the agent again.'],
      });
    }
    this.listener.changed();
  }

  private onDeath(d: WorkerDied): void {
    if (this.stateValue === 'off') return;
    if (this.listener.fault && this.client) {
      const settings = this.client.settingsLog();
      const backend = this.report?.chosen ?? null;
      this.retire();
      this.setState('starting');
      this.listener.fault({ kind: 'worker-died', backend, reason: d.reason, settings });
      return;
    }
    for (const t of this.timers) this.win.clearInterval(t);
    this.timers = [];
    this.driver.setActionSource(null);
    this.action = [0, 0];
    this.setState('dead');
    this.messages.show({
      key: 'agent',
      kind: 'error',
      title: 'The agent stopped working; the keys still drive',
      lines: [d.reason, 'Reload the page to start a new agent.'],
    });
  }

  private setState(s: AgentState): void {
    this.stateValue = s;
    this.stats.state = s;
    this.listener.changed();
  }
}
