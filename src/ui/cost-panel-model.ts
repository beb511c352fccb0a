// What the cost panel edits, as data: which settings rows drive which cost term (weight, switch,
// parameters), which rows hold the user formulas, and the arithmetic the panel shows (each term's
// share of the last plan's cost). No DOM: the panel and the app both read these tables.
import type { CostPatch, FormulaTermSpec } from '../../workers/agent-api';
import { COST_VALUE_KEYS, type CostValues } from './cost-presets';
import type { Settings } from './settings';

export interface TermParamRow {
  key: 'wallMargin' | 'speedLimit';
  /** The parameter's name in src/agent/plan/cost-terms.ts. */
  param: string;
  label: string;
  min: number;
  max: number;
}

export interface TermRow {
  /** The term id in src/agent/plan/cost-terms.ts and in a plan's breakdown. */
  id: string;
  label: string;
  weight:
    | 'wGoal'
    | 'wSteps'
    | 'wSurprise'
    | 'wSeenWall'
    | 'wRoute'
    | 'wEnergy'
    | 'wSmooth'
    | 'wHazard'
    | 'wWall'
    | 'wSpeed';
  on:
    | 'onGoal'
    | 'onSteps'
    | 'onSurprise'
    | 'onSeenWall'
    | 'onRoute'
    | 'onEnergy'
    | 'onSmooth'
    | 'onHazard'
    | 'onWall'
    | 'onSpeed';
  /** The slider's end; the link may hold more (up to the settings table's bound). */
  max: number;
  params: readonly TermParamRow[];
}

export const TERM_ROWS: readonly TermRow[] = [
  { id: 'goal', label: 'goal', weight: 'wGoal', on: 'onGoal', max: 10, params: [] },
  // Steps are tens where latent distance is ones: a tenth of goal's range.
  { id: 'goalSteps', label: 'goal via critic (steps)', weight: 'wSteps', on: 'onSteps', max: 1, params: [] },
  // Places where the model's prediction missed this episode (src/agent/memory/surprise.ts).
  {
    id: 'surprise',
    label: 'where the model was wrong',
    weight: 'wSurprise',
    on: 'onSurprise',
    max: 10,
    params: [],
  },
  // Imagined steps through the walls the model's wall map reads from the current observation.
  {
    id: 'seenWall',
    label: 'walls seen now',
    weight: 'wSeenWall',
    on: 'onSeenWall',
    max: 30,
    params: [],
  },
  // Metres still to go from each imagined position, around the walls of that same map.
  {
    id: 'route',
    label: 'route around seen walls',
    weight: 'wRoute',
    on: 'onRoute',
    max: 10,
    params: [],
  },
  { id: 'hazard', label: 'hazard', weight: 'wHazard', on: 'onHazard', max: 50, params: [] },
  {
    id: 'wall',
    label: 'walls',
    weight: 'wWall',
    on: 'onWall',
    max: 10,
    params: [{ key: 'wallMargin', param: 'margin', label: 'margin (m)', min: 0, max: 1.5 }],
  },
  {
    id: 'speed',
    label: 'speed',
    weight: 'wSpeed',
    on: 'onSpeed',
    max: 20,
    params: [{ key: 'speedLimit', param: 'limit', label: 'limit (m/s)', min: 0.1, max: 3 }],
  },
  { id: 'energy', label: 'energy', weight: 'wEnergy', on: 'onEnergy', max: 1, params: [] },
  { id: 'smooth', label: 'smooth', weight: 'wSmooth', on: 'onSmooth', max: 1, params: [] },
];

/** The critic's and the surprise memory's cost rows: the panel edits them, presets leave them be. */
export const CRITIC_COST_KEYS = [
  'wSteps',
  'onSteps',
  'wSurprise',
  'onSurprise',
  'wSeenWall',
  'onSeenWall',
  'wRoute',
  'onRoute',
] as const satisfies readonly (keyof Settings)[];

/** Every settings row the built-in cost terms use, for change detection. */
export const COST_KEYS = [...COST_VALUE_KEYS, ...CRITIC_COST_KEYS] as const;

export interface FormulaSlot {
  id: 'f1' | 'f2' | 'f3' | 'f4';
  weight: 'f1w' | 'f2w' | 'f3w' | 'f4w';
  on: 'f1on' | 'f2on' | 'f3on' | 'f4on';
}

export const FORMULA_SLOTS: readonly FormulaSlot[] = [
  { id: 'f1', weight: 'f1w', on: 'f1on' },
  { id: 'f2', weight: 'f2w', on: 'f2on' },
  { id: 'f3', weight: 'f3w', on: 'f3on' },
  { id: 'f4', weight: 'f4w', on: 'f4on' },
];

/** Every settings row the formulas use, for change detection. */
export const FORMULA_KEYS = FORMULA_SLOTS.flatMap((s) => [s.id, s.weight, s.on] as const);

/** The worker's cost patches for the built-in terms. */
export function costPatchesOf(s: Settings): Record<string, CostPatch> {
  const out: Record<string, CostPatch> = {};
  for (const row of TERM_ROWS) {
    const patch: CostPatch = { weight: s[row.weight], enabled: s[row.on] };
    if (row.params.length > 0) {
      patch.params = Object.fromEntries(row.params.map((p) => [p.param, s[p.key]]));
    }
    out[row.id] = patch;
  }
  return out;
}

/** The worker's formula terms: the slots that hold a formula, in slot order. */
export function formulaSpecsOf(s: Settings): FormulaTermSpec[] {
  return FORMULA_SLOTS.filter((slot) => s[slot.id].trim() !== '').map((slot) => ({
    id: slot.id,
    source: s[slot.id],
    weight: s[slot.weight],
    enabled: s[slot.on],
  }));
}

export function costValuesOf(s: Settings): CostValues {
  return Object.fromEntries(COST_VALUE_KEYS.map((k) => [k, s[k]])) as unknown as CostValues;
}

/** Everything the cost depends on, as one string: the heat map is stale when it changes. */
export function costKeyOf(s: Settings): string {
  return JSON.stringify([costValuesOf(s), CRITIC_COST_KEYS.map((k) => s[k]), formulaSpecsOf(s)]);
}

export interface TermShare {
  id: string;
  /** The term's contribution to the chosen plan's cost (weighted, summed over the horizon). */
  value: number;
  /** |value| over the sum of |value| of all terms: 0..1, sums to 1 when anything contributes. */
  share: number;
}

/**
 * Each term's share of the last plan's cost, largest first. Shares use magnitudes because a
 * formula may reward (a negative cost): "-vx" pulling the plan right is as much a part of the
 * decision as a positive cost pushing it.
 */
export function termShares(breakdown: Readonly<Record<string, number>>): TermShare[] {
  const entries = Object.entries(breakdown).filter(([, v]) => Number.isFinite(v));
  const total = entries.reduce((acc, [, v]) => acc + Math.abs(v), 0);
  return entries
    .map(([id, value]) => ({ id, value, share: total > 0 ? Math.abs(value) / total : 0 }))
    .sort((a, b) => b.share - a.share || a.id.localeCompare(b.id));
}
