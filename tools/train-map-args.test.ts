import { describe, expect, it } from 'vitest';
import { parseTrainMapArgs } from './train-map-args';

describe('parseTrainMapArgs', () => {
  it('reads the options over the defaults and rejects bad ones by name', () => {
    const a = parseTrainMapArgs(
      '--checkpoint m.ckpt --out n.ckpt --layouts 16 --grid 24 --margin 0.2'.split(' '),
    );
    expect(a).toMatchObject({ checkpoint: 'm.ckpt', out: 'n.ckpt', layouts: 16, grid: 24, margin: 0.2 });
    expect(() => parseTrainMapArgs(['--out', 'n'])).toThrow(/--checkpoint and --out are required/);
    expect(() => parseTrainMapArgs('--checkpoint m --out n --grid 1'.split(' '))).toThrow(/--grid/);
    expect(() => parseTrainMapArgs('--checkpoint m --out n --margin -1'.split(' '))).toThrow(/--margin/);
    expect(() => parseTrainMapArgs('--checkpoint m --out n --margin x'.split(' '))).toThrow(/--margin/);
    expect(() => parseTrainMapArgs('--checkpoint m --out n --layouts 4'.split(' '))).toThrow(/--layouts/);
    expect(() => parseTrainMapArgs('--checkpoint m --out n --lr 2'.split(' '))).toThrow(/--lr/);
  });
});
