// Hostile checkpoint files: several hundred distinct broken or lying files (truncated at every few
// bytes, flipped header bytes, wrong magic and version, header lengths and tensor shapes that lie,
// NaN and Infinity weights, configs with hostile keys or absurd sizes). Each must be refused with a
// CheckpointError naming what and where; none may throw anything else or pollute a prototype.
import { describe, expect, it } from 'vitest';
import { makeModelConfig } from '../model/config';
import { paramSpecs } from '../model/params';
import { TINY_MODEL } from '../model/tiny-config';
import { CHECKPOINT_VERSION, CheckpointError, decodeCheckpoint, encodeCheckpoint } from './format';

const config = makeModelConfig(TINY_MODEL);
const specs = paramSpecs(config);
const weights = specs.map((s, k) => ({
  name: s.name,
  shape: [...s.shape],
  data: Float32Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(k * 31 + i) / 4),
}));
const GOOD = new Uint8Array(encodeCheckpoint({ config, weights, metrics: { steps: 3 }, meta: { seed: 1 } }));
const HEADER_LEN = new DataView(GOOD.buffer).getUint32(12, true);
const DATA_START = (16 + HEADER_LEN + 3) & ~3;
const header = () => JSON.parse(new TextDecoder().decode(GOOD.subarray(16, 16 + HEADER_LEN)));

/** A file with this header (any JSON text) and the good file's tensor bytes after it. */
function withHeaderText(text: string, data = GOOD.subarray(DATA_START)): Uint8Array {
  const hb = new TextEncoder().encode(text);
  const start = (16 + hb.length + 3) & ~3;
  const out = new Uint8Array(start + data.length);
  out.set(GOOD.subarray(0, 12));
  new DataView(out.buffer).setUint32(12, hb.length, true);
  out.set(hb, 16);
  out.set(data, start);
  return out;
}
// biome-ignore lint/suspicious/noExplicitAny: the cases edit a parsed JSON header freely
const withHeader = (edit: (h: Record<string, any>) => void) => {
  const h = header();
  edit(h);
  return withHeaderText(JSON.stringify(h));
};

interface Case {
  what: string;
  bytes: Uint8Array;
  /** The message must match. */
  says: RegExp;
}

function cases(): Case[] {
  const out: Case[] = [];
  // Truncated: inside the prefix, byte by byte; inside the header and the data, every few bytes.
  const cuts = new Set<number>();
  for (let n = 0; n < 16; n++) cuts.add(n);
  for (let n = 16; n < DATA_START; n += 7) cuts.add(n);
  for (let n = DATA_START; n < GOOD.length; n += Math.ceil((GOOD.length - DATA_START) / 60)) cuts.add(n);
  cuts.add(GOOD.length - 1);
  for (const n of cuts) {
    out.push({
      what: `truncated to ${n} of ${GOOD.length} bytes`,
      bytes: GOOD.slice(0, n),
      says:
        n < 16
          ? /truncated: \d+ bytes, no header/
          : n < 16 + HEADER_LEN
            ? /truncated inside its header/
            : /truncated: \d+ bytes, the tensors need \d+/,
    });
  }
  // Every byte of the magic, version and header length flipped.
  for (let i = 0; i < 16; i++) {
    const b = GOOD.slice();
    b[i]! ^= 0xff;
    out.push({
      what: `prefix byte ${i} flipped`,
      bytes: b,
      says:
        i < 8
          ? /bad magic bytes/
          : i < 12
            ? /format version \d+ is not supported/
            : /header of \d+ bytes is too large|truncated|header is not valid JSON/,
    });
  }
  // Header bytes flipped to non-ASCII: not UTF-8, or not JSON.
  for (let i = 16; i < 16 + HEADER_LEN; i += Math.ceil(HEADER_LEN / 50)) {
    const b = GOOD.slice();
    b[i]! ^= 0xff;
    out.push({ what: `header byte ${i} flipped`, bytes: b, says: /header is not valid JSON/ });
  }
  for (const magic of ['JEPACKPU', 'jepackpt', '\0\0\0\0\0\0\0\0', 'PK\x03\x04zip!', '{"config']) {
    const b = GOOD.slice();
    b.set(new TextEncoder().encode(magic).subarray(0, 8), 0);
    out.push({
      what: `magic ${JSON.stringify(magic)}`,
      bytes: b,
      says: /not a JEPA Playground checkpoint \(bad magic bytes\)/,
    });
  }
  for (const version of [0, CHECKPOINT_VERSION + 1, 255, 0xffffffff]) {
    const b = GOOD.slice();
    new DataView(b.buffer).setUint32(8, version, true);
    out.push({
      what: `version ${version}`,
      bytes: b,
      says: new RegExp(`format version ${version} is not supported`),
    });
  }
  for (const len of [
    0,
    1,
    HEADER_LEN - 1,
    HEADER_LEN + 1,
    HEADER_LEN + 4,
    GOOD.length,
    1024 * 1024 + 1,
    0xffffffff,
  ]) {
    const b = GOOD.slice();
    new DataView(b.buffer).setUint32(12, len, true);
    out.push({
      what: `header length ${len} (really ${HEADER_LEN})`,
      bytes: b,
      says: /header is not valid JSON|too large|truncated|tensors need|trailing bytes/,
    });
  }
  // Every tensor lying about its shape, its name, or missing.
  specs.forEach((s, k) => {
    const lies: [string, unknown][] = [
      ['a scalar shape', []],
      ['one value', [1]],
      ['an extra dimension', [...s.shape, 1]],
      ['doubled first dimension', [s.shape[0]! * 2, ...s.shape.slice(1)]],
      ['a negative size', s.shape.map((d) => -d)],
      ['sizes as text', s.shape.map(String)],
      ['a huge size', [2 ** 31, ...s.shape.slice(1)]],
    ];
    for (const [what, shape] of lies) {
      out.push({
        what: `tensor ${s.name} declares ${what}`,
        bytes: withHeader((h) => {
          h.tensors[k].shape = shape;
        }),
        says: new RegExp(`tensor '${s.name.replace(/[/]/g, '\\/')}' has shape`),
      });
    }
    out.push({
      what: `tensor ${s.name} renamed`,
      bytes: withHeader((h) => {
        h.tensors[k].name = `${s.name}_evil`;
      }),
      says: new RegExp(`missing tensor '${s.name}'`),
    });
  });
  out.push({
    what: 'two tensors swapped',
    bytes: withHeader((h) => {
      [h.tensors[0], h.tensors[1]] = [h.tensors[1], h.tensors[0]];
    }),
    says: /tensor 0 is '.*', expected '.*' at that position/,
  });
  out.push({
    what: 'a tensor dropped',
    bytes: withHeader((h) => h.tensors.pop()),
    says: /lists \d+ tensors, the model config needs \d+/,
  });
  out.push({
    what: 'a tensor added',
    bytes: withHeader((h) => h.tensors.push({ name: 'extra', shape: [1] })),
    says: /lists \d+ tensors, the model config needs \d+/,
  });
  out.push({
    what: 'tensor list missing',
    bytes: withHeader((h) => delete h.tensors),
    says: /no tensor list/,
  });
  out.push({
    what: 'tensor list an object',
    bytes: withHeader((h) => (h.tensors = {})),
    says: /no tensor list/,
  });
  out.push({
    what: 'a tensor entry null',
    bytes: withHeader((h) => (h.tensors[0] = null)),
    says: /tensor entry 0 is malformed/,
  });
  // Non-finite weights: NaN, +Infinity and -Infinity at the start, middle and end of every tensor.
  let offset = DATA_START;
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    for (const [label, v] of [
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
    ] as const) {
      for (const i of new Set([0, n - 1])) {
        const b = GOOD.slice();
        new DataView(b.buffer).setFloat32(offset + i * 4, v, true);
        out.push({
          what: `${label} in ${s.name}[${i}]`,
          bytes: b,
          says: new RegExp(`tensor '${s.name}' holds a non-finite value at index ${i}`),
        });
      }
    }
    offset += n * 4;
  }
  out.push({
    what: 'one trailing byte',
    bytes: Uint8Array.from([...GOOD, 0]),
    says: /1 unexpected trailing bytes/,
  });
  out.push({
    what: '4 KB of trailing junk',
    bytes: Uint8Array.from([...GOOD, ...new Uint8Array(4096)]),
    says: /4096 unexpected trailing bytes/,
  });
  // Configs: hostile keys, wrong types and absurd sizes, each named by its field.
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'gravity']) {
    out.push({
      what: `config key ${key}`,
      bytes: withHeaderText(
        JSON.stringify(header()).replace('"config":{', `"config":{"${key}":{"polluted":true},`),
      ),
      says: new RegExp(`checkpoint config.*${key}`),
    });
  }
  for (const key of [
    'channels',
    'inputSize',
    'patchSize',
    'hiddenDim',
    'latentDim',
    'rollout',
    'learningRate',
    'gradClip',
  ]) {
    for (const [label, v] of [
      ['text', '"16"'],
      ['null', 'null'],
      ['negative', '-4'],
      ['huge', '1e9'],
      ['1e999', '1e999'],
      ['a fraction', '2.5'],
    ] as const) {
      if (label === 'a fraction' && (key === 'learningRate' || key === 'gradClip')) continue;
      const h = header();
      h.config[key] = '__V__';
      out.push({
        what: `config.${key} = ${label}`,
        bytes: withHeaderText(JSON.stringify(h).replace('"__V__"', v)),
        says: new RegExp(`checkpoint config.*${key}`),
      });
    }
  }
  out.push({ what: 'config missing', bytes: withHeader((h) => delete h.config), says: /checkpoint config/ });
  out.push({ what: 'config an array', bytes: withHeader((h) => (h.config = [])), says: /checkpoint config/ });
  out.push({
    what: 'every size at its maximum (a 100 MB model in a small file)',
    bytes: withHeader((h) =>
      Object.assign(h.config, {
        inputSize: 256,
        patchSize: 8,
        patchDim: 256,
        hiddenDim: 1024,
        predictorHidden: 1024,
      }),
    ),
    says: /truncated: \d+ bytes, the tensors need \d+|lists \d+ tensors|tensor .* has shape/,
  });
  for (const [what, text] of [
    ['header null', 'null'],
    ['header an array', '[]'],
    ['header a string', '"config"'],
    ['header deeply nested', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['header with a NaN literal', '{"config": NaN}'],
  ] as const) {
    out.push({
      what,
      bytes: withHeaderText(text),
      says: /header is not an object|header is not valid JSON|too large/,
    });
  }
  return out;
}

describe('hostile checkpoints', () => {
  const corpus = cases();

  it('the untouched file decodes (every case is one change away from a good checkpoint)', () => {
    expect(decodeCheckpoint(GOOD).weights.length).toBe(specs.length);
  });

  it(`refuses ${corpus.length} distinct bad files with a CheckpointError that says what and where`, () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const distinct = new Set(corpus.map((c) => Buffer.from(c.bytes).toString('base64')));
    expect(distinct.size).toBe(corpus.length);
    const wrong: string[] = [];
    for (const c of corpus) {
      try {
        decodeCheckpoint(c.bytes);
        wrong.push(`${c.what}: accepted`);
      } catch (e) {
        if (!(e instanceof CheckpointError))
          wrong.push(`${c.what}: threw ${(e as Error).name}: ${(e as Error).message}`);
        else if (!c.says.test(e.message))
          wrong.push(`${c.what}: said "${e.message.slice(0, 200)}", expected ${c.says}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('metrics and meta with prototype keys decode without polluting anything', () => {
    const text = JSON.stringify(header())
      .replace('"metrics":{', '"metrics":{"__proto__":{"polluted":1},"constructor":5,')
      .replace('"meta":{', '"meta":{"__proto__":"x","prototype":"y",');
    const ck = decodeCheckpoint(withHeaderText(text));
    expect(ck.metrics['steps']).toBe(3);
    expect(Object.getPrototypeOf(ck.metrics)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(ck.meta)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
