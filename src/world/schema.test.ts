import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, builtinScenario } from './builtins';
import { parseScenario, parseScenarioText, SCENARIO_FORMAT } from './schema';

const base = () => ({
  format: SCENARIO_FORMAT,
  name: 'test',
  walls: [
    { x: 1, y: 1, w: 1, h: 1 },
    { x: 3, y: 1, w: 1, h: 1 },
    { x: 4.8, y: 0, w: 0.4, h: 10, door: { id: 'd', width: 1.5, at: { min: 1, max: 9 } } },
  ],
  spawns: [{ start: { x: 0.5, y: 0.5, w: 3, h: 3 }, goal: { x: 6, y: 6, w: 3, h: 3 } }],
});
type Base = ReturnType<typeof base> & Record<string, unknown>;

/** [what, mutation, fragments every one of which must appear in one error]. */
const BAD: [string, (s: Base) => unknown, string[]][] = [
  [
    'negative wall height',
    (s) => {
      s.walls[2]!.h = -1;
      return s;
    },
    ['walls[2].h', 'expected a positive number, got -1'],
  ],
  ['missing spawns', (s) => ({ ...s, spawns: undefined }), ['spawns', 'missing']],
  ['empty spawns', (s) => ({ ...s, spawns: [] }), ['spawns', 'at least 1']],
  [
    'wrong type',
    (s) => {
      s.walls[0]!.x = '1' as unknown as number;
      return s;
    },
    ['walls[0].x', 'expected a number', '"1"'],
  ],
  [
    'NaN',
    (s) => {
      s.walls[1]!.w = Number.NaN;
      return s;
    },
    ['walls[1].w', 'NaN'],
  ],
  [
    'Infinity',
    (s) => {
      s.walls[1]!.y = Number.POSITIVE_INFINITY;
      return s;
    },
    ['walls[1].y'],
  ],
  [
    'huge number',
    (s) => {
      s.walls[0]!.x = 1e308;
      return s;
    },
    ['walls[0].x', '<= 1000'],
  ],
  [
    'wall outside the arena',
    (s) => {
      s.walls[1]!.x = 9.5;
      return s;
    },
    ['walls[1]', 'outside the 10 x 10 arena'],
  ],
  [
    'empty start region',
    (s) => {
      s.spawns[0]!.start.w = 0;
      return s;
    },
    ['spawns[0].start.w', 'expected a positive number, got 0'],
  ],
  [
    'start region outside arena',
    (s) => {
      s.spawns[0]!.start.x = 8;
      return s;
    },
    ['spawns[0].start', 'outside'],
  ],
  ['unknown key', (s) => ({ ...s, colour: 'red' }), ['colour', 'unknown key']],
  [
    '__proto__ key',
    () => JSON.parse(JSON.stringify(base()).replace('{', '{"__proto__": {"x": 1},')),
    ['__proto__'],
  ],
  ['constructor key', (s) => ({ ...s, constructor: 1 }), ['constructor', 'unknown key']],
  [
    'nested unknown key',
    (s) => {
      (s.walls[0] as Record<string, unknown>).colour = 1;
      return s;
    },
    ['walls[0].colour'],
  ],
  ['bad format', (s) => ({ ...s, format: 'jepa-scenario/0' }), ['format', '"jepa-scenario/1"']],
  ['missing format', (s) => ({ ...s, format: undefined }), ['format']],
  [
    'bad hazard shape',
    (s) => ({ ...s, hazards: [{ shape: 'star', x: 1, y: 1, r: 1 }] }),
    ['hazards[0].shape', '"star"'],
  ],
  [
    'circle hazard missing radius',
    (s) => ({ ...s, hazards: [{ shape: 'circle', x: 1, y: 1 }] }),
    ['hazards[0].r', 'missing'],
  ],
  [
    'door wider than its wall',
    (s) => {
      s.walls[2]!.door!.width = 11;
      return s;
    },
    ['walls[2].door.width', 'less than the wall'],
  ],
  [
    'door range leaves the wall',
    (s) => {
      s.walls[2]!.door!.at = { min: 0.2, max: 9 };
      return s;
    },
    ['walls[2].door.at', 'inside the wall'],
  ],
  [
    'door range inverted',
    (s) => {
      s.walls[2]!.door!.at = { min: 5, max: 2 };
      return s;
    },
    ['walls[2].door.at', 'min'],
  ],
  ['maxSteps not an integer', (s) => ({ ...s, episode: { maxSteps: 2.5 } }), ['episode.maxSteps', 'integer']],
  ['maxSteps zero', (s) => ({ ...s, episode: { maxSteps: 0 } }), ['episode.maxSteps', '>= 1']],
  ['layoutChoice out of range', (s) => ({ ...s, layoutChoice: 2 }), ['layoutChoice', 'no layouts']],
  [
    'duplicate ids',
    (s) => ({ ...s, boxes: [{ id: 'd', x: 2, y: 7, w: 0.5, h: 0.5 }] }),
    ['boxes[0].id', 'duplicate id "d"', 'walls[2].door.id'],
  ],
  ['agent too big', (s) => ({ ...s, agent: { radius: 6 } }), ['agent.radius', 'does not fit']],
  ['not an object', () => 42, ['(root)', 'expected an object']],
  ['null', () => null, ['(root)']],
];

describe('parseScenario', () => {
  it('accepts the base scenario and fills defaults', () => {
    const r = parseScenario(base());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.arena).toEqual({ width: 10, height: 10 });
    expect(r.scenario.episode.maxSteps).toBe(200);
    expect(r.scenario.agent.radius).toBe(0.3);
    expect(r.scenario.walls[2]!.door!.open).toBe(true);
  });

  it.each(BAD)('rejects %s, naming the field', (_what, mutate, fragments) => {
    const r = parseScenario(mutate(base() as Base));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const hit = r.errors.find((e) => fragments.every((f) => e.includes(f)));
    expect(
      hit,
      `no error contains all of ${JSON.stringify(fragments)}; got ${JSON.stringify(r.errors)}`,
    ).toBeTruthy();
  });

  it('reports every problem, not just the first', () => {
    const s = base() as Base;
    s.walls[0]!.h = -1;
    s.walls[1]!.w = Number.NaN;
    const r = parseScenario({ ...s, extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeGreaterThanOrEqual(3);
  });

  it('never throws, whatever it is given', () => {
    const cyclic: Record<string, unknown> = { format: SCENARIO_FORMAT };
    cyclic.self = cyclic;
    for (const v of [undefined, [], 'x', cyclic, { walls: new Proxy({}, {}) }, Object.create(null)]) {
      expect(() => parseScenario(v)).not.toThrow();
      expect(parseScenario(v).ok).toBe(false);
    }
  });

  it('parses every built-in, whose names match the list', () => {
    for (const name of BUILTIN_SCENARIOS) {
      expect(builtinScenario(name).name).toBe(name);
      expect(parseScenario(builtinScenario(name)).ok).toBe(true);
    }
  });
});

describe('parseScenarioText', () => {
  it('reports JSON syntax errors with line and column', () => {
    const r = parseScenarioText('{\n  "format": "jepa-scenario/1",\n  "name": "x",,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/line 3, column \d+/);
  });

  it('validates the parsed value', () => {
    expect(parseScenarioText(JSON.stringify(base())).ok).toBe(true);
    const r = parseScenarioText(JSON.stringify({ ...base(), name: '' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toContain('name');
  });
});

describe('docs/scenarios.md', () => {
  it('has only valid JSON examples, and the two-rooms one matches the shipped file', async () => {
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(new URL('../../docs/scenarios.md', import.meta.url), 'utf8');
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) {
      const r = parseScenarioText(b);
      expect(r.ok, r.ok ? '' : r.errors.join('\n')).toBe(true);
    }
    const doc = parseScenarioText(blocks[0]!);
    const shipped = builtinScenario('two-rooms');
    if (doc.ok) expect({ ...doc.scenario, description: '' }).toEqual({ ...shipped, description: '' });
  });
});
