import { describe, expect, it } from 'vitest';
import { parseFlags } from './cli-flags';
import { parseEvalArgs } from './eval-args';

const spec = {
  defaults: { steps: 3, gamma: 0.9, backend: 'wasm', json: false, name: '' },
  usage: 'usage: x',
  ints: ['steps'] as const,
  intMin: 1 as const,
  units: ['gamma'] as const,
  choices: { backend: ['wasm', 'cpu'] },
  switches: ['json'] as const,
};

describe('parseFlags', () => {
  it('parses each kind of option into the defaults table', () => {
    const a = parseFlags(
      ['--steps', '7', '--gamma', '0.5', '--backend', 'cpu', '--json', '--name', 'n'],
      spec,
    );
    expect(a).toEqual({ steps: 7, gamma: 0.5, backend: 'cpu', json: true, name: 'n' });
  });

  it('names the option that is wrong', () => {
    expect(() => parseFlags(['--stpes', '7'], spec)).toThrow(/unknown option '--stpes'/);
    expect(() => parseFlags(['--steps', '0'], spec)).toThrow(/'--steps' needs a positive integer, got '0'/);
    expect(() => parseFlags(['--gamma', '1'], spec)).toThrow(/'--gamma' needs a number in \(0, 1\)/);
    expect(() => parseFlags(['--backend', 'gpu'], spec)).toThrow(
      /'--backend' must be wasm or cpu, got 'gpu'/,
    );
    expect(() => parseFlags(['--name', '--json'], spec)).toThrow(/'--name' needs a value/);
    expect(() => parseFlags(['steps'], spec)).toThrow(/unexpected argument 'steps'/);
  });

  it('eval: --scenario and --scenario-file together are refused', () => {
    expect(() =>
      parseEvalArgs(['--scenario', 'open', '--scenario-file', 'f.json', '--planner', 'random']),
    ).toThrow(/either --scenario or --scenario-file/);
    expect(() => parseEvalArgs(['--planner', 'magic'])).toThrow(/'--planner' must be one of random/);
    expect(parseEvalArgs(['--planner', 'random', '--json', '--episodes', '4']).json).toBe(true);
    const m = ['--planner', 'mode1', '--checkpoint', 'c.ckpt'];
    expect(parseEvalArgs([...m, '--distill-fit', '16']).distillFit).toBe(16);
    expect(() => parseEvalArgs([...m, '--distill-fit', '0'])).toThrow(/'--distill-fit' must be at least 1/);
    expect(parseEvalArgs([...m, '--distill-episodes', '8', '--dagger-episodes', '3']).daggerEpisodes).toBe(3);
    expect(() => parseEvalArgs([...m, '--distill-episodes', '2', '--dagger-episodes', '3'])).toThrow(
      /'--dagger-episodes' \(3\) must not exceed --distill-episodes \(2\)/,
    );
    expect(parseEvalArgs(m).policyCue).toBe('route');
    expect(parseEvalArgs([...m, '--policy-cue', 'none']).policyCue).toBe('none');
    expect(() => parseEvalArgs([...m, '--policy-cue', 'map'])).toThrow(
      /'--policy-cue' must be route or none, got 'map'/,
    );
  });
});
