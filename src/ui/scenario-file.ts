// Reads a scenario JSON file chosen by a person. Every failure comes back as lines that name the
// file and the field at fault; nothing here touches the running world.
import { parseScenarioText, type Scenario } from '../world';

/** Hand-written scenarios are a few kilobytes; anything this large is the wrong file. */
export const MAX_SCENARIO_BYTES = 1_000_000;

export type ScenarioFileResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

export async function readScenarioFile(file: Blob & { name: string }): Promise<ScenarioFileResult> {
  if (file.size > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      errors: [
        `${file.name} is ${file.size} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES} bytes`,
      ],
    };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { ok: false, errors: [`${file.name} could not be read: ${(e as Error).message}`] };
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return { ok: true, scenario: parsed.scenario };
}
