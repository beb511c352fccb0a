// The strict `--flag value` parser the CLIs share: every option must be a key of the defaults
// table; integers, numbers in (0, 1), choices and booleans are checked, and every error names the
// option. Each CLI keeps its own table, usage text and cross-option checks.

export interface FlagSpec<T extends object> {
  defaults: T;
  usage: string;
  /** Integer options and the least value each may take (0 or 1). */
  ints?: readonly (keyof T & string)[];
  intMin?: 0 | 1;
  /** Options that take a number in (0, 1). */
  units?: readonly (keyof T & string)[];
  /** Options restricted to a list of values. */
  choices?: Partial<Record<keyof T & string, readonly string[]>>;
  /** Options that take no value and set `true`. */
  switches?: readonly (keyof T & string)[];
  /** Called with each (key, value) after the generic checks, e.g. to refuse a combination. */
  onValue?: (key: keyof T & string, value: string) => void;
}

const oneOf = (c: readonly string[]) => (c.length === 2 ? `${c[0]} or ${c[1]}` : `one of ${c.join(', ')}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseFlags<T extends object>(argv: readonly string[], spec: FlagSpec<T>): T {
  const out = { ...spec.defaults } as Record<string, unknown>;
  const has = (list: readonly string[] | undefined, key: string) => list?.includes(key) ?? false;
  const intMin = spec.intMin ?? 0;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected argument '${flag}'\n${spec.usage}`);
    const key = camel(flag.slice(2)) as keyof T & string;
    if (!(key in spec.defaults)) throw new Error(`unknown option '${flag}'\n${spec.usage}`);
    if (has(spec.switches, key)) {
      out[key] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`option '${flag}' needs a value`);
    const choices = spec.choices?.[key];
    if (has(spec.ints, key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < intMin) {
        const what = intMin === 1 ? 'a positive integer' : 'a non-negative integer';
        throw new Error(`option '${flag}' needs ${what}, got '${value}'`);
      }
      out[key] = n;
    } else if (has(spec.units, key)) {
      const x = Number(value);
      if (!(x > 0 && x < 1)) throw new Error(`option '${flag}' needs a number in (0, 1), got '${value}'`);
      out[key] = x;
    } else if (choices) {
      if (!choices.includes(value))
        throw new Error(`option '${flag}' must be ${oneOf(choices)}, got '${value}'`);
      out[key] = value;
    } else {
      out[key] = value;
    }
    spec.onValue?.(key, value);
  }
  return out as T;
}
