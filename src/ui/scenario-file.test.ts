import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../world';
import { MAX_SCENARIO_BYTES, readScenarioFile } from './scenario-file';

function file(text: string, name = 'mine.json') {
  return Object.assign(new Blob([text]), { name });
}

describe('readScenarioFile', () => {
  it('accepts a valid scenario', async () => {
    const r = await readScenarioFile(file(JSON.stringify(builtinScenario('u-trap'))));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.name).toBe('u-trap');
  });

  it('names the field and the problem for a bad one', async () => {
    const bad = { ...builtinScenario('open'), arena: { width: 'wide', height: 10 } };
    const r = await readScenarioFile(file(JSON.stringify(bad)));
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.errors.join('\n')).toMatch(/arena\.width/);
  });

  it('reports text that is not JSON at all', async () => {
    const r = await readScenarioFile(file('{ not json'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
  });

  it('refuses an oversized file by name without reading it', async () => {
    const r = await readScenarioFile(file(' '.repeat(MAX_SCENARIO_BYTES + 1), 'huge.json'));
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^huge\.json is 1000001 bytes/)] });
  });
});
