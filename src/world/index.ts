// Public surface of the headless world.
export {
  BUILTIN_SCENARIOS,
  type BuiltinScenarioName,
  builtinScenario,
  isBuiltinScenarioName,
} from './builtins';
export type { EpisodeLayout } from './layout';
export { createRng, type Rng, type RngState } from './rng';
export {
  type ParseResult,
  parseScenario,
  parseScenarioText,
  SCENARIO_FORMAT,
  type Scenario,
  ScenarioSchema,
} from './schema';
export * from './types';
export { World, type WorldOptions, type WorldState } from './world';
