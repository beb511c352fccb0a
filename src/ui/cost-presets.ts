// The configurator's role, as data: named settings of the cost that make the same planner behave
// differently. Choosing one sets the cost panel's sliders and switches (and so the link); nothing
// else knows what a preset means. Values are the settings-table rows of src/ui/settings.ts.
import { CRITIC_DEFAULTS } from './critic-defaults';

export const COST_PRESET_NAMES = [
  'balanced',
  'cautious',
  'hasty',
  'hazard-averse',
  'lazy',
  'custom',
] as const;
export type CostPresetName = (typeof COST_PRESET_NAMES)[number];

/** The cost rows a preset sets: every built-in weight, switch and parameter (formulas are left alone). */
export interface CostValues {
  wGoal: number;
  wEnergy: number;
  wSmooth: number;
  wHazard: number;
  wWall: number;
  wSpeed: number;
  onGoal: boolean;
  onEnergy: boolean;
  onSmooth: boolean;
  onHazard: boolean;
  onWall: boolean;
  onSpeed: boolean;
  wallMargin: number;
  speedLimit: number;
}

export const COST_VALUE_KEYS = [
  'wGoal',
  'wEnergy',
  'wSmooth',
  'wHazard',
  'wWall',
  'wSpeed',
  'onGoal',
  'onEnergy',
  'onSmooth',
  'onHazard',
  'onWall',
  'onSpeed',
  'wallMargin',
  'speedLimit',
] as const satisfies readonly (keyof CostValues)[];

/** The defaults of cost-terms.ts: what the agent was trained and evaluated with. */
const BALANCED: CostValues = {
  wGoal: CRITIC_DEFAULTS.goalWeight,
  wEnergy: 0.02,
  wSmooth: 0.02,
  wHazard: 2,
  wWall: 0.5,
  wSpeed: 1,
  onGoal: true,
  onEnergy: true,
  onSmooth: true,
  onHazard: true,
  onWall: true,
  onSpeed: false,
  wallMargin: 0.15,
  speedLimit: 1,
};

export interface CostPreset {
  label: string;
  /** One line for the panel: what the agent will do differently. */
  description: string;
  values: CostValues;
}

export const COST_PRESETS: Readonly<Record<Exclude<CostPresetName, 'custom'>, CostPreset>> = {
  balanced: {
    label: 'balanced',
    description: 'the defaults: reach the goal, mind hazards and walls a little',
    values: BALANCED,
  },
  cautious: {
    label: 'cautious',
    description: 'keeps 0.4 m off walls, well clear of hazards, never faster than 0.8 m/s',
    values: {
      ...BALANCED,
      wHazard: 8,
      wWall: 3,
      wallMargin: 0.4,
      onSpeed: true,
      wSpeed: 4,
      speedLimit: 0.8,
    },
  },
  hasty: {
    label: 'hasty',
    description: 'the goal above all: full throttle, sharp turns, walls brushed',
    values: { ...BALANCED, wGoal: 3, wEnergy: 0.002, wSmooth: 0.002, wWall: 0.2, wallMargin: 0.05 },
  },
  'hazard-averse': {
    label: 'hazard-averse',
    description: 'a long way round rather than one step in a hazard',
    values: { ...BALANCED, wHazard: 25 },
  },
  lazy: {
    label: 'lazy',
    description: 'effort is dear: gentle, smooth pushes, even if the goal takes longer',
    values: { ...BALANCED, wEnergy: 0.4, wSmooth: 0.2 },
  },
};

export function presetValues(name: CostPresetName): CostValues | null {
  return name === 'custom' ? null : { ...COST_PRESETS[name].values };
}

/** The preset whose values these are exactly, or 'custom' (so a link names a preset only when it is one). */
export function matchPreset(values: CostValues): CostPresetName {
  for (const [name, p] of Object.entries(COST_PRESETS)) {
    if (COST_VALUE_KEYS.every((k) => p.values[k] === values[k])) return name as CostPresetName;
  }
  return 'custom';
}
