import { describe, expect, it } from 'vitest';
import { COST_PRESETS, COST_VALUE_KEYS, matchPreset, presetValues } from './cost-presets';
import { SETTINGS } from './settings';
import { checkSetting, defaults } from './settings-codec';

describe('cost presets', () => {
  it('balanced is exactly the settings defaults (what the agent was evaluated with)', () => {
    const d = defaults(SETTINGS);
    for (const k of COST_VALUE_KEYS) expect(COST_PRESETS.balanced.values[k], k).toBe(d[k]);
    expect(d.preset).toBe('balanced');
  });

  it('every preset value is valid for its settings row, so choosing one can never be refused', () => {
    for (const [name, p] of Object.entries(COST_PRESETS)) {
      for (const k of COST_VALUE_KEYS) {
        expect(checkSetting(k, SETTINGS[k], p.values[k]).ok, `${name}.${k}`).toBe(true);
      }
    }
  });

  it('says what each preset changes: cautious keeps clear and slow, hasty wants the goal, lazy saves effort', () => {
    const b = COST_PRESETS.balanced.values;
    const c = COST_PRESETS.cautious.values;
    expect(c.wallMargin).toBeGreaterThan(b.wallMargin);
    expect(c.wHazard).toBeGreaterThan(b.wHazard);
    expect(c.onSpeed).toBe(true);
    expect(COST_PRESETS.hasty.values.wGoal).toBeGreaterThan(b.wGoal);
    expect(COST_PRESETS.hasty.values.wEnergy).toBeLessThan(b.wEnergy);
    expect(COST_PRESETS['hazard-averse'].values.wHazard).toBeGreaterThan(c.wHazard);
    expect(COST_PRESETS.lazy.values.wEnergy).toBeGreaterThan(b.wEnergy);
  });

  it('names the preset that values match, and custom for any other mix', () => {
    for (const name of Object.keys(COST_PRESETS) as (keyof typeof COST_PRESETS)[]) {
      expect(matchPreset(presetValues(name)!)).toBe(name);
    }
    expect(matchPreset({ ...COST_PRESETS.cautious.values, wGoal: 1.5 })).toBe('custom');
    expect(presetValues('custom')).toBeNull();
  });
});
