import { describe, expect, it } from 'vitest';
import { parseTrainCriticArgs } from './train-critic-args';

describe('parseTrainCriticArgs', () => {
  it('reads the options over the defaults and rejects bad ones by name', () => {
    const a = parseTrainCriticArgs(
      '--checkpoint m.ckpt --out v.json --episodes 3 --steps 10 --gamma 0.9 --explorer waypoint --n-step 4'.split(
        ' ',
      ),
    );
    expect(a).toMatchObject({
      checkpoint: 'm.ckpt',
      out: 'v.json',
      episodes: 3,
      steps: 10,
      gamma: 0.9,
      nStep: 4,
    });
    expect(a.explorer).toBe('waypoint');
    expect(() => parseTrainCriticArgs(['--out', 'v.json'])).toThrow(/--checkpoint is required/);
    expect(() => parseTrainCriticArgs(['--checkpoint', 'm'])).toThrow(/--out is required/);
    expect(() => parseTrainCriticArgs('--checkpoint m --out v --gamma 1'.split(' '))).toThrow(/--gamma/);
    expect(() => parseTrainCriticArgs('--checkpoint m --out v --expectile 0.3'.split(' '))).toThrow(
      /--expectile/,
    );
    expect(() => parseTrainCriticArgs('--checkpoint m --out v --explorer dfs'.split(' '))).toThrow(
      /--explorer/,
    );
    expect(() => parseTrainCriticArgs('--checkpoint m --out v --steps 0'.split(' '))).toThrow(/--steps/);
    expect(() => parseTrainCriticArgs('--checkpoint m --out v --wat 1'.split(' '))).toThrow(
      /unknown option '--wat'/,
    );
  });
});
