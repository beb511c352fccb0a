// Every user-visible setting of the app, one row each. The URL hash, the controls and the defaults
// all come from this table; adding a setting is adding a row here.
import { BUILTIN_SCENARIOS } from '../world';
import { boolSetting, enumSetting, intSetting, numberSetting, type SettingsOf } from './settings-codec';

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
  practice: boolSetting({ default: false, label: 'Practice in a hidden world at full speed' }),
  mode: enumSetting({ default: 'mode2', options: AGENT_MODES, label: 'Actor mode' }),
  K: intSetting({ default: 16, min: 1, max: 256, label: 'K: candidate plans' }),
  H: intSetting({ default: 12, min: 2, max: 64, label: 'H: steps imagined ahead' }),
  iters: intSetting({ default: 5, min: 0, max: 100, label: 'Gradient iterations per plan' }),
  critic: boolSetting({ default: false, label: 'Critic (learned cost-to-go)' }),
  wGoal: numberSetting({ default: 1, min: 0, max: 100, label: 'Cost weight: goal' }),
  wHazard: numberSetting({ default: 2, min: 0, max: 100, label: 'Cost weight: hazard' }),
  wWall: numberSetting({ default: 0.5, min: 0, max: 100, label: 'Cost weight: wall' }),
  wEnergy: numberSetting({ default: 0.02, min: 0, max: 100, label: 'Cost weight: energy' }),
  backend: enumSetting({
    default: 'auto',
    options: BACKEND_CHOICES,
    label: 'tfjs backend (reload to apply)',
  }),
} as const;

export type Settings = SettingsOf<typeof SETTINGS>;
export type SettingKey = keyof Settings;
