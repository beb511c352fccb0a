// Every user-visible setting of the app, one row each. The URL hash, the controls and the defaults
// all come from this table; adding a setting is adding a row here.
import { BUILTIN_SCENARIOS } from '../world';
import { enumSetting, intSetting, type SettingsOf } from './settings-codec';

export const SPEEDS = ['1', '4', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];

export const SETTINGS = {
  scenario: enumSetting({ default: 'two-rooms', options: BUILTIN_SCENARIOS, label: 'Scenario' }),
  seed: intSetting({ default: 1, min: 0, max: 2_147_483_647, label: 'Seed' }),
  speed: enumSetting({
    default: '1',
    options: SPEEDS,
    label: 'Speed (control steps per real control period)',
  }),
  trail: intSetting({ default: 90, min: 0, max: 600, label: 'Trail length (steps)' }),
} as const;

export type Settings = SettingsOf<typeof SETTINGS>;
export type SettingKey = keyof Settings;
