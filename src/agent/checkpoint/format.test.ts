import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../model/config';
import { WorldModelLearner } from '../model/learner';
import { dotBatch } from '../model/synthetic';
import { TINY_MODEL } from '../model/tiny-config';
import { initNodeBackend } from '../tf/backend-node';
import { CHECKPOINT_VERSION, CheckpointError, decodeCheckpoint, encodeCheckpoint } from './format';
import { learnerFromCheckpoint, loadIntoLearner, saveLearner } from './model-io';

const SMALL: Partial<ModelConfig> = TINY_MODEL;

function trained(seed: number): WorldModelLearner {
  const l = new WorldModelLearner(SMALL, seed);
  for (let i = 0; i < 3; i++) l.trainStep(dotBatch({ batch: 8, length: 3, size: 16, seed: seed * 10 + i }));
  return l;
}

/** Rewrites the JSON header of a checkpoint (same length or not) with `edit`. */
function editHeader(buf: ArrayBuffer, edit: (h: Record<string, unknown>) => void): ArrayBuffer {
  const ck = decodeCheckpoint(buf);
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  const len = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + len)));
  edit(header);
  const hb = new TextEncoder().encode(JSON.stringify(header));
  const start = (16 + hb.length + 3) & ~3;
  const floats = ck.weights.reduce((n, w) => n + w.data.length, 0);
  const out = new Uint8Array(start + floats * 4);
  out.set(bytes.subarray(0, 16));
  new DataView(out.buffer).setUint32(12, hb.length, true);
  out.set(hb, 16);
  out.set(bytes.subarray((16 + len + 3) & ~3), start);
  return out.buffer;
}

describe('checkpoint', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('round-trips bit-exactly, with config, metrics and meta', () => {
    const a = trained(1);
    const bytes = saveLearner(a, {
      metrics: { probePositionError: 0.25, curve: [1, 2] },
      meta: { seed: 1, cmd: 'x' },
    });
    const { learner: b, checkpoint } = learnerFromCheckpoint(bytes);
    expect(checkpoint.config).toEqual(a.config);
    expect(checkpoint.metrics).toMatchObject({ probePositionError: 0.25, curve: [1, 2], steps: 3 });
    expect(checkpoint.meta).toEqual({ seed: 1, cmd: 'x' });
    const wa = a.exportWeights();
    const wb = b.exportWeights();
    for (let i = 0; i < wa.length; i++) {
      expect(wb[i]!.name).toBe(wa[i]!.name);
      expect(new Uint32Array(wb[i]!.data.buffer)).toEqual(new Uint32Array(wa[i]!.data.buffer));
    }
    // Re-encoding what was decoded gives identical bytes.
    expect(new Uint8Array(encodeCheckpoint({ ...checkpoint, weights: wb }))).toEqual(new Uint8Array(bytes));
    a.dispose();
    b.dispose();
  });

  it('refuses bad files with a clear message and leaves the running learner untouched', () => {
    const source = trained(2);
    const good = saveLearner(source);
    source.dispose();
    const running = trained(3);
    const before = running.exportWeights();

    const nanFile = good.slice(0);
    const v = new DataView(nanFile);
    v.setFloat32(nanFile.byteLength - 4, Number.NaN, true);
    const wrongVersion = good.slice(0);
    new DataView(wrongVersion).setUint32(8, CHECKPOINT_VERSION + 1, true);
    const cases: [string, ArrayBuffer | Uint8Array, RegExp][] = [
      ['truncated', good.slice(0, good.byteLength - 10), /truncated/],
      ['truncated header', good.slice(0, 30), /truncated inside its header/],
      ['empty', new ArrayBuffer(0), /truncated/],
      ['wrong magic', new TextEncoder().encode('NOTACKPT________________'), /bad magic/],
      ['wrong version', wrongVersion, /version 2 is not supported/],
      ['NaN value', nanFile, /'probe\/out\/b' holds a non-finite value/],
      [
        'wrong shape',
        editHeader(good, (h) => {
          (h.tensors as { shape: number[] }[])[0]!.shape = [3, 3];
        }),
        /'enc\/patch\/w' has shape \[3, 3\]/,
      ],
      [
        'missing tensor',
        editHeader(good, (h) => {
          const t = h.tensors as { name: string }[];
          t[4]!.name = 'enc/typo/w';
        }),
        /missing tensor 'enc\/h1\/w'/,
      ],
      [
        'bad config',
        editHeader(good, (h) => {
          (h.config as Record<string, unknown>).latentDim = -1;
        }),
        /invalid checkpoint config: latentDim/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      expect(() => loadIntoLearner(running, bytes), what).toThrow(CheckpointError);
      expect(() => loadIntoLearner(running, bytes), what).toThrow(message);
    }
    const after = running.exportWeights();
    for (let i = 0; i < after.length; i++) expect(after[i]!.data).toEqual(before[i]!.data);
    // A good file of another config is refused by the running learner and needs a new one.
    const other = new WorldModelLearner({ ...SMALL, latentDim: 7 }, 1);
    expect(() => loadIntoLearner(running, saveLearner(other))).toThrow(/different model config/);
    other.dispose();
    loadIntoLearner(running, good);
    expect(running.exportWeights()[0]!.data).not.toEqual(before[0]!.data);
    running.dispose();
  });

  it('refuses oversized input before parsing it', () => {
    expect(() => decodeCheckpoint(new Uint8Array(65 * 1024 * 1024))).toThrow(/over the .* limit/);
  });
});
