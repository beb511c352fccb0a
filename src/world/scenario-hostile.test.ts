// Hostile scenario files: several hundred distinct bad inputs, generated field by field, plus the
// shapes of attack that a file from a stranger can take (prototype keys, huge or deeply nested
// values, numbers JSON cannot hold, odd unicode, truncation). Each must be refused with a message
// that names the field (or the line and column), never throw, and leave nothing changed behind.
import { describe, expect, it } from 'vitest';
import { formatPath, parseScenario, parseScenarioText, SCENARIO_FORMAT } from './schema';
import { World } from './world';

const BASE = {
  format: SCENARIO_FORMAT,
  name: 'hostile-base',
  description: 'a valid scenario every case starts from',
  arena: { width: 10, height: 10 },
  agent: { radius: 0.3, maxAccel: 10, damping: 4 },
  physics: { controlDt: 0.1, substeps: 6 },
  episode: { maxSteps: 200, successRadius: 0.5, minStartGoalDistance: 2 },
  walls: [{ x: 4.8, y: 0, w: 0.4, h: 10, door: { id: 'd1', width: 1.5, at: 5, open: true } }],
  hazards: [
    { shape: 'rect', x: 1, y: 7, w: 1, h: 1 },
    { shape: 'circle', x: 8, y: 8, r: 0.5 },
  ],
  boxes: [{ id: 'b1', x: 2, y: 2, w: 0.5, h: 0.5, angle: 0, density: 1, damping: 5 }],
  spawns: [{ start: { x: 0.5, y: 0.5, w: 3, h: 3 }, goal: { x: 6, y: 6, w: 3, h: 3 }, weight: 1 }],
  layouts: [{ name: 'alt', walls: [], hazards: [], boxes: [] }],
  layoutChoice: 'random',
};
const BASE_TEXT = JSON.stringify(BASE, null, 2);
const clone = (): Record<string, unknown> => JSON.parse(BASE_TEXT);
type Path = (string | number)[];

function setAt(obj: Record<string, unknown>, path: Path, value: unknown): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path.at(-1)!] = value;
}

function deleteAt(obj: Record<string, unknown>, path: Path): void {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  delete o[path.at(-1)!];
}

/** Numeric fields: every one has bounds, so each of these is wrong for every one of them. */
const NUMBER_FIELDS: Path[] = [
  ['arena', 'width'],
  ['arena', 'height'],
  ['agent', 'radius'],
  ['agent', 'maxAccel'],
  ['agent', 'damping'],
  ['physics', 'controlDt'],
  ['physics', 'substeps'],
  ['episode', 'maxSteps'],
  ['episode', 'successRadius'],
  ['episode', 'minStartGoalDistance'],
  ['walls', 0, 'x'],
  ['walls', 0, 'y'],
  ['walls', 0, 'w'],
  ['walls', 0, 'h'],
  ['walls', 0, 'door', 'width'],
  ['hazards', 0, 'x'],
  ['hazards', 0, 'w'],
  ['hazards', 1, 'r'],
  ['boxes', 0, 'x'],
  ['boxes', 0, 'h'],
  ['boxes', 0, 'angle'],
  ['boxes', 0, 'density'],
  ['boxes', 0, 'damping'],
  ['spawns', 0, 'start', 'x'],
  ['spawns', 0, 'start', 'w'],
  ['spawns', 0, 'goal', 'y'],
  ['spawns', 0, 'goal', 'h'],
  ['spawns', 0, 'weight'],
];
/** [label, JSON text of the value]: text, because 1e999 (Infinity) only exists as JSON text. */
const BAD_NUMBERS: [string, string][] = [
  ['null', 'null'],
  ['a numeric string', '"5"'],
  ['the string NaN', '"NaN"'],
  ['the string Infinity', '"Infinity"'],
  ['true', 'true'],
  ['an array', '[1]'],
  ['an object', '{"value": 1}'],
  ['1e999 (Infinity)', '1e999'],
  ['-1e999 (-Infinity)', '-1e999'],
  ['1e308', '1e308'],
  ['-5000', '-5000'],
];
/** Ids and the scenario's name: letters, digits, "_" and "-" only. */
const STRING_FIELDS: Path[] = [['name'], ['walls', 0, 'door', 'id'], ['boxes', 0, 'id']];
const BAD_STRINGS: [string, string][] = [
  ['null', 'null'],
  ['a number', '5'],
  ['an array', '["a"]'],
  ['an object', '{}'],
  ['empty', '""'],
  ['100,000 characters', JSON.stringify('x'.repeat(100_000))],
];
/** Names and ids take letters, digits, "_" and "-" only: each of these must be refused by name. */
const ODD_UNICODE: [string, string][] = [
  ['right-to-left override', '"abc\\u202Eexe"'],
  ['zero-width space', '"a\\u200Bb"'],
  ['zero-width joiner', '"a\\u200Db"'],
  ['byte order mark', '"\\uFEFFname"'],
  ['lone high surrogate', '"a\\uD800b"'],
  ['lone low surrogate', '"a\\uDC00b"'],
  ['emoji', '"robot\\uD83E\\uDD16"'],
  ['NUL character', '"a\\u0000b"'],
  ['newline', '"a\\nb"'],
  ['Cyrillic look-alike', '"\\u0430gent"'],
  ['path traversal', '"../../etc/passwd"'],
  ['HTML', '"<img src=x onerror=alert(1)>"'],
];

interface Case {
  what: string;
  text: string;
  /** Each must appear in one error line. */
  expect: string[];
}

function withValue(path: Path, valueText: string): string {
  const o = clone();
  const marker = '"__HOSTILE_VALUE__"';
  setAt(o, path, '__HOSTILE_VALUE__');
  return JSON.stringify(o).replace(marker, valueText);
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const path of NUMBER_FIELDS) {
    for (const [label, v] of BAD_NUMBERS) {
      // The angle of a box may be any finite number within bounds: -5000 is out of them too.
      out.push({
        what: `${formatPath(path)} = ${label}`,
        text: withValue(path, v),
        expect: [formatPath(path)],
      });
    }
  }
  for (const path of STRING_FIELDS) {
    for (const [label, v] of [...BAD_STRINGS, ...ODD_UNICODE]) {
      out.push({
        what: `${formatPath(path)} = ${label}`,
        text: withValue(path, v),
        expect: [formatPath(path)],
      });
    }
  }
  // A layout's name is display text: any printable text, but nothing that hides or reorders it.
  const hidden = new Set(['emoji', 'Cyrillic look-alike', 'path traversal', 'HTML']);
  for (const [label, v] of [...BAD_STRINGS, ...ODD_UNICODE.filter(([l]) => !hidden.has(l))]) {
    const path = ['layouts', 0, 'name'];
    out.push({
      what: `${formatPath(path)} = ${label}`,
      text: withValue(path, v),
      expect: [formatPath(path)],
    });
  }
  const required: Path[] = [
    ['format'],
    ['name'],
    ['spawns'],
    ['spawns', 0, 'start'],
    ['spawns', 0, 'goal'],
    ['spawns', 0, 'start', 'x'],
    ['spawns', 0, 'goal', 'w'],
    ['walls', 0, 'x'],
    ['walls', 0, 'h'],
    ['walls', 0, 'door', 'id'],
    ['walls', 0, 'door', 'width'],
    ['walls', 0, 'door', 'at'],
    ['hazards', 0, 'shape'],
    ['hazards', 1, 'r'],
    ['boxes', 0, 'id'],
    ['boxes', 0, 'w'],
    ['layouts', 0, 'name'],
  ];
  for (const path of required) {
    const o = clone();
    deleteAt(o, path);
    out.push({ what: `missing ${formatPath(path)}`, text: JSON.stringify(o), expect: [formatPath(path)] });
  }
  const huge: [string, Path, number, unknown][] = [
    ['501 walls', ['walls'], 501, { x: 1, y: 1, w: 0.1, h: 0.1 }],
    ['501 hazards', ['hazards'], 501, { shape: 'circle', x: 1, y: 1, r: 0.1 }],
    ['51 boxes', ['boxes'], 51, null],
    ['101 spawns', ['spawns'], 101, BASE.spawns[0]],
    ['101 layouts', ['layouts'], 101, { name: 'x' }],
    ['100,000 walls', ['walls'], 100_000, { x: 1, y: 1, w: 0.1, h: 0.1 }],
    ['501 walls in a layout', ['layouts', 0, 'walls'], 501, { x: 1, y: 1, w: 0.1, h: 0.1 }],
  ];
  for (const [what, path, n, item] of huge) {
    const o = clone();
    const items = Array.from({ length: n }, (_, i) => item ?? { id: `b${i}`, x: 5, y: 5, w: 0.1, h: 0.1 });
    setAt(o, path, items);
    const text = JSON.stringify(o);
    const tooLong = text.length > 2_000_000;
    out.push({ what, text, expect: tooLong ? ['(root)', 'allowed'] : [formatPath(path), 'at most'] });
  }
  for (const depth of [10, 1000, 100_000]) {
    for (const path of [['walls'], ['arena'], ['spawns', 0, 'start']] as Path[]) {
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      out.push({
        what: `${formatPath(path)} nested ${depth} deep`,
        text: withValue(path, nested),
        expect: depth > 10_000 ? [''] : [formatPath(path)],
      });
    }
  }
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    for (const path of [
      [],
      ['arena'],
      ['agent'],
      ['walls', 0],
      ['walls', 0, 'door'],
      ['spawns', 0, 'start'],
    ] as Path[]) {
      const o = clone();
      let target: object = o;
      for (const k of path) target = (target as Record<string | number, object>)[k]!;
      // JSON.parse makes "__proto__" an own key; the file is built as text to do the same.
      Object.defineProperty(target, key, { value: { polluted: true, isAdmin: true }, enumerable: true });
      out.push({
        what: `${key} key at ${formatPath(path)}`,
        text: JSON.stringify(o),
        expect: [`unknown key "${key}"`],
      });
    }
  }
  for (let cut = 1; cut < BASE_TEXT.length; cut += Math.ceil(BASE_TEXT.length / 40)) {
    out.push({
      what: `truncated at ${cut} characters`,
      text: BASE_TEXT.slice(0, cut),
      expect: ['JSON syntax error'],
    });
  }
  const roots: [string, string, string][] = [
    ['empty file', '', 'JSON syntax error'],
    ['only whitespace', '  \n ', 'JSON syntax error'],
    ['null', 'null', '(root)'],
    ['an array', '[]', '(root)'],
    ['a string', '"scenario"', '(root)'],
    ['a number', '42', '(root)'],
    ['NaN literal', '{"format": NaN}', 'JSON syntax error'],
    ['Infinity literal', '{"arena": {"width": Infinity}}', 'JSON syntax error'],
    ['comments', '// a scenario\n{}', 'JSON syntax error'],
    ['trailing comma', '{"name": "a",}', 'JSON syntax error'],
    ['single quotes', "{'name': 'a'}", 'JSON syntax error'],
    ['wrong format version', BASE_TEXT.replace(SCENARIO_FORMAT, 'jepa-scenario/2'), 'format'],
    [
      'format with a zero-width space',
      BASE_TEXT.replace(SCENARIO_FORMAT, `${SCENARIO_FORMAT}\u200B`),
      'format',
    ],
    ['2,000,001 characters', `${' '.repeat(2_000_001)}{}`, 'more than the 2000000 allowed'],
    [
      'unknown top-level key',
      BASE_TEXT.replace('"layoutChoice"', '"gravity": 9.8, "layoutChoice"'),
      'unknown key "gravity"',
    ],
    // Out of range, negative, a fraction.
    ...[7, -1, 0.5].map((v): [string, string, string] => [
      `layoutChoice ${v}`,
      BASE_TEXT.replace('"layoutChoice": "random"', `"layoutChoice": ${v}`),
      'layoutChoice',
    ]),
    ['hazard of an unknown shape', BASE_TEXT.replace('"shape": "rect"', '"shape": "triangle"'), 'hazards[0]'],
    ['door wider than its wall', BASE_TEXT.replace('"width": 1.5', '"width": 11'), 'walls[0].door.width'],
    ['duplicate ids', BASE_TEXT.replace('"id": "b1"', '"id": "d1"'), 'duplicate id "d1"'],
    ['agent larger than the arena', BASE_TEXT.replace('"radius": 0.3', '"radius": 6'), 'agent.radius'],
  ];
  for (const [what, text, frag] of roots) out.push({ what, text, expect: [frag] });
  return out;
}

describe('hostile scenario files', () => {
  const corpus = cases();

  it('the base scenario is valid (every case is one change away from a good file)', () => {
    const r = parseScenarioText(BASE_TEXT);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it(`refuses ${corpus.length} distinct bad files, each with an error naming the field or position`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(new Set(corpus.map((c) => c.text)).size).toBe(corpus.length);
    const world = World.create(parseOk(BASE_TEXT), { seed: 1, obsSize: 16 });
    const before = JSON.stringify(world.snapshot());
    const wrong: string[] = [];
    for (const c of corpus) {
      let r: ReturnType<typeof parseScenarioText>;
      try {
        r = parseScenarioText(c.text);
      } catch (e) {
        wrong.push(`${c.what}: threw ${(e as Error).message}`);
        continue;
      }
      if (r.ok) {
        wrong.push(`${c.what}: accepted`);
        continue;
      }
      if (!c.expect.every((frag) => r.errors.some((line) => line.includes(frag)))) {
        wrong.push(
          `${c.what}: errors ${JSON.stringify(r.errors.slice(0, 3))} lack ${JSON.stringify(c.expect)}`,
        );
      }
      if (r.errors.some((line) => line.length > 2000))
        wrong.push(`${c.what}: an error line is ${r.errors[0]!.length} long`);
    }
    expect(wrong).toEqual([]);
    // Nothing leaked into the running world or into every object's prototype.
    expect(JSON.stringify(world.snapshot())).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('refuses non-JSON values handed to the validator directly (NaN, Infinity, getters, cycles) without throwing', () => {
    const bad: [string, unknown][] = [
      ['NaN width', { ...clone(), arena: { width: Number.NaN, height: 10 } }],
      ['Infinity height', { ...clone(), arena: { width: 10, height: Number.POSITIVE_INFINITY } }],
      ['a function', { ...clone(), name: () => 'x' }],
      ['a symbol', { ...clone(), name: Symbol('x') }],
      ['a bigint', { ...clone(), episode: { maxSteps: 10n } }],
      ['undefined', undefined],
      [
        'a throwing getter',
        Object.defineProperty(clone(), 'name', {
          enumerable: true,
          get() {
            throw new Error('gotcha');
          },
        }),
      ],
    ];
    const cyclic = clone();
    (cyclic.arena as Record<string, unknown>).self = cyclic;
    bad.push(['a cycle', cyclic]);
    for (const [what, value] of bad) {
      const r = parseScenario(value);
      expect(r.ok, what).toBe(false);
      if (!r.ok) expect(r.errors.join('\n'), what).toMatch(/\S/);
    }
  });
});

function parseOk(text: string) {
  const r = parseScenarioText(text);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.scenario;
}
