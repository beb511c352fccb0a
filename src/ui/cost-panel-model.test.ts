import { describe, expect, it } from 'vitest';
import { costKeyOf, costPatchesOf, costValuesOf, formulaSpecsOf, termShares } from './cost-panel-model';
import { matchPreset } from './cost-presets';
import { CRITIC_DEFAULTS } from './critic-defaults';
import { SETTINGS } from './settings';
import { decodeHash, defaults, encodeHash } from './settings-codec';

describe('cost settings -> worker', () => {
  it('sends every built-in term its weight, switch and parameters', () => {
    const s = { ...defaults(SETTINGS), wWall: 3, wallMargin: 0.4, onSpeed: true, speedLimit: 0.8 };
    const p = costPatchesOf(s);
    expect(Object.keys(p).sort()).toEqual([
      'energy',
      'goal',
      'goalSteps',
      'hazard',
      'route',
      'seenWall',
      'smooth',
      'speed',
      'surprise',
      'wall',
    ]);
    expect(p['surprise']).toEqual({
      weight: CRITIC_DEFAULTS.surpriseWeight,
      enabled: CRITIC_DEFAULTS.surpriseOn,
    });
    expect(p['seenWall']).toEqual({
      weight: CRITIC_DEFAULTS.seenWallWeight,
      enabled: CRITIC_DEFAULTS.seenWallOn,
    });
    expect(p['route']).toEqual({ weight: CRITIC_DEFAULTS.routeWeight, enabled: CRITIC_DEFAULTS.routeOn });
    expect(p['wall']).toEqual({ weight: 3, enabled: true, params: { margin: 0.4 } });
    expect(p['speed']).toEqual({ weight: 1, enabled: true, params: { limit: 0.8 } });
    expect(p['goal']).toEqual({ weight: CRITIC_DEFAULTS.goalWeight, enabled: true });
  });

  it('sends the goalSteps term its defaults; a preset leaves it as it is and the heat map goes stale', () => {
    const s = defaults(SETTINGS);
    expect(costPatchesOf(s)['goalSteps']).toEqual({
      weight: CRITIC_DEFAULTS.stepsWeight,
      enabled: CRITIC_DEFAULTS.stepsOn,
    });
    const on = { ...s, wSteps: 0.3, onSteps: true };
    expect(costPatchesOf(on)['goalSteps']).toEqual({ weight: 0.3, enabled: true });
    expect(costKeyOf(on)).not.toBe(costKeyOf(s));
    expect(matchPreset(costValuesOf(on))).toBe('balanced');
    const back = decodeHash(SETTINGS, encodeHash(SETTINGS, on));
    expect(back.values.wSteps).toBe(0.3);
    expect(back.values.onSteps).toBe(true);
  });

  it('sends only the formula slots that hold a formula', () => {
    const s = { ...defaults(SETTINGS), f2: 'relu(1 - x)^2', f2w: 2.5, f2on: false };
    expect(formulaSpecsOf(s)).toEqual([{ id: 'f2', source: 'relu(1 - x)^2', weight: 2.5, enabled: false }]);
    expect(costKeyOf(s)).not.toBe(costKeyOf(defaults(SETTINGS)));
  });
});

describe('formulas and cost rows in the link', () => {
  it('round-trip through the hash, formulas included', () => {
    const s = {
      ...defaults(SETTINGS),
      f1: 'smoothstep(3.5, 4, x) * (1 - y > 5)',
      f1w: 0.75,
      wHazard: 25,
      preset: 'hazard-averse' as const,
    };
    const back = decodeHash(SETTINGS, encodeHash(SETTINGS, s));
    expect(back.problems).toEqual([]);
    expect(back.values).toEqual(s);
  });

  it('a formula that does not parse is named with its key and position, and the default is used', () => {
    const d = decodeHash(SETTINGS, `#f1=${encodeURIComponent('relu(1 - xx)')}&wGoal=2`);
    expect(d.values.f1).toBe('');
    expect(d.values.wGoal).toBe(2);
    expect(d.problems).toEqual([`f1: unknown name 'xx' at 9; the default "" was used`]);
  });

  it('an over-long formula is refused by name', () => {
    const d = decodeHash(SETTINGS, `#f3=${'x+'.repeat(300)}x`);
    expect(d.values.f3).toBe('');
    expect(d.problems[0]).toMatch(/^f3: 601 characters is over the limit of 500/);
  });
});

describe('term shares', () => {
  it('splits the plan cost by magnitude, largest first; a reward counts by its size', () => {
    const s = termShares({ goal: 3, hazard: 1, f1: -1, energy: 0, critic: Number.NaN });
    expect(s.map((x) => x.id)).toEqual(['goal', 'f1', 'hazard', 'energy']);
    expect(s[0]?.share).toBeCloseTo(0.6);
    expect(s[1]?.share).toBeCloseTo(0.2);
    expect(s.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1);
    expect(termShares({ goal: 0 })[0]?.share).toBe(0);
  });
});
