import { describe, expect, it } from 'vitest';
import {
  boolSetting,
  checkSetting,
  decodeHash,
  defaults,
  encodeHash,
  enumSetting,
  intSetting,
  MAX_HASH_LENGTH,
  numberSetting,
} from './settings-codec';

const TABLE = {
  scenario: enumSetting({ default: 'open', options: ['open', 'two-rooms', 'u trap'], label: 'Scenario' }),
  seed: intSetting({ default: 1, min: 0, max: 1000, label: 'Seed' }),
  weight: numberSetting({ default: 0.5, min: -2, max: 2, label: 'Weight' }),
  trail: boolSetting({ default: true, label: 'Trail' }),
} as const;

describe('settings hash codec', () => {
  it('round-trips every kind of value, including ones that need escaping', () => {
    const values = { scenario: 'u trap' as const, seed: 7, weight: -0.1 + 0.2 * 3, trail: false };
    const hash = encodeHash(TABLE, values);
    expect(hash).toBe('#scenario=u%20trap&seed=7&weight=' + String(values.weight) + '&trail=false');
    const back = decodeHash(TABLE, hash);
    expect(back.problems).toEqual([]);
    expect(back.values).toEqual(values);
    expect([...back.present].sort()).toEqual(['scenario', 'seed', 'trail', 'weight']);
  });

  it('fills missing keys with defaults and reports nothing for an empty hash', () => {
    for (const h of ['', '#', '#&&']) {
      const d = decodeHash(TABLE, h);
      expect(d.problems).toEqual([]);
      expect(d.values).toEqual(defaults(TABLE));
    }
    const partial = decodeHash(TABLE, '#seed=9');
    expect(partial.values).toEqual({ ...defaults(TABLE), seed: 9 });
    expect([...partial.present]).toEqual(['seed']);
  });

  it('accepts the other spellings of booleans and numbers', () => {
    const d = decodeHash(TABLE, '#trail=0&weight=.25&seed=+3');
    expect(d.problems).toEqual([]);
    expect(d.values).toMatchObject({ trail: false, weight: 0.25, seed: 3 });
    expect(decodeHash(TABLE, '#weight=1e-3').values.weight).toBe(0.001);
  });

  const bad: [string, RegExp][] = [
    ['#colour=red', /unknown setting "colour"/],
    ['#seed=abc', /^seed: "abc" is not a whole number; the default 1 was used$/],
    ['#seed=2.5', /^seed: "2.5" is not a whole number/],
    ['#seed=', /^seed: "" is not a whole number/],
    ['#seed=1001', /^seed: 1001 is outside 0..1000/],
    ['#seed=-1', /^seed: -1 is outside 0..1000/],
    ['#seed=99999999999999999999999', /^seed: .* is outside 0..1000/],
    ['#weight=NaN', /^weight: "NaN" is not a number/],
    ['#weight=Infinity', /^weight: "Infinity" is not a number/],
    ['#weight=0x10', /^weight: "0x10" is not a number/],
    ['#weight=1e999', /^weight: Infinity is not a finite number/],
    ['#scenario=mars', /^scenario: "mars" is not one of open, two-rooms, u trap/],
    ['#scenario=__proto__', /^scenario: "__proto__" is not one of/],
    ['#trail=yes', /^trail: "yes" is not true or false/],
    ['#justgarbage', /"justgarbage" is not of the form key=value/],
    ['#=5', /"=5" is not of the form key=value/],
    ['#seed=%E0%A4%A', /"seed=%E0%A4%A" has broken %-escapes/],
    ['#__proto__=1', /unknown setting "__proto__"/],
    ['#constructor=1', /unknown setting "constructor"/],
    ['#seed=3&seed=4', /^seed: given more than once; the first value was kept$/],
  ];
  for (const [hash, message] of bad) {
    it(`reports ${hash} by name and keeps the default for it`, () => {
      const d = decodeHash(TABLE, hash);
      expect(d.problems).toHaveLength(1);
      expect(d.problems[0]).toMatch(message);
      if (!hash.includes('seed=3&seed=4')) expect(d.values).toEqual(defaults(TABLE));
    });
  }

  it('applies the good keys of a hash that also has bad ones', () => {
    const d = decodeHash(TABLE, '#seed=5&weight=banana&bogus=1&scenario=two-rooms');
    expect(d.values).toEqual({ ...defaults(TABLE), seed: 5, scenario: 'two-rooms' });
    expect(d.problems).toHaveLength(2);
    expect(d.problems[0]).toMatch(/^weight:/);
    expect(d.problems[1]).toMatch(/"bogus"/);
  });

  it('refuses a huge hash whole, saying how long it was, and quotes long values shortened', () => {
    const huge = '#seed=' + '7'.repeat(MAX_HASH_LENGTH + 10);
    const d = decodeHash(TABLE, huge);
    expect(d.values).toEqual(defaults(TABLE));
    expect(d.problems).toEqual([expect.stringMatching(/4015 characters long \(limit 4000\)/)]);
    const long = decodeHash(TABLE, '#scenario=' + 'x'.repeat(500));
    expect(long.problems[0]!.length).toBeLessThan(200);
  });

  it('checks values from controls with the same rules', () => {
    expect(checkSetting('seed', TABLE.seed, 12)).toEqual({ ok: true, value: 12 });
    expect(checkSetting('seed', TABLE.seed, 1.5)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/seed: 1.5 is not a whole/),
    });
    expect(checkSetting('seed', TABLE.seed, 5000)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/outside 0..1000/),
    });
    expect(checkSetting('scenario', TABLE.scenario, 'mars')).toMatchObject({ ok: false });
    expect(checkSetting('trail', TABLE.trail, 'yes')).toMatchObject({ ok: false });
  });
});
