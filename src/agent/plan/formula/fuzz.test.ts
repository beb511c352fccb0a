import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../model/rng';
import { initNodeBackend } from '../../tf/backend-node';
import { tf } from '../../tf/core';
import { QUANTITIES } from '../context';
import { compileFormula } from './compile';
import { FUNCTIONS } from './language';
import { probeContext, probeValues } from './probe';

// Tokens weighted towards valid ones so that a fair share of streams parse and reach the compiler.
const VALID = [
  ...Object.keys(QUANTITIES),
  ...Object.keys(FUNCTIONS).map((f) => `${f}(`),
  'pi',
  'e',
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '!',
  '?',
  ':',
  '(',
  ')',
  ',',
  '0',
  '1',
  '2',
  '0.5',
  '1e-3',
  '1e6',
];
const HOSTILE = [
  'constructor',
  '__proto__',
  'this',
  'eval(',
  '.',
  '[',
  ']',
  '{',
  '"',
  "'",
  '`',
  ';',
  '=',
  '%',
  '**',
  '~',
  '1e400',
  'NaN',
  'Infinity',
  'é',
  '\u0000',
  '😀',
  ' ',
  '\n',
];

function randomFormula(rand: () => number): string {
  const n = 1 + Math.floor(rand() * 14);
  let s = '';
  for (let i = 0; i < n; i++) {
    const pool = rand() < 0.9 ? VALID : HOSTILE;
    const tok = pool[Math.floor(rand() * pool.length)] ?? '';
    s += tok + (rand() < 0.3 ? ' ' : '');
  }
  // Close what was opened in about half the streams so that calls and groups get through.
  if (rand() < 0.5) {
    const open = (s.match(/\(/g) ?? []).length - (s.match(/\)/g) ?? []).length;
    if (open > 0) s += ')'.repeat(open);
  }
  return s;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const BIN = ['+', '-', '*', '/', '^', '<', '>', '<=', '>=', '==', '!=', '&&', '||'];
const NUMS = ['0', '1', '2', '0.5', '3', '1e-3', '10', '100', '1e6', '.25'];

/** A random well-formed expression (then sometimes mutated): reaches the compiler far more often. */
function grammarFormula(rand: () => number, depth = 0): string {
  const r = rand();
  if (depth > 4 || r < 0.3) {
    const leaf = rand();
    if (leaf < 0.6) return pick(rand, Object.keys(QUANTITIES));
    if (leaf < 0.9) return pick(rand, NUMS);
    return pick(rand, ['pi', 'e']);
  }
  if (r < 0.6)
    return `${grammarFormula(rand, depth + 1)} ${pick(rand, BIN)} ${grammarFormula(rand, depth + 1)}`;
  if (r < 0.65) return `-${grammarFormula(rand, depth + 1)}`;
  if (r < 0.7) return `(${grammarFormula(rand, depth + 1)})`;
  if (r < 0.75) {
    const [a, b, c] = [0, 1, 2].map(() => grammarFormula(rand, depth + 1));
    return `${a} ? ${b} : ${c}`;
  }
  const [name, spec] = pick(rand, Object.entries(FUNCTIONS));
  const n = spec.minArgs + (spec.maxArgs > spec.minArgs && rand() < 0.3 ? 1 : 0);
  return `${name}(${Array.from({ length: n }, () => grammarFormula(rand, depth + 1)).join(', ')})`;
}

function mutate(rand: () => number, s: string): string {
  const i = Math.floor(rand() * (s.length + 1));
  const m = rand();
  if (m < 0.33) return s.slice(0, i) + s.slice(i + 1);
  const tok = rand() < 0.5 ? pick(rand, HOSTILE) : pick(rand, VALID);
  if (m < 0.66) return s.slice(0, i) + tok + s.slice(i);
  return s.slice(0, i) + tok + s.slice(i + 1);
}

describe('formula fuzz', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('random token streams give a positioned error or a function with finite values, never a throw', () => {
    const rand = mulberry32(20261130);
    const other = probeValues(99); // a second context the formula was not checked on
    const start = tf.memory().numTensors;
    let compiled = 0;
    const N = 3000;
    for (let i = 0; i < N; i++) {
      const src =
        i % 2 === 0
          ? randomFormula(rand)
          : rand() < 0.3
            ? mutate(rand, grammarFormula(rand))
            : grammarFormula(rand);
      const r = compileFormula(src);
      if (!r.ok) {
        const e = r.error;
        expect(typeof e.message, src).toBe('string');
        expect(e.message, src).toMatch(/ at \d+/);
        expect(e.start, src).toBeGreaterThanOrEqual(0);
        expect(e.end, src).toBeGreaterThanOrEqual(e.start);
        expect(e.end, src).toBeLessThanOrEqual(src.length);
        continue;
      }
      compiled++;
      const data = tf.tidy(() => Array.from(r.fn(probeContext(other)).dataSync()));
      expect(data.length, src).toBe(6);
      expect(
        data.every((v) => Number.isFinite(v)),
        `${src} -> ${data}`,
      ).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(start);
    console.log(`fuzz: ${compiled} of ${N} random streams compiled; all others rejected with a position`);
    expect(compiled).toBeGreaterThan(300);
  });
});
