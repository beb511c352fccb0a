import { describe, expect, it } from 'vitest';
import { parseTrainArgs } from './train-args';

describe('parseTrainArgs', () => {
  it('reads the documented options over the defaults', () => {
    const a = parseTrainArgs([
      '--scenario',
      'open',
      '--steps',
      '10',
      '--seed',
      '3',
      '--out',
      'x/y',
      '--backend',
      'cpu',
      '--obs-size',
      '32',
      '--batch',
      '8',
    ]);
    expect(a).toMatchObject({
      scenario: 'open',
      steps: 10,
      seed: 3,
      out: 'x/y',
      backend: 'cpu',
      obsSize: 32,
      batch: 8,
    });
    expect(parseTrainArgs(['--out', 'z']).scenario).toBe('two-rooms');
  });

  it('names the bad option', () => {
    expect(() => parseTrainArgs(['--stpes', '3', '--out', 'a'])).toThrow(/unknown option '--stpes'/);
    expect(() => parseTrainArgs(['--steps', 'many', '--out', 'a'])).toThrow(
      /'--steps' needs a non-negative integer, got 'many'/,
    );
    expect(() => parseTrainArgs(['--backend', 'gpu', '--out', 'a'])).toThrow(/wasm or cpu/);
    expect(() => parseTrainArgs(['--steps', '3'])).toThrow(/--out is required/);
    expect(() => parseTrainArgs(['--out'])).toThrow(/needs a value/);
  });
});
