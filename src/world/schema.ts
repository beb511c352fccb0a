// The scenario file format (docs/scenarios.md) as a zod schema, plus the checks zod cannot express
// field by field (walls inside the arena, door inside its wall, unique ids). Every error names the
// field path, so a person editing JSON by hand can find the mistake.
import '../zod-no-eval';
import { z } from 'zod';

export const SCENARIO_FORMAT = 'jepa-scenario/1';

/** Coordinates and sizes are bounded so a typo like 1e308 is caught here, not as NaN in physics. */
const MAX_COORD = 1000;

const finite = z.number().finite().min(-MAX_COORD).max(MAX_COORD);
const coord = z.number().finite().min(0).max(MAX_COORD);
const positive = z.number().finite().positive().max(MAX_COORD);

const RectSchema = z.strictObject({ x: coord, y: coord, w: positive, h: positive });

/** A number, or a range sampled uniformly per episode. */
const RangeSchema = z.union([
  finite,
  z.strictObject({ min: finite, max: finite }).refine((r) => r.min <= r.max, {
    message: 'min must not exceed max',
  }),
]);

const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, { message: 'ids use letters, digits, "_" and "-" only' });

const DoorSchema = z.strictObject({
  id: idSchema,
  /** Size of the opening along the wall's long axis. */
  width: positive,
  /** Centre of the opening, measured along the wall's long axis from its top or left end. */
  at: RangeSchema,
  open: z.boolean().default(true),
});

const WallSchema = z.strictObject({
  x: coord,
  y: coord,
  w: positive,
  h: positive,
  door: DoorSchema.optional(),
});

const HazardSchema = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('rect'), x: coord, y: coord, w: positive, h: positive }),
  z.strictObject({ shape: z.literal('circle'), x: coord, y: coord, r: positive }),
]);

const BoxSchema = z.strictObject({
  id: idSchema,
  /** Centre. */
  x: coord,
  y: coord,
  w: positive,
  h: positive,
  angle: finite.default(0),
  density: positive.default(1),
  /** Linear and angular damping (1/s): stands in for floor friction in a top-down world. */
  damping: z.number().finite().min(0).max(100).default(5),
});

const SpawnSchema = z.strictObject({
  start: RectSchema,
  goal: RectSchema,
  weight: positive.default(1),
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Controls, zero-width marks and bidi overrides: characters that hide or reorder what is shown. */
function hasHiddenCharacter(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (
      c <= 0x1f ||
      c === 0x7f ||
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0xfeff
    )
      return true;
  }
  return false;
}

/**
 * Text shown to people (a layout's name): anything printable, but not the characters that hide or
 * reorder what is shown (controls, bidi overrides, zero-width marks) or that are not text at all
 * (lone UTF-16 surrogates).
 */
const displayName = z
  .string()
  .min(1)
  .max(64)
  .refine((t) => !hasHiddenCharacter(t), {
    message: 'must not contain control, zero-width or text-direction characters',
  })
  .refine((t) => !LONE_SURROGATE.test(t), { message: 'contains a lone UTF-16 surrogate (not text)' });

const LayoutSchema = z.strictObject({
  name: displayName,
  walls: z.array(WallSchema).max(500).default([]),
  hazards: z.array(HazardSchema).max(500).default([]),
  boxes: z.array(BoxSchema).max(50).default([]),
  /** Replaces the scenario's spawns for this layout when present. */
  spawns: z.array(SpawnSchema).min(1).max(100).optional(),
});

export const ScenarioSchema = z
  .strictObject({
    format: z.literal(SCENARIO_FORMAT),
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/, { message: 'names use letters, digits, "_" and "-" only' }),
    description: z.string().max(2000).default(''),
    arena: z.strictObject({ width: positive, height: positive }).default({ width: 10, height: 10 }),
    agent: z
      .strictObject({
        radius: positive.default(0.3),
        /** Acceleration at |action| = 1 (units/s^2). */
        maxAccel: positive.default(10),
        /** Linear damping (1/s); top speed = maxAccel / damping. */
        damping: positive.default(4),
      })
      .default({ radius: 0.3, maxAccel: 10, damping: 4 }),
    physics: z
      .strictObject({
        controlDt: z.number().finite().positive().max(1).default(0.1),
        substeps: z.number().int().min(1).max(100).default(6),
      })
      .default({ controlDt: 0.1, substeps: 6 }),
    episode: z
      .strictObject({
        maxSteps: z.number().int().min(1).max(1_000_000).default(200),
        successRadius: positive.default(0.5),
        minStartGoalDistance: z.number().finite().min(0).max(MAX_COORD).default(2),
      })
      .default({ maxSteps: 200, successRadius: 0.5, minStartGoalDistance: 2 }),
    walls: z.array(WallSchema).max(500).default([]),
    hazards: z.array(HazardSchema).max(500).default([]),
    boxes: z.array(BoxSchema).max(50).default([]),
    spawns: z.array(SpawnSchema).min(1).max(100),
    layouts: z.array(LayoutSchema).max(100).default([]),
    /** "random": a layout drawn per episode; a number: always that layout (index into layouts). */
    layoutChoice: z.union([z.literal('random'), z.number().int().min(0)]).default('random'),
  })
  .superRefine((s, ctx) => {
    const { width: W, height: H } = s.arena;
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    const insideArena = (r: { x: number; y: number; w: number; h: number }, path: (string | number)[]) => {
      if (r.x + r.w > W + 1e-9 || r.y + r.h > H + 1e-9) {
        issue(path, `rectangle (${r.x}, ${r.y}, ${r.w} x ${r.h}) reaches outside the ${W} x ${H} arena`);
      }
    };
    const ids = new Map<string, string>();
    const uniqueId = (id: string, path: (string | number)[]) => {
      const where = formatPath(path);
      const prev = ids.get(id);
      if (prev !== undefined) issue(path, `duplicate id "${id}" (also used at ${prev})`);
      else ids.set(id, where);
    };
    const checkWalls = (walls: z.infer<typeof WallSchema>[], base: (string | number)[]) => {
      walls.forEach((wall, i) => {
        insideArena(wall, [...base, i]);
        if (!wall.door) return;
        const length = Math.max(wall.w, wall.h);
        const d = wall.door;
        uniqueId(d.id, [...base, i, 'door', 'id']);
        const lo = typeof d.at === 'number' ? d.at : d.at.min;
        const hi = typeof d.at === 'number' ? d.at : d.at.max;
        if (d.width >= length) {
          issue(
            [...base, i, 'door', 'width'],
            `door width ${d.width} must be less than the wall length ${length}`,
          );
        } else if (lo - d.width / 2 < -1e-9 || hi + d.width / 2 > length + 1e-9) {
          issue(
            [...base, i, 'door', 'at'],
            `door centre must keep the ${d.width}-wide opening inside the wall (between ${d.width / 2} and ${length - d.width / 2}), got ${lo === hi ? lo : `${lo}..${hi}`}`,
          );
        }
      });
    };
    const checkHazards = (hazards: z.infer<typeof HazardSchema>[], base: (string | number)[]) => {
      hazards.forEach((h, i) => {
        if (h.shape === 'rect') insideArena(h, [...base, i]);
        else if (h.x > W || h.y > H)
          issue([...base, i], `circle centre (${h.x}, ${h.y}) is outside the arena`);
      });
    };
    const checkBoxes = (boxes: z.infer<typeof BoxSchema>[], base: (string | number)[]) => {
      boxes.forEach((b, i) => {
        uniqueId(b.id, [...base, i, 'id']);
        const half = Math.hypot(b.w, b.h) / 2;
        if (b.x - half < 0 || b.y - half < 0 || b.x + half > W || b.y + half > H) {
          issue([...base, i], `box "${b.id}" must lie inside the arena at any angle`);
        }
      });
    };
    const checkSpawns = (spawns: z.infer<typeof SpawnSchema>[], base: (string | number)[]) => {
      spawns.forEach((sp, i) => {
        for (const key of ['start', 'goal'] as const) {
          const r = sp[key];
          insideArena(r, [...base, i, key]);
          if (r.w < 1e-6 || r.h < 1e-6) issue([...base, i, key], 'region is empty');
        }
      });
    };
    checkWalls(s.walls, ['walls']);
    checkHazards(s.hazards, ['hazards']);
    checkBoxes(s.boxes, ['boxes']);
    checkSpawns(s.spawns, ['spawns']);
    s.layouts.forEach((layout, i) => {
      checkWalls(layout.walls, ['layouts', i, 'walls']);
      checkHazards(layout.hazards, ['layouts', i, 'hazards']);
      checkBoxes(layout.boxes, ['layouts', i, 'boxes']);
      if (layout.spawns) checkSpawns(layout.spawns, ['layouts', i, 'spawns']);
    });
    if (typeof s.layoutChoice === 'number' && s.layoutChoice >= s.layouts.length) {
      issue(
        ['layoutChoice'],
        s.layouts.length === 0
          ? `layout ${s.layoutChoice} chosen but the scenario has no layouts`
          : `layout ${s.layoutChoice} chosen but layouts has ${s.layouts.length} entries (0..${s.layouts.length - 1})`,
      );
    }
    const r = s.agent.radius;
    if (2 * r >= Math.min(W, H))
      issue(['agent', 'radius'], `agent diameter ${2 * r} does not fit in the arena`);
  });

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioWall = z.infer<typeof WallSchema>;
export type ScenarioDoor = z.infer<typeof DoorSchema>;
export type ScenarioHazard = z.infer<typeof HazardSchema>;
export type ScenarioBox = z.infer<typeof BoxSchema>;
export type ScenarioSpawn = z.infer<typeof SpawnSchema>;
export type ScenarioLayout = z.infer<typeof LayoutSchema>;
export type ScenarioRange = z.infer<typeof RangeSchema>;

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

/** Formats a zod path like `walls[2].door.at` (root errors read `(root)`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

type Issue = z.core.$ZodIssue & { input?: unknown };

function issueMessage(iss: Issue): string[] {
  const at = formatPath(iss.path);
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type': {
      const expected = iss.expected === 'int' ? 'an integer' : article(iss.expected);
      if (iss.input === undefined)
        return [`${at}: required ${iss.expected === 'int' ? 'integer' : iss.expected} is missing`];
      return [`${at}: expected ${expected}, got ${got}`];
    }
    case 'too_small': {
      if (iss.origin === 'array')
        return [`${at}: needs at least ${iss.minimum} entr${iss.minimum === 1 ? 'y' : 'ies'}`];
      if (iss.origin === 'string') return [`${at}: must not be empty`];
      if (iss.minimum === 0 && !iss.inclusive) return [`${at}: expected a positive number, got ${got}`];
      return [`${at}: expected a number ${iss.inclusive ? '>=' : '>'} ${iss.minimum}, got ${got}`];
    }
    case 'too_big': {
      if (iss.origin === 'array') return [`${at}: at most ${iss.maximum} entries allowed`];
      if (iss.origin === 'string') return [`${at}: longer than ${iss.maximum} characters`];
      return [`${at}: expected a number ${iss.inclusive ? '<=' : '<'} ${iss.maximum}, got ${got}`];
    }
    case 'unrecognized_keys':
      return iss.keys.map((k) => `${formatPath([...iss.path, k])}: unknown key "${k}"`);
    case 'invalid_value':
      return [`${at}: expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got}`];
    case 'invalid_union': {
      const extra = iss as { discriminator?: string; options?: unknown[] };
      if (extra.discriminator) {
        const options = (extra.options ?? []).map((o) => JSON.stringify(o)).join(', ');
        const value = (iss.input as Record<string, unknown> | undefined)?.[extra.discriminator];
        return [`${at}: expected one of ${options}, got ${describeValue(value)}`];
      }
      // Report the branch that got furthest: the one whose errors are deepest into the input.
      const branches = iss.errors.map((errs) => errs as Issue[]);
      const deepest = branches
        .filter((b) => b.length > 0)
        .sort(
          (a, b) => Math.max(...b.map((e) => e.path.length)) - Math.max(...a.map((e) => e.path.length)),
        )[0];
      if (deepest?.some((e) => e.path.length > 0)) {
        return deepest.flatMap((e) => issueMessage({ ...e, path: [...iss.path, ...e.path] } as Issue));
      }
      const wanted = branches.flatMap((b) => {
        const first = b[0];
        if (first?.code === 'invalid_type')
          return [first.expected === 'int' ? 'an integer' : article(first.expected)];
        if (first?.code === 'invalid_value') return first.values.map((v) => JSON.stringify(v));
        return [];
      });
      return [`${at}: expected ${wanted.length > 0 ? wanted.join(' or ') : 'a valid value'}, got ${got}`];
    }
    case 'invalid_format':
      return [`${at}: ${iss.message}, got ${got}`];
    default:
      return [`${at}: ${iss.message}`];
  }
}

/** Validates a parsed JSON value; never throws. Defaults are filled in on success. */
export function parseScenario(input: unknown): ParseResult {
  try {
    const r = ScenarioSchema.safeParse(input, { reportInput: true });
    if (r.success) return { ok: true, scenario: r.data };
    const errors = r.error.issues.flatMap((iss) => issueMessage(iss as Issue));
    return { ok: false, errors: errors.length > 0 ? errors : ['(root): invalid scenario'] };
  } catch (e) {
    return { ok: false, errors: [`(root): could not validate scenario: ${(e as Error).message}`] };
  }
}

const MAX_TEXT = 2_000_000;

/** Parses scenario JSON text; syntax errors are reported with line and column. Never throws. */
export function parseScenarioText(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, errors: ['(root): expected JSON text'] };
  if (text.length > MAX_TEXT) {
    return {
      ok: false,
      errors: [`(root): file is ${text.length} characters, more than the ${MAX_TEXT} allowed`],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    if (m?.[1] !== undefined) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      return {
        ok: false,
        errors: [`JSON syntax error at line ${line}, column ${column} (position ${pos}): ${msg}`],
      };
    }
    return { ok: false, errors: [`JSON syntax error: ${msg}`] };
  }
  return parseScenario(value);
}
