import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { Critic } from './critic';
import { criticFromFile, decodeCriticFile, encodeCriticFile } from './critic-file';

describe('critic file', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('round-trips a critic bit-exactly, with its discount and meta', () => {
    const c = new Critic({ latentDim: 5, hidden: 7, gamma: 0.97, seed: 3, name: 'f1' });
    const text = encodeCriticFile(c, { steps: 12 });
    const back = criticFromFile(text, 'f2');
    expect(back.gamma).toBe(0.97);
    expect(back.hidden).toBe(7);
    const s = Float32Array.from({ length: 10 }, (_, i) => Math.sin(i));
    const g = Float32Array.from({ length: 10 }, (_, i) => Math.cos(i));
    expect(Array.from(back.values(s, g))).toEqual(Array.from(c.values(s, g)));
    expect(decodeCriticFile(text).file.meta).toEqual({ steps: 12 });
    c.dispose();
    back.dispose();
  });

  it('refuses bad files with a message naming the field', () => {
    const c = new Critic({ latentDim: 3, hidden: 4, seed: 1, name: 'f3' });
    const good = JSON.parse(encodeCriticFile(c)) as Record<string, unknown> & {
      weights: { data: string; shape: number[] }[];
    };
    const bad = (patch: (f: typeof good) => void) => {
      const f = structuredClone(good);
      patch(f);
      return JSON.stringify(f);
    };
    const cases: [string, RegExp][] = [
      ['{', /not JSON/],
      [bad((f) => (f['format'] = 'jepa-critic/9')), /format/],
      [bad((f) => (f['gamma'] = 1.5)), /gamma/],
      [bad((f) => (f['latentDim'] = -1)), /latentDim/],
      [bad((f) => (f['extra'] = 1)), /extra|unrecognized/i],
      [bad((f) => (f.weights[0]!.data = '%%%')), /weights\[0\]\.data is not base64/],
      [bad((f) => (f.weights[1]!.shape = [5])), /weights\[1\] has 4 values/],
      [
        bad((f) => (f.weights[0]!.data = btoa(String.fromCharCode(0, 0, 192, 127)).repeat(1))),
        /weights\[0\] has 1 values/,
      ],
      [bad((f) => (f['hidden'] = 8)), /critic file: .*shape/],
    ];
    for (const [text, msg] of cases) expect(() => criticFromFile(text, 'f4')).toThrow(msg);
    const nan = new Float32Array(good.weights[1]!.shape.reduce((a, b) => a * b, 1)).fill(Number.NaN);
    const nanText = bad((f) => (f.weights[1]!.data = Buffer.from(nan.buffer).toString('base64')));
    expect(() => criticFromFile(nanText, 'f5')).toThrow(/weights\[1\] holds a NaN/);
    c.dispose();
  });
});
