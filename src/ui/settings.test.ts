import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '../world';
import { SETTINGS } from './settings';
import { checkSetting, decodeHash, defaults, encodeHash } from './settings-codec';

describe('the app settings table', () => {
  it('has a default that passes its own checks in every row', () => {
    for (const [key, spec] of Object.entries(SETTINGS)) {
      expect(checkSetting(key, spec, spec.default), key).toEqual({ ok: true, value: spec.default });
    }
  });

  it('offers exactly the built-in scenarios', () => {
    expect(SETTINGS.scenario.options).toEqual(BUILTIN_SCENARIOS);
  });

  it('round-trips the defaults and the example link from the docs', () => {
    const d = defaults(SETTINGS);
    expect(decodeHash(SETTINGS, encodeHash(SETTINGS, d))).toMatchObject({ values: d, problems: [] });
    const link = decodeHash(SETTINGS, '#scenario=two-rooms&seed=7&speed=4');
    expect(link.problems).toEqual([]);
    expect(link.values).toEqual({ ...d, scenario: 'two-rooms', seed: 7, speed: '4' });
    expect(decodeHash(SETTINGS, '#lr=0.05').values.lr).toBe(0.05);
    expect(
      encodeHash(SETTINGS, link.values).startsWith('#scenario=two-rooms&seed=7&speed=4&trail=90&agent=true'),
    ).toBe(true);
  });

  it('reports a bad value of each app key by name', () => {
    for (const [key, bad] of [
      ['scenario', 'mars'],
      ['seed', '-5'],
      ['speed', '8'],
      ['trail', 'lots'],
      ['lr', '0'],
      ['lr', 'fast'],
      ['rate', '3'],
      ['rate', '0'],
      ['ckpt', 'moon'],
    ] as const) {
      const d = decodeHash(SETTINGS, `#${key}=${bad}`);
      expect(d.problems).toHaveLength(1);
      expect(d.problems[0]!.startsWith(`${key}: `)).toBe(true);
      expect(d.values).toEqual(defaults(SETTINGS));
    }
  });

  it('keeps the control rate and the shipped checkpoint in the link, and names a bad one', () => {
    const d = decodeHash(SETTINGS, '#rate=2&ckpt=hazards');
    expect(d.problems).toEqual([]);
    expect(d.values).toMatchObject({ rate: '2', ckpt: 'hazards' });
    expect(encodeHash(SETTINGS, d.values)).toMatch(/&rate=2&/);
    expect(decodeHash(SETTINGS, encodeHash(SETTINGS, d.values)).values).toEqual(d.values);
    expect(SETTINGS.ckpt.options).toEqual(expect.arrayContaining(['auto', 'none', 'two-rooms', 'hazards']));
    expect(decodeHash(SETTINGS, '#rate=fast').problems).toEqual([
      'rate: "fast" is not one of max, 10, 5, 2, 1, 0.5; the default max was used',
    ]);
    expect(decodeHash(SETTINGS, '#ckpt=../two-rooms').problems[0]).toMatch(
      /^ckpt: "..\/two-rooms" is not one of auto, none, .*hazards.*; the default auto was used$/,
    );
  });
});
