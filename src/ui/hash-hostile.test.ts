// Hostile links: the settings hash from a stranger. For every setting of the app, values of the
// wrong type, out of range, huge or odd; then repeated keys, broken %-escapes, prototype keys and
// 100,000-character hashes. Each problem names the key (or the fragment) at fault, that key keeps its
// default, every other key is still applied, and nothing is thrown or polluted.
import { describe, expect, it } from 'vitest';
import { SETTINGS } from './settings';
import { decodeHash, defaults, encodeHash, MAX_HASH_LENGTH, type SettingSpec } from './settings-codec';

/** Raw (already %-decoded) values that are wrong for a setting of this kind and bounds. */
function badValues(spec: SettingSpec): [string, string][] {
  const common: [string, string][] = [
    ['empty', ''],
    ['prototype name', '__proto__'],
    ['a script', '<script>alert(1)</script>'],
    ['a zero-width space', '1\u200B'],
  ];
  switch (spec.kind) {
    case 'int':
      return [
        ...common,
        ['text', 'abc'],
        ['a fraction', '1.5'],
        ['exponent form', '1e3'],
        ['hex', '0x10'],
        ['NaN', 'NaN'],
        ['Infinity', 'Infinity'],
        ['400 digits', '9'.repeat(400)],
        ['below the minimum', String(spec.min - 1)],
        ['above the maximum', String(spec.max + 1)],
        ['true', 'true'],
      ];
    case 'number':
      return [
        ...common,
        ['text', 'abc'],
        ['NaN', 'NaN'],
        ['Infinity', 'Infinity'],
        ['-Infinity', '-Infinity'],
        ['1e999', '1e999'],
        ['two signs', '--1'],
        ['a comma', '1,5'],
        ['below the minimum', String(spec.min - 1)],
        ['above the maximum', String(spec.max + 1)],
        ['true', 'true'],
      ];
    case 'enum':
      return [
        ...common,
        ['unknown option', 'nope'],
        [
          'different case',
          spec.default.toUpperCase() === spec.default
            ? spec.default.toLowerCase() + 'x'
            : spec.default.toUpperCase(),
        ],
        ['with a space', ` ${spec.default}`],
        ['constructor', 'constructor'],
        ['a number', '42'],
      ];
    case 'bool':
      return [...common, ['yes', 'yes'], ['2', '2'], ['TRUE', 'TRUE'], ['on', 'on'], ['null', 'null']];
    case 'text':
      // Empty is the "no formula" value, and any text within the limit may be valid; only length and
      // the check can refuse, so the cases are those the check must catch.
      return [
        ['over the length limit', 'x'.repeat(spec.maxLength + 1)],
        ['unbalanced parenthesis', '(goal_dist'],
        ['a function call outside the whitelist', 'eval("1")'],
        ['member access', 'constructor.constructor'],
        ['__proto__ member', 'x.__proto__'],
        ['a statement', 'a; b'],
        ['an assignment', 'a = 1'],
      ];
  }
}

const KEYS = Object.keys(SETTINGS) as (keyof typeof SETTINGS)[];
const DEFAULTS = defaults(SETTINGS);

describe('hostile settings hashes', () => {
  const cases: { key: string; what: string; hash: string }[] = [];
  for (const key of KEYS) {
    for (const [what, raw] of badValues(SETTINGS[key] as SettingSpec)) {
      cases.push({ key, what, hash: `#${key}=${encodeURIComponent(raw)}` });
    }
  }

  it(`refuses ${cases.length} bad values, one key at a time: the problem names the key, the key keeps its default`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.hash)).size).toBe(cases.length);
    const wrong: string[] = [];
    for (const c of cases) {
      // A good value for another key rides along and must still be applied.
      const other = c.key === 'seed' ? 'trail=7' : 'seed=77';
      const d = decodeHash(SETTINGS, `${c.hash}&${other}`);
      if (d.problems.length !== 1 || !d.problems[0]!.startsWith(`${c.key}: `)) {
        wrong.push(`${c.key} = ${c.what}: problems ${JSON.stringify(d.problems).slice(0, 300)}`);
      }
      if ((d.values as Record<string, unknown>)[c.key] !== (DEFAULTS as Record<string, unknown>)[c.key]) {
        wrong.push(
          `${c.key} = ${c.what}: took ${String((d.values as Record<string, unknown>)[c.key]).slice(0, 40)}`,
        );
      }
      if (c.key === 'seed' ? d.values.trail !== 7 : d.values.seed !== 77)
        wrong.push(`${c.key} = ${c.what}: the good key was lost`);
      if (d.present.has(c.key as never)) wrong.push(`${c.key} = ${c.what}: marked present`);
      if (d.problems.some((p) => p.length > 400))
        wrong.push(`${c.key} = ${c.what}: a problem is ${d.problems[0]!.length} long`);
    }
    expect(wrong).toEqual([]);
  });

  const structural: [string, string, RegExp][] = [
    ['a repeated key', '#seed=5&seed=6', /seed: given more than once; the first value was kept/],
    ['a key repeated 1,000 times', `#${'K=3&'.repeat(1000)}`.slice(0, 3900), /K: given more than once/],
    ['a lone %', '#seed=%', /"seed=%" has broken %-escapes/],
    ['a truncated escape', '#seed=%E0%A4%A', /has broken %-escapes/],
    ['a non-hex escape', '#seed=%ZZ', /has broken %-escapes/],
    ['an escaped lone surrogate', '#seed=%ED%A0%80', /has broken %-escapes/],
    ['a broken escape in the key', '#se%GGed=1', /has broken %-escapes/],
    ['no =', '#seed', /"seed" is not of the form key=value/],
    ['an empty key', '#=5', /"=5" is not of the form key=value/],
    ['__proto__ as a key', '#__proto__=1', /unknown setting "__proto__"/],
    [
      '__proto__ with an object-ish value',
      '#__proto__[polluted]=1',
      /unknown setting "__proto__\[polluted\]"/,
    ],
    ['constructor as a key', '#constructor=1', /unknown setting "constructor"/],
    ['prototype as a key', '#prototype=1', /unknown setting "prototype"/],
    ['hasOwnProperty as a key', '#hasOwnProperty=1', /unknown setting "hasOwnProperty"/],
    ['toString as a key', '#toString=x', /unknown setting "toString"/],
    ['an escaped __proto__ key', '#%5F%5Fproto%5F%5F=1', /unknown setting "__proto__"/],
    ['a key with a zero-width space', '#se%E2%80%8Bed=1', /unknown setting "se\u200bed"/],
    ['a key in another case', '#SEED=1', /unknown setting "SEED"/],
    ['a key with a trailing space', '#seed%20=1', /unknown setting "seed "/],
    ['an emoji key', '#%F0%9F%A4%96=1', /unknown setting "🤖"/],
  ];

  it(`reports ${structural.length} malformed fragments by what they are, and applies the rest`, () => {
    for (const [what, hash, says] of structural) {
      const d = decodeHash(SETTINGS, `${hash}&trail=9`);
      expect(d.problems.join('\n'), what).toMatch(says);
      expect(d.values.trail, what).toBe(9);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('ignores a 100,000-character hash as a whole, saying how long it was', () => {
    for (const hash of [
      `#seed=${'1'.repeat(100_000)}`,
      `#${'K=3&'.repeat(25_000)}`,
      `#${'%'.repeat(MAX_HASH_LENGTH + 1)}`,
    ]) {
      const d = decodeHash(SETTINGS, hash);
      expect(d.problems).toHaveLength(1);
      expect(d.problems[0]).toMatch(
        new RegExp(
          `settings are ${hash.length - 1} characters long \\(limit ${MAX_HASH_LENGTH}\\); all of them were ignored`,
        ),
      );
      expect(d.values).toEqual(DEFAULTS);
    }
  });

  it('a link of every setting at its default still decodes to exactly the defaults (the corpus is one change away)', () => {
    const d = decodeHash(SETTINGS, encodeHash(SETTINGS, DEFAULTS));
    expect(d.problems).toEqual([]);
    expect(d.values).toEqual(DEFAULTS);
  });
});
