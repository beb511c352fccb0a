// The typed boundary between the page and the agent worker. Both sides import this file; it must stay
// free of tfjs and world code (backend-report.ts is plain data) so the page bundle never pulls tfjs in.

export {
  BACKEND_NAMES,
  type BackendName,
  type BackendOutcome,
  type BackendReport,
  isBackendName,
} from '../src/agent/tf/backend-report';

import type { PlanResult } from '../src/agent/plan/mode2';
import type { BackendName, BackendReport } from '../src/agent/tf/backend-report';
import type { Scenario } from '../src/world/schema';
import type { Observation } from '../src/world/types';
import type { WorldState } from '../src/world/world';

export interface ReadyOptions {
  /** Force a backend (URL `backend=`); if it cannot start, calibration chooses and the report says why. */
  backend?: BackendName;
  /** Seed for the agent's weights and its practice world. */
  seed?: number;
  /** Also calibrate software GPUs (SwiftShader): slow to start, so off unless you want the numbers. */
  calibrateSoftware?: boolean;
  /** Built-in scenario whose arena the model's probes are scaled to (default two-rooms). */
  scenario?: string;
}

/** Events the worker pushes to the page through a `comlink.proxy` listener. */
export type AgentEvent =
  | { type: 'device-lost'; backend: BackendName; reason: string; message: string }
  | { type: 'learning-error'; message: string }
  /** A training step wrote a non-finite weight; the learner went back to the weights before it. */
  | { type: 'weights-rolled-back'; step: number; message: string }
  | { type: 'practice-episode'; episode: number; steps: number };

/**
 * Transitions the page's world produced, as flat typed arrays so they cross with comlink.transfer
 * (build with packTransitions in workers/transitions.ts). Frame i is the observation before action i.
 */
export interface TransitionBatch {
  count: number;
  /** Observation image side and channels (CHW). */
  size: number;
  channels: number;
  proprioDim: number;
  actionDim: number;
  /** count * channels * size * size values in [0, 1]. */
  images: Float32Array;
  proprio: Float32Array;
  actions: Float32Array;
  /** Ground truth for the probes, world units: count * 2 each. */
  positions: Float32Array;
  goals: Float32Array;
  wallDistance: Float32Array;
  inHazard: Uint8Array;
  /** Intrinsic cost paid on each step, for the critic. */
  cost: Float32Array;
  /** 1 on the first frame after a world reset: no training sequence spans it. */
  episodeStart: Uint8Array;
}

export interface PracticeOptions {
  on: boolean;
  scenario?: string;
  seed?: number;
}

export interface LossSnapshot {
  /** The total training loss and each named term, as the learner reports them. */
  total: number;
  terms: Record<string, number>;
}

export interface AgentStatus {
  backend: BackendName | null;
  ready: boolean;
  /** Whether the backend has a working dataSync (null before ready): without it the agent learns but cannot plan. */
  syncReadback: boolean | null;
  learning: boolean;
  /** While the page acts, continuous learning takes at most one step per this many plans. */
  plansPerLearningStep: number;
  practice: { on: boolean; scenario: string | null; episodes: number; steps: number };
  memory: { size: number; capacity: number };
  trainSteps: number;
  /** Transitions added to memory per second (practice and remember), over the last few seconds. */
  samplesPerSecond: number;
  /** Training steps per second over the last few seconds. */
  stepsPerSecond: number;
  lastLoss: LossSnapshot | null;
  /** Live tensors in the worker's tfjs engine: flat over time when nothing leaks. */
  numTensors: number;
  /** Bytes those tensors hold (tf.memory().numBytes). */
  numBytes: number;
  /** The last error from continuous learning or practice, cleared by the next success. */
  lastError: string | null;
  /** Perception's health: spread of the latents of recently acted-on observations (null before any act). */
  encoderSpread?: EncoderSpread | null;
  /** The critic's last fit while learning (null until the actor has learned once). */
  critic?: CriticStatus | null;
  /** Which critic the actor plans with: learned online, or a trained file loaded by loadCritic. */
  criticModel?: CriticModelStatus | null;
}

/** The critic the actor holds, for the module diagram. */
export interface CriticModelStatus {
  /**
   * 'online': fitted by TD(lambda) on intrinsic costs from memory while learning is on;
   * 'trained': a temporal-distance critic file (npm run train:critic), frozen (never fitted here).
   */
  kind: 'online' | 'trained';
  /** One line, e.g. "trained offline, frozen (two-rooms.critic.json)". */
  note: string;
  /** Where a trained critic came from (the name given to loadCritic); null for the online one. */
  from: string | null;
  latentDim: number;
  hidden: number;
  gamma: number;
  /** A trained file's meta (training command, held-out error, ...); empty for the online critic. */
  meta: Record<string, string | number | boolean>;
}

/** loadCritic's verdict: what is in force now, or why nothing changed (the field named). */
export interface CriticLoadResult {
  ok: boolean;
  text: string;
}

/** resetModel's account of what it did. */
export interface ModelResetResult {
  /** One line for the page's message area. */
  note: string;
  /** The trained critic file that was unloaded (null: none was loaded). */
  criticUnloaded: string | null;
  /** Frames of short-term memory kept for the fresh model to learn from. */
  memoryKept: number;
}

/** Per-dimension standard deviation of recent encodings; all near 0 means a collapsed encoder. */
export interface EncoderSpread {
  /** Encodings the numbers are over (the most recent act calls). */
  samples: number;
  meanStd: number;
  minStd: number;
  maxStd: number;
  /** Dimensions whose std is below 0.01 (effectively dead). */
  deadDims: number;
  std: number[];
}

export interface CriticStatus {
  /** Mean absolute error of the critic's cost-to-go against its targets in its last fit. */
  error: number;
  /** Mean target in that fit (the error's scale). */
  target: number;
  fits: number;
}

/**
 * The compounding-error curve on the newest frames of short-term memory (src/agent/model/metrics.ts):
 * entry h-1 is the latent error h steps ahead, normalised by the spread between random frames.
 */
export type PredictionCurve =
  | {
      ok: true;
      /** Model rolled h steps on the real actions, h = 1..horizon. */
      model: number[];
      /** "Nothing changes" (s_h = s_0): the baseline a useful model beats. */
      static: number[];
      sequences: number;
      /** Memory frames the sequences were drawn from (the newest ones). */
      window: number;
      trainSteps: number;
      ms: number;
    }
  | { ok: false; reason: string };

export interface TrainReport {
  steps: number;
  losses: LossSnapshot[];
  ms: number;
}

/** What the actor decided for one observation. */
export interface ActResult {
  action: [number, number];
  /** The Mode-2 plan behind it (src/agent/plan/mode2.ts PlanResult): candidates' imagined trajectories, costs. */
  plan: PlanResult | null;
  /** Intrinsic cost paid on the step that led to this observation (0 on the first tick of an episode). */
  stepCost: number;
  ms: { perceive: number; plan: number };
}

/** ok: what was loaded (in place, or a model rebuilt for another config); else why nothing changed. */
export type LoadResult = { ok: true; note: string } | { ok: false; error: string };

/**
 * While the page is acting, continuous learning takes at most one world-model step per this many
 * plans (setLearning): a step blocks the worker's thread as long as two plans (docs/BENCHMARKS.md,
 * sessions 9-10), and unthrottled learning halved the plan rate (and the success rate) in the page.
 * The user trades plan rate against learning speed.
 */
export const PLANS_PER_LEARNING_STEP = { default: 2, min: 1, max: 16 } as const;
/** The most executed actions an act may report (more: the surprise check is skipped, as if unknown). */
export const MAX_EXECUTED_ACTIONS = 64;
/** The paces the Learning panel and the link's pace= offer. */
export const LEARNING_PACES = ['1', '2', '4', '8', '16'] as const;

export const ACTOR_MODE_NAMES = ['mode2', 'mode1', 'mode1+mode2'] as const;
export type ActorModeName = (typeof ACTOR_MODE_NAMES)[number];

/** What the page may change about planning; the rest of PlannerConfig keeps its defaults. */
export interface PlannerSettings {
  mode: ActorModeName;
  /** K: candidate sequences. */
  candidates: number;
  /** H: planned actions (free parameters) per candidate. */
  horizon: number;
  /**
   * World steps each planned action is held for (default 1): the model imagines horizon x
   * actionRepeat steps, a longer look-ahead for the same number of free actions.
   */
  actionRepeat?: number;
  iterations: number;
  lr: number;
  /** The learned critic's cost-to-go added at the horizon (it learns from memory while learning is on). */
  critic: boolean;
  /** The weight of that cost-to-go while `critic` is on (default 1). */
  criticWeight?: number;
}

/** A cost term's live weight as the page edits it (ids from src/agent/plan/cost-terms.ts). */
export interface CostPatch {
  weight?: number;
  enabled?: boolean;
  /** Named parameters of a built-in term (wall: margin, sharpness; speed: limit). */
  params?: Record<string, number>;
}

export interface CostTermView {
  id: string;
  label: string;
  weight: number;
  enabled: boolean;
}

/**
 * A way to make the worker misbehave on purpose, to test and demonstrate fault handling: 'throw' and
 * 'hang' kill it, 'device-lost' reports a lost GPU device as the backend would, 'nan' makes the next
 * training update write NaN into a weight (rolled back by the learner). 'die' ends the worker's thread
 * from inside (self.close()) right away, 'die-mid-plan' at the second imagined rollout from now, in
 * the middle of a plan (workers/liveness-faults.ts): deaths the page did not cause, to be noticed.
 */
export type FaultKind = 'throw' | 'hang' | 'device-lost' | 'nan' | 'die' | 'die-mid-plan';

/**
 * The agent worker's API. The worker exposes a class implementing this; the page holds
 * `Remote<AgentApi>` (see src/ui/agent-client.ts), whose calls reject with WorkerDied if the worker dies.
 */
export interface AgentApi {
  /** Starts tfjs (override or calibration) and builds the agent. Call once, before anything else. */
  ready(options: ReadyOptions): Promise<BackendReport>;
  /** Registers a listener (wrap it in comlink.proxy) for AgentEvents. */
  subscribe(listener: (event: AgentEvent) => void): Promise<void>;
  status(): Promise<AgentStatus>;
  /**
   * Continuous learning in small chunks that yield to the message loop between steps. While the
   * page acts, at most one step per `plansPerStep` plans (an integer 1..16; default 2): a step
   * blocks the worker about as long as two plans, so a higher pace plans more often and learns
   * slower. A bad pace rejects naming it, and nothing changes.
   */
  setLearning(on: boolean, plansPerStep?: number): Promise<AgentStatus>;
  /** Runs the worker's own World at full speed with the explorer, feeding memory. */
  setPractice(options: PracticeOptions): Promise<AgentStatus>;
  /** Adds transitions the page's world produced (send with comlink.transfer). Returns memory size. */
  remember(batch: TransitionBatch): Promise<number>;
  /** Runs n training steps now (yielding between steps) and returns their losses. */
  trainSteps(n: number): Promise<TrainReport>;
  /** The agent's weights and settings as bytes (transferred to the page). */
  saveCheckpoint(): Promise<Uint8Array>;
  /** Replaces the agent's weights; on any error the running agent is untouched. */
  loadCheckpoint(bytes: Uint8Array): Promise<LoadResult>;
  /**
   * Replaces the actor's critic with a trained "jepa-critic/1" file (src/agent/plan/critic-file.ts),
   * checked against the model's latent size. It is frozen: the online critic training skips it. A bad
   * file is refused naming the field, and the critic in force stays. `from` names it in the status.
   */
  loadCritic(text: string, from?: string): Promise<CriticLoadResult>;
  /**
   * Fresh random weights of the same config for the world model (encoder, predictor, probes) and its
   * optimiser, a new Mode-1 policy and online critic, and no trained critic (it read the old
   * encoder's latents). Short-term memory is kept. The actor is rebuilt: call startEpisode before act.
   */
  resetModel(): Promise<ModelResetResult>;
  /** Drops a trained critic file: the actor plans with a fresh online critic again. */
  unloadCritic(): Promise<CriticLoadResult>;
  /** Starts an episode for the actor: encodes the goal observation (the world seen from the goal). */
  startEpisode(goal: Observation, options?: { dt?: number }): Promise<void>;
  /**
   * Perceive and plan for one observation (Mode 2 through the learned model); does not store it in
   * memory. `executed`: the actions the world applied since the previous act, oldest first (at most
   * MAX_EXECUTED_ACTIONS), or null when unknown (keys, a drag); the agent checks its model's
   * prediction through them ("where the model was wrong"). Absent: one step, as in Node's eval loop.
   */
  act(obs: Observation, executed?: readonly (readonly [number, number])[] | null): Promise<ActResult>;
  /** Validated as a whole: an invalid field rejects with its name and the last good settings stay. */
  setPlanner(patch: Partial<PlannerSettings>): Promise<PlannerSettings>;
  /** Cost term weights/switches, validated as a whole like setPlanner. */
  setCost(patches: Record<string, CostPatch>): Promise<CostTermView[]>;
  /** The compounding-error curve (h = 1..16) on a few recent sequences from memory, with the static baseline. */
  predictionErrorCurve(): Promise<PredictionCurve>;
  /** Makes the worker fail: 'throw' raises an uncaught error, 'hang' blocks its thread for ms. */
  simulateFault(kind: FaultKind, ms?: number): Promise<void>;
  /**
   * The whole set of user formula terms (docs/formulas.md), compiled in the worker. A formula that
   * fails keeps the term's last good formula in force; ids not listed are removed. Next plan on.
   */
  setFormulaTerms(terms: FormulaTermSpec[]): Promise<FormulaTermStatus[]>;
  /** The cost of the agent being at each cell of a grid over the page's world (the heat map). */
  costMap(request: CostMapRequest): Promise<CostMap>;
}

/** A user-written cost term as the page edits it. */
export interface FormulaTermSpec {
  /** Also its key in the plan's breakdown; letters, digits, '-' and '_'. */
  id: string;
  source: string;
  weight: number;
  enabled: boolean;
}

export interface FormulaTermStatus {
  id: string;
  /** Why this source was refused ({start, end} index the source), or null when it is in force. */
  error: { message: string; start: number; end: number } | null;
  /** The source the planner uses now: this one, an earlier good one, or null (none yet). */
  active: string | null;
}

export interface CostMapRequest {
  /** The page's world, exactly: its scenario (plain data) and state (doors, boxes, goal). */
  scenario: Scenario;
  state: WorldState;
  obsSize: number;
  cols: number;
  rows: number;
}

export interface CostMap {
  cols: number;
  rows: number;
  /** Row-major cost per cell (y rows top to bottom); NaN where the agent does not fit. */
  values: Float32Array;
  ms: number;
}
