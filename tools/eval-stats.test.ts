import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from './eval-args';
import { mean, percentile, wilson } from './eval-stats';

describe('eval statistics', () => {
  it('Wilson interval matches published values and stays inside [0, 1]', () => {
    // 90/100: 95% Wilson interval [0.8256, 0.9448].
    const [lo, hi] = wilson(90, 100);
    expect(lo).toBeCloseTo(0.8256, 3);
    expect(hi).toBeCloseTo(0.9448, 3);
    const [lo0, hi0] = wilson(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775, 3);
    expect(wilson(10, 10)[1]).toBe(1);
  });

  it('nearest-rank percentiles and mean', () => {
    const v = [5, 1, 4, 2, 3];
    expect(percentile(v, 50)).toBe(3);
    expect(percentile(v, 95)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
    expect(mean(v)).toBe(3);
  });
});

describe('eval arguments', () => {
  it('parses a full command and rejects bad ones by name', () => {
    const a = parseEvalArgs(
      '--scenario open --episodes 5 --seed 3 --planner hybrid --checkpoint x.ckpt --json'.split(' '),
    );
    expect(a).toMatchObject({
      scenario: 'open',
      episodes: 5,
      seed: 3,
      planner: 'hybrid',
      checkpoint: 'x.ckpt',
      json: true,
    });
    expect(() => parseEvalArgs(['--planner', 'hybrid'])).toThrow(/needs --checkpoint/);
    expect(() => parseEvalArgs(['--planner', 'teleport'])).toThrow(/--planner.*teleport/);
    expect(() => parseEvalArgs(['--episodes', '-1'])).toThrow(/--episodes/);
    expect(() => parseEvalArgs(['--bogus', '1'])).toThrow(/unknown option '--bogus'/);
    expect(() => parseEvalArgs(['--scenario', 'open', '--scenario-file', 'f.json'])).toThrow(/either/);
    expect(() => parseEvalArgs(['--planner', 'random', '--planner-json', '[1]'])).toThrow(/--planner-json/);
    expect(parseEvalArgs(['--planner', 'oracle']).checkpoint).toBeNull();
    const c = parseEvalArgs([
      '--planner',
      'oracle',
      '--critic',
      'v.json',
      '--cost-json',
      '{"goal":{"weight":0}}',
    ]);
    expect(c).toMatchObject({ critic: 'v.json', costJson: '{"goal":{"weight":0}}', skip: 0 });
    expect(parseEvalArgs(['--planner', 'random', '--skip', '10']).skip).toBe(10);
    expect(() => parseEvalArgs(['--planner', 'random', '--skip', '-2'])).toThrow(/--skip/);
    expect(() => parseEvalArgs(['--planner', 'random', '--cost-json', '3'])).toThrow(/--cost-json/);
    expect(() =>
      parseEvalArgs(['--critic', 'v.json', '--critic-episodes', '3', '--planner', 'random']),
    ).toThrow(/either --critic or --critic-episodes/);
    expect(parseEvalArgs(['--planner', 'random', '--critic-kappa', '0.5']).criticKappa).toBe(0.5);
    expect(parseEvalArgs(['--planner', 'random']).criticKappa).toBe(1);
    expect(() => parseEvalArgs(['--planner', 'random', '--critic-kappa', '-1'])).toThrow(/--critic-kappa/);
    expect(() => parseEvalArgs(['--planner', 'random', '--critic-kappa', 'x'])).toThrow(/--critic-kappa/);
  });
});
