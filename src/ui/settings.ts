// Every user-visible setting of the app, one row each. The URL hash, the controls and the defaults
// all come from this table; adding a setting is adding a row here.
import { LEARNING_PACES, PLANS_PER_LEARNING_STEP } from '../../workers/agent-api';
import { RENDERER_CHOICES } from '../view/renderer-choice';
import { BUILTIN_SCENARIOS } from '../world';
import { CONTROL_RATES } from './control-rate';
import { COST_PRESET_NAMES } from './cost-presets';
import { CRITIC_DEFAULTS } from './critic-defaults';
import { formulaProblem } from './formula-editor-check';
import {
  boolSetting,
  enumSetting,
  intSetting,
  numberSetting,
  type SettingsOf,
  textSetting,
} from './settings-codec';
import { SHIPPED_CHECKPOINTS } from './shipped-checkpoints';

export const SPEEDS = ['1', '4', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

export const AGENT_MODES = ['mode2', 'mode1', 'mode1+mode2'] as const;
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

export const SETTINGS = {
  scenario: enumSetting({ default: 'two-rooms', options: BUILTIN_SCENARIOS, label: 'Scenario' }),
  seed: intSetting({ default: 1, min: 0, max: 2_147_483_647, label: 'Seed' }),
  speed: enumSetting({
    default: '1',
    options: SPEEDS,
    label: 'Speed (control steps per real control period)',
  }),
  trail: intSetting({ default: 90, min: 0, max: 600, label: 'Trail length (steps)' }),
  agent: boolSetting({ default: true, label: 'The agent drives (off: keys only)' }),
  learn: boolSetting({ default: true, label: 'Learning from experience' }),
  // While the agent acts, one learning step per this many plans (workers/agent-api.ts): higher plans
  // more often (a step costs the worker about two plans), lower learns faster.
  pace: enumSetting({
    default: String(PLANS_PER_LEARNING_STEP.default) as '2',
    options: LEARNING_PACES,
    label: 'Plans per learning step while acting',
  }),
  practice: boolSetting({ default: false, label: 'Practice in a hidden world at full speed' }),
  // Which weights the agent starts from: the scenario's own shipped checkpoint, another one by name,
  // or none (fresh random weights; "Reset the model" sets this).
  ckpt: enumSetting({
    default: 'auto',
    options: ['auto', 'none', ...SHIPPED_CHECKPOINTS.map((c) => c.name)],
    label: 'Weights: a shipped checkpoint (auto: the scenario’s own; none: fresh)',
  }),
  mode: enumSetting({ default: 'mode2', options: AGENT_MODES, label: 'Actor mode' }),
  K: intSetting({ default: 16, min: 1, max: 256, label: 'K: candidate plans' }),
  H: intSetting({ default: 12, min: 2, max: 64, label: 'H: planned actions (x repeat = steps imagined)' }),
  // Each planned action held for this many world steps: H x repeat imagined steps, so the plan sees
  // past the dividing wall of two-rooms (docs/RESULTS.md, session 3: repeat 3 doubled the success rate).
  repeat: intSetting({ default: 3, min: 1, max: 8, label: 'Hold each planned action (world steps)' }),
  iters: intSetting({
    default: CRITIC_DEFAULTS.iterations,
    min: 0,
    max: 100,
    label: 'Gradient iterations per plan',
  }),
  lr: numberSetting({ default: 0.3, min: 0.001, max: 5, label: 'Plan step size (Adam learning rate)' }),
  // Decisions per second of world time (src/ui/control-rate.ts); max: whenever the worker is free.
  rate: enumSetting({ default: 'max', options: CONTROL_RATES, label: 'Control rate' }),
  critic: boolSetting({ default: CRITIC_DEFAULTS.criticOn, label: 'Critic (learned cost-to-go)' }),
  wGoal: numberSetting({ default: CRITIC_DEFAULTS.goalWeight, min: 0, max: 100, label: 'Cost weight: goal' }),
  wHazard: numberSetting({ default: 2, min: 0, max: 100, label: 'Cost weight: hazard' }),
  wWall: numberSetting({ default: 0.5, min: 0, max: 100, label: 'Cost weight: wall' }),
  wEnergy: numberSetting({ default: 0.02, min: 0, max: 100, label: 'Cost weight: energy' }),
  // The cost panel (src/ui/cost-panel.ts): the remaining built-in terms, every term's switch, two
  // term parameters, the preset last chosen, and up to four user formulas.
  wSmooth: numberSetting({ default: 0.02, min: 0, max: 100, label: 'Cost weight: smoothness' }),
  wSpeed: numberSetting({ default: 1, min: 0, max: 100, label: 'Cost weight: speed limit' }),
  onGoal: boolSetting({ default: true, label: 'Cost term on: goal' }),
  onEnergy: boolSetting({ default: true, label: 'Cost term on: energy' }),
  onSmooth: boolSetting({ default: true, label: 'Cost term on: smoothness' }),
  onHazard: boolSetting({ default: true, label: 'Cost term on: hazard' }),
  onWall: boolSetting({ default: true, label: 'Cost term on: wall clearance' }),
  onSpeed: boolSetting({ default: false, label: 'Cost term on: speed limit' }),
  // The goalSteps term reads the critic (a trained one ships with the checkpoint); presets leave it be.
  wSteps: numberSetting({
    default: CRITIC_DEFAULTS.stepsWeight,
    min: 0,
    max: 100,
    label: 'Cost weight: goal via critic (steps)',
  }),
  onSteps: boolSetting({ default: CRITIC_DEFAULTS.stepsOn, label: 'Cost term on: goal via critic (steps)' }),
  // The surprise term reads the agent's memory of where its model was wrong; presets leave it be.
  wSurprise: numberSetting({
    default: CRITIC_DEFAULTS.surpriseWeight,
    min: 0,
    max: 100,
    label: 'Cost weight: where the model was wrong',
  }),
  onSurprise: boolSetting({
    default: CRITIC_DEFAULTS.surpriseOn,
    label: 'Cost term on: where the model was wrong',
  }),
  // The seenWall term reads the model's wall map of the current observation; presets leave it be.
  wSeenWall: numberSetting({
    default: CRITIC_DEFAULTS.seenWallWeight,
    min: 0,
    max: 100,
    label: 'Cost weight: walls seen now',
  }),
  onSeenWall: boolSetting({
    default: CRITIC_DEFAULTS.seenWallOn,
    label: 'Cost term on: walls seen now',
  }),
  // The route term measures the way to the goal around that wall map; presets leave it be.
  wRoute: numberSetting({
    default: CRITIC_DEFAULTS.routeWeight,
    min: 0,
    max: 100,
    label: 'Cost weight: route around seen walls',
  }),
  onRoute: boolSetting({
    default: CRITIC_DEFAULTS.routeOn,
    label: 'Cost term on: route around seen walls',
  }),
  wallMargin: numberSetting({ default: 0.15, min: 0, max: 3, label: 'Wall clearance margin (m)' }),
  speedLimit: numberSetting({ default: 1, min: 0.05, max: 5, label: 'Speed limit (m/s)' }),
  preset: enumSetting({ default: 'balanced', options: COST_PRESET_NAMES, label: 'Cost preset' }),
  f1: textSetting({ default: '', maxLength: 500, label: 'Formula 1', check: formulaProblem }),
  f1w: numberSetting({ default: 1, min: 0, max: 100, label: 'Formula 1 weight' }),
  f1on: boolSetting({ default: true, label: 'Formula 1 on' }),
  f2: textSetting({ default: '', maxLength: 500, label: 'Formula 2', check: formulaProblem }),
  f2w: numberSetting({ default: 1, min: 0, max: 100, label: 'Formula 2 weight' }),
  f2on: boolSetting({ default: true, label: 'Formula 2 on' }),
  f3: textSetting({ default: '', maxLength: 500, label: 'Formula 3', check: formulaProblem }),
  f3w: numberSetting({ default: 1, min: 0, max: 100, label: 'Formula 3 weight' }),
  f3on: boolSetting({ default: true, label: 'Formula 3 on' }),
  f4: textSetting({ default: '', maxLength: 500, label: 'Formula 4', check: formulaProblem }),
  f4w: numberSetting({ default: 1, min: 0, max: 100, label: 'Formula 4 weight' }),
  f4on: boolSetting({ default: true, label: 'Formula 4 on' }),
  heatmap: boolSetting({ default: false, label: 'Cost heat map over the arena' }),
  autosave: intSetting({
    default: 60,
    min: 0,
    max: 3600,
    label: 'Autosave the weights to this browser every (s; 0 = off)',
  }),
  backend: enumSetting({
    default: 'auto',
    options: BACKEND_CHOICES,
    label: 'tfjs backend (reload to apply)',
  }),
  // auto: WebGL on a GPU, Canvas 2D where WebGL is a software rasteriser (src/view/renderer-choice.ts).
  draw: enumSetting({
    default: 'auto',
    options: RENDERER_CHOICES,
    label: 'World renderer: WebGL or Canvas 2D (reload to apply)',
  }),
} as const;

export type Settings = SettingsOf<typeof SETTINGS>;
export type SettingKey = keyof Settings;
