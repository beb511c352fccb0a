// Owns the page's World and steps it every controlDt of world time with a fixed-step accumulator. The
// view reads snapshots from it and sends commands to it; it never steps the world itself. Which of
// those steps start a new plan is the agent's control rate (control-rate.ts, in agent-controller.ts).

import type { ViewHost } from '../view/view-host';
import { type Scenario, World } from '../world';
import type { Action, Observation, StepInfo, Vec2, WorldSnapshot } from '../world/types';
import type { Speed } from './settings';

/** Chooses the agent's action for the next step; the later agent worker plugs in here. */
export type ActionSource = (info: StepInfo, obs: Observation) => Action;

export interface SimDriverOptions {
  scenario: Scenario;
  seed: number;
  /** Observation side in pixels, passed to the World. */
  obsSize?: number;
  /** Milliseconds, monotonic; used only to budget stepping at maximum speed. */
  clock?: () => number;
  /** Time per frame that maximum speed may spend stepping. */
  maxSpeedBudgetMs?: number;
  trailLength?: number;
}

const SPEED_FACTOR: Record<Exclude<Speed, 'max'>, number> = { '1': 1, '4': 4 };
/** After a stall (tab in the background, a breakpoint) catch up at most this many control periods. */
const MAX_CATCH_UP_PERIODS = 5;
/** Even a very fast world stops here per frame, so a frame always ends. */
const MAX_STEPS_PER_FRAME = 5000;
const IDLE: Action = [0, 0];

export interface EpisodeEnd {
  episode: number;
  success: boolean;
  steps: number;
}

export class SimDriver implements ViewHost {
  private worldRef: World;
  private scenarioRef: Scenario;
  private seedValue: number;
  private readonly obsSize: number | undefined;
  private readonly clock: () => number;
  private readonly budgetMs: number;
  private acc = 0;
  private manual: Action | null = null;
  private source: ActionSource | null = null;
  private held = false;
  private lastStep: { info: StepInfo; obs: Observation };

  speed: Speed = '1';
  paused = false;
  trailLength: number;
  /** Episodes finished since the last restart, and how many reached the goal. */
  episodesDone = 0;
  successes = 0;
  /** Steps taken since the last restart, over all episodes. */
  totalSteps = 0;
  layoutRevision = 0;
  episodeRevision = 0;
  /** Bumped whenever the agent is put somewhere by hand: the steps before and after are not one run. */
  placements = 0;
  /** Called after each finished episode, before the next one starts. */
  onEpisodeEnd: ((end: EpisodeEnd) => void) | null = null;
  /** Called when the world refuses to close a door (the agent or a box is in the doorway). */
  onDoorRefused: ((id: string) => void) | null = null;
  /** Frame-exact recording steps the world itself (stepAwaiting): while true, advance() takes no steps. */
  externalClock = false;

  constructor(opts: SimDriverOptions) {
    this.scenarioRef = opts.scenario;
    this.seedValue = opts.seed;
    this.obsSize = opts.obsSize;
    this.clock = opts.clock ?? (() => performance.now());
    this.budgetMs = opts.maxSpeedBudgetMs ?? 10;
    this.trailLength = opts.trailLength ?? 90;
    this.worldRef = this.createWorld(opts.scenario, opts.seed);
    this.lastStep = { info: this.worldRef.info(), obs: this.worldRef.observe() };
  }

  get world(): World {
    return this.worldRef;
  }

  get scenario(): Scenario {
    return this.scenarioRef;
  }

  get seed(): number {
    return this.seedValue;
  }

  get info(): StepInfo {
    return this.lastStep.info;
  }

  get fastForward(): boolean {
    return this.speed === 'max' && !this.paused;
  }

  get manualControl(): boolean {
    return this.manual !== null;
  }

  snapshot(): WorldSnapshot {
    return this.worldRef.snapshot();
  }

  /** The keyboard's action; while set it replaces the agent's. */
  setManualAction(action: Action | null): void {
    this.manual = action;
  }

  setActionSource(source: ActionSource | null): void {
    this.source = source;
  }

  /**
   * Replaces the world (new scenario and/or seed), starting from episode 0. Throws, leaving the
   * running world untouched, if the world cannot be built from them.
   */
  load(scenario: Scenario, seed: number): void {
    const world = this.createWorld(scenario, seed);
    this.worldRef = world;
    this.scenarioRef = scenario;
    this.seedValue = seed;
    this.afterNewWorld();
  }

  /** Back to the start of the seed's first episode: the same thing a fresh page load shows. */
  restart(): void {
    this.load(this.scenarioRef, this.seedValue);
  }

  /** Abandons the episode (not counted as finished) and draws the next from the world's random stream. */
  nextEpisode(): void {
    this.beginNextEpisode();
  }

  /**
   * Advances by a frame's worth of real time. At 1x one control step per controlDt seconds, 4x
   * four times that; at max as many as fit in the frame budget. Returns the steps taken.
   */
  advance(frameSeconds: number): number {
    if (this.paused || this.held || this.externalClock || !(frameSeconds > 0)) {
      this.acc = 0;
      return 0;
    }
    if (this.speed === 'max') {
      this.acc = 0;
      const start = this.clock();
      let n = 0;
      do {
        this.stepOnce();
        n++;
      } while (n < MAX_STEPS_PER_FRAME && this.clock() - start < this.budgetMs);
      return n;
    }
    const dt = this.worldRef.controlDt;
    const factor = SPEED_FACTOR[this.speed];
    this.acc = Math.min(this.acc + frameSeconds * factor, dt * MAX_CATCH_UP_PERIODS * factor);
    let n = 0;
    // The tolerance keeps 6 frames of 1/60 s equal to one 0.1 s step despite rounding.
    while (this.acc >= dt - 1e-9) {
      this.acc -= dt;
      this.stepOnce();
      n++;
    }
    return n;
  }

  /** One control step with the keyboard's action if held, else the agent's, else none. */
  stepOnce(): StepInfo {
    const { info, obs } = this.lastStep;
    return this.take(this.manual ?? (this.source ? this.source(info, obs) : IDLE));
  }

  /**
   * One control step whose action may be awaited: frame-exact recording waits for the agent's plan
   * for exactly this observation (the keys, when held, still win), so no step uses a stale plan.
   */
  async stepAwaiting(decide: (info: StepInfo, obs: Observation) => Promise<Action>): Promise<StepInfo> {
    // A dragged agent stays where the hand puts it, as in advance().
    if (this.held) return this.lastStep.info;
    const { info, obs } = this.lastStep;
    const planned = this.manual ? null : await decide(info, obs);
    return this.take(this.manual ?? planned ?? IDLE);
  }

  private take(action: Action): StepInfo {
    this.lastStep = this.worldRef.step(action);
    this.totalSteps++;
    if (this.lastStep.info.done) this.finishEpisode(this.lastStep.info.success);
    return this.lastStep.info;
  }

  setGoal(p: Vec2): void {
    this.worldRef.setGoal(p);
    this.refreshInfo();
  }

  placeAgent(p: Vec2): void {
    this.placements++;
    this.worldRef.placeAgent(p);
    this.refreshInfo();
  }

  dragAgent(active: boolean): void {
    this.held = active;
  }

  /** Returns false when the world refused (closing the door would trap the agent or a box). */
  toggleDoor(id: string): boolean {
    const door = this.worldRef.snapshot().doors.find((d) => d.id === id);
    if (!door) return false;
    const ok = this.worldRef.setDoorOpen(id, !door.open);
    if (ok) this.layoutRevision++;
    else this.onDoorRefused?.(id);
    return ok;
  }

  /** Opens every door if any is closed, else closes them all (those that can close). */
  toggleAllDoors(): void {
    const doors = this.worldRef.snapshot().doors;
    const open = doors.some((d) => !d.open);
    for (const d of doors) {
      if (!this.worldRef.setDoorOpen(d.id, open)) this.onDoorRefused?.(d.id);
    }
    if (doors.length > 0) this.layoutRevision++;
  }

  private createWorld(scenario: Scenario, seed: number): World {
    return World.create(scenario, this.obsSize === undefined ? { seed } : { seed, obsSize: this.obsSize });
  }

  private finishEpisode(success: boolean): void {
    const info = this.lastStep.info;
    this.episodesDone++;
    if (success) this.successes++;
    this.onEpisodeEnd?.({ episode: this.worldRef.snapshot().episode, success, steps: info.step });
    this.beginNextEpisode();
  }

  private beginNextEpisode(): void {
    this.lastStep = this.worldRef.reset();
    this.layoutRevision++;
    this.episodeRevision++;
  }

  private afterNewWorld(): void {
    this.lastStep = { info: this.worldRef.info(), obs: this.worldRef.observe() };
    this.acc = 0;
    this.episodesDone = 0;
    this.successes = 0;
    this.totalSteps = 0;
    this.layoutRevision++;
    this.episodeRevision++;
  }

  private refreshInfo(): void {
    this.lastStep = { info: this.worldRef.info(), obs: this.worldRef.observe() };
  }
}
