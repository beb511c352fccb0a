// The scenario a CLI was asked for: `--scenario-file F` (validated, errors naming each field) or a
// built-in `--scenario NAME`.
import { readFileSync } from 'node:fs';
import { builtinScenario, isBuiltinScenarioName, parseScenarioText, type Scenario } from '../src/world/index';

export function loadScenarioArg(a: { scenario: string; scenarioFile: string | null }): Scenario {
  if (a.scenarioFile) {
    const r = parseScenarioText(readFileSync(a.scenarioFile, 'utf8'));
    if (!r.ok) throw new Error(`scenario file ${a.scenarioFile} is invalid:\n  ${r.errors.join('\n  ')}`);
    return r.scenario;
  }
  if (!isBuiltinScenarioName(a.scenario)) throw new Error(`unknown built-in scenario '${a.scenario}'`);
  return builtinScenario(a.scenario);
}
