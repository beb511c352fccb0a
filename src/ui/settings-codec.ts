// A typed settings table and its URL-hash codec, in the spirit of TensorFlow Playground's state.ts:
// one table says each setting's kind, default and bounds, and nothing else in the app knows how
// settings are encoded. Pure functions, no DOM: the hash string comes in, values and problems go out.

export interface IntSpec {
  readonly kind: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly label: string;
}

export interface NumberSpec {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly label: string;
}

export interface EnumSpec<O extends string = string> {
  readonly kind: 'enum';
  readonly default: O;
  readonly options: readonly O[];
  readonly label: string;
}

export interface BoolSpec {
  readonly kind: 'bool';
  readonly default: boolean;
  readonly label: string;
}

/** Free text (a cost formula): bounded length, and an optional check whose problem names the position. */
export interface TextSpec {
  readonly kind: 'text';
  readonly default: string;
  readonly maxLength: number;
  readonly label: string;
  /** null when the text is acceptable, else why not (the key's name is added in front). */
  readonly check?: (text: string) => string | null;
}

export type SettingSpec = IntSpec | NumberSpec | EnumSpec | BoolSpec | TextSpec;
export type SettingsTable = Readonly<Record<string, SettingSpec>>;

export type ValueOf<S extends SettingSpec> =
  S extends EnumSpec<infer O> ? O : S extends BoolSpec ? boolean : S extends TextSpec ? string : number;

export type SettingsOf<T extends SettingsTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

// Constructors that keep enum options as literal types, so `settings.speed` is `'1' | '4' | 'max'`.
export const intSetting = (s: Omit<IntSpec, 'kind'>): IntSpec => ({ kind: 'int', ...s });
export const numberSetting = (s: Omit<NumberSpec, 'kind'>): NumberSpec => ({ kind: 'number', ...s });
export const boolSetting = (s: Omit<BoolSpec, 'kind'>): BoolSpec => ({ kind: 'bool', ...s });
export const textSetting = (s: Omit<TextSpec, 'kind'>): TextSpec => ({ kind: 'text', ...s });
export function enumSetting<const O extends string>(s: Omit<EnumSpec<O>, 'kind'>): EnumSpec<O> {
  return { kind: 'enum', ...s };
}

/** Longer hashes are refused whole: nobody types that much, and parsing it could stall the page. */
export const MAX_HASH_LENGTH = 4000;
/** Longer single values are not quoted back in full in messages. */
const QUOTE_LIMIT = 40;

export type ParseResult<V> = { ok: true; value: V } | { ok: false; problem: string };

export interface DecodedHash<T extends SettingsTable> {
  /** Every key: the hash's value where it was valid, the default otherwise. */
  values: SettingsOf<T>;
  /** Keys the hash set validly (the rest fell back to defaults). */
  present: Set<keyof T & string>;
  /** One human-readable line per problem, each naming the key (or the fragment) at fault. */
  problems: string[];
}

export function defaults<T extends SettingsTable>(table: T): SettingsOf<T> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) out[key] = spec.default;
  return out as SettingsOf<T>;
}

function quote(raw: string): string {
  const short = raw.length > QUOTE_LIMIT ? raw.slice(0, QUOTE_LIMIT) + '…' : raw;
  return JSON.stringify(short);
}

const INT_RE = /^[-+]?\d+$/;
const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Parses one textual value against its spec; the problem text starts with the key's name. */
export function parseSetting(key: string, spec: SettingSpec, raw: string): ParseResult<unknown> {
  const bad = (why: string): ParseResult<unknown> => ({ ok: false, problem: `${key}: ${why}` });
  switch (spec.kind) {
    case 'int': {
      if (!INT_RE.test(raw)) return bad(`${quote(raw)} is not a whole number`);
      return checkRange(key, spec, Number(raw));
    }
    case 'number': {
      if (!NUMBER_RE.test(raw)) return bad(`${quote(raw)} is not a number`);
      return checkRange(key, spec, Number(raw));
    }
    case 'enum': {
      if (!spec.options.includes(raw)) {
        return bad(`${quote(raw)} is not one of ${spec.options.join(', ')}`);
      }
      return { ok: true, value: raw };
    }
    case 'bool': {
      if (raw === 'true' || raw === '1') return { ok: true, value: true };
      if (raw === 'false' || raw === '0') return { ok: true, value: false };
      return bad(`${quote(raw)} is not true or false`);
    }
    case 'text': {
      if (raw.length > spec.maxLength)
        return bad(`${raw.length} characters is over the limit of ${spec.maxLength}`);
      const why = spec.check?.(raw) ?? null;
      return why === null ? { ok: true, value: raw } : bad(why);
    }
  }
}

/** Checks a value coming from a control (not text) against its spec. */
export function checkSetting(key: string, spec: SettingSpec, value: unknown): ParseResult<unknown> {
  switch (spec.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return { ok: false, problem: `${key}: ${String(value)} is not a whole number` };
      }
      return checkRange(key, spec, value);
    case 'number':
      if (typeof value !== 'number')
        return { ok: false, problem: `${key}: ${String(value)} is not a number` };
      return checkRange(key, spec, value);
    case 'enum':
      if (typeof value !== 'string') return { ok: false, problem: `${key}: expected text` };
      return parseSetting(key, spec, value);
    case 'bool':
      if (typeof value !== 'boolean')
        return { ok: false, problem: `${key}: ${String(value)} is not true or false` };
      return { ok: true, value };
    case 'text':
      if (typeof value !== 'string') return { ok: false, problem: `${key}: expected text` };
      return parseSetting(key, spec, value);
  }
}

function checkRange(key: string, spec: IntSpec | NumberSpec, value: number): ParseResult<unknown> {
  if (!Number.isFinite(value))
    return { ok: false, problem: `${key}: ${String(value)} is not a finite number` };
  if (spec.kind === 'int' && !Number.isSafeInteger(value)) {
    return { ok: false, problem: `${key}: ${String(value)} is outside ${spec.min}..${spec.max}` };
  }
  if (value < spec.min || value > spec.max) {
    return { ok: false, problem: `${key}: ${String(value)} is outside ${spec.min}..${spec.max}` };
  }
  return { ok: true, value };
}

export function formatSetting(spec: SettingSpec, value: unknown): string {
  if (spec.kind === 'bool') return value ? 'true' : 'false';
  return String(value);
}

/**
 * Reads `#key=value&key=value`. Bad fragments are reported and skipped; every key they would have
 * set keeps its default, and every other key is still applied.
 */
export function decodeHash<T extends SettingsTable>(table: T, hash: string): DecodedHash<T> {
  const values = defaults(table) as Record<string, unknown>;
  const present = new Set<keyof T & string>();
  const problems: string[] = [];
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.length > MAX_HASH_LENGTH) {
    problems.push(
      `the link's settings are ${body.length} characters long (limit ${MAX_HASH_LENGTH}); all of them were ignored`,
    );
    return { values: values as SettingsOf<T>, present, problems };
  }
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      problems.push(`${quote(part)} is not of the form key=value; ignored`);
      continue;
    }
    const rawKey = part.slice(0, eq);
    let key: string;
    let raw: string;
    try {
      key = decodeURIComponent(rawKey);
      raw = decodeURIComponent(part.slice(eq + 1));
    } catch {
      problems.push(`${quote(part)} has broken %-escapes; ignored`);
      continue;
    }
    if (!Object.hasOwn(table, key)) {
      problems.push(`unknown setting ${quote(key)}; ignored (known: ${Object.keys(table).join(', ')})`);
      continue;
    }
    if (present.has(key)) {
      problems.push(`${key}: given more than once; the first value was kept`);
      continue;
    }
    const spec = table[key]!;
    const parsed = parseSetting(key, spec, raw);
    if (!parsed.ok) {
      const fallback = formatSetting(spec, spec.default);
      problems.push(
        `${parsed.problem}; the default ${spec.kind === 'text' ? quote(fallback) : fallback} was used`,
      );
      continue;
    }
    values[key] = parsed.value;
    present.add(key);
  }
  return { values: values as SettingsOf<T>, present, problems };
}

/** Writes every key, defaults included, so a link keeps meaning the same thing if defaults change. */
export function encodeHash<T extends SettingsTable>(table: T, values: SettingsOf<T>): string {
  const parts: string[] = [];
  for (const [key, spec] of Object.entries(table)) {
    const value = (values as Record<string, unknown>)[key];
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(formatSetting(spec, value))}`);
  }
  return '#' + parts.join('&');
}
