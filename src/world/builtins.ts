// The built-in scenarios, loaded by static JSON import so the same files work in Vite, vitest and tsx.
import hazards from '../../assets/scenarios/hazards.json';
import maze from '../../assets/scenarios/maze.json';
import open from '../../assets/scenarios/open.json';
import twoRooms from '../../assets/scenarios/two-rooms.json';
import uTrap from '../../assets/scenarios/u-trap.json';
import { parseScenario, type Scenario } from './schema';

export const BUILTIN_SCENARIOS = ['open', 'two-rooms', 'u-trap', 'maze', 'hazards'] as const;
export type BuiltinScenarioName = (typeof BUILTIN_SCENARIOS)[number];

const SOURCES: Record<BuiltinScenarioName, unknown> = {
  open,
  'two-rooms': twoRooms,
  'u-trap': uTrap,
  maze,
  hazards,
};

const cache = new Map<BuiltinScenarioName, Scenario>();

export function isBuiltinScenarioName(name: string): name is BuiltinScenarioName {
  return (BUILTIN_SCENARIOS as readonly string[]).includes(name);
}

/** A fresh, validated copy of a built-in scenario (callers may mutate it). */
export function builtinScenario(name: BuiltinScenarioName): Scenario {
  if (!isBuiltinScenarioName(name)) {
    throw new Error(
      `builtinScenario: unknown scenario "${String(name)}" (built-ins: ${BUILTIN_SCENARIOS.join(', ')})`,
    );
  }
  let s = cache.get(name);
  if (!s) {
    const parsed = parseScenario(SOURCES[name]);
    if (!parsed.ok)
      throw new Error(`built-in scenario "${name}" is invalid:\n  ${parsed.errors.join('\n  ')}`);
    s = parsed.scenario;
    cache.set(name, s);
  }
  return structuredClone(s);
}
