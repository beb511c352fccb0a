import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../tf/backend-node';
import { tf } from '../../tf/core';
import { type CostContext, QUANTITIES, type QuantityName } from '../context';
import { IntrinsicCost } from '../cost';
import { defaultCostTerms } from '../cost-terms';
import { compileFormula } from './compile';
import { COMPARE_SHARPNESS, LIMITS } from './language';
import { formulaTerm } from './term';

const K = 2;
const H = 3;
const names = Object.keys(QUANTITIES) as QuantityName[];

/** Deterministic per-quantity values: quantity i, entry j -> a small distinct number. */
function values(): Record<QuantityName, number[]> {
  const out = {} as Record<QuantityName, number[]>;
  names.forEach((n, i) => {
    out[n] = Array.from({ length: K * H }, (_, j) => (n === 't' ? (j % H) + 1 : 0.1 + 0.13 * i + 0.07 * j));
  });
  out.vx = out.vx.map((v) => -v);
  return out;
}

function contextOf(v: Record<QuantityName, number[]>): CostContext {
  const t = {} as Record<QuantityName, tf.Tensor2D>;
  for (const n of names) t[n] = tf.tensor2d(v[n], [K, H]);
  return { ...t, K, H };
}

function evalFormula(src: string, v = values()): number[] {
  const r = compileFormula(src);
  if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
  return tf.tidy(() => {
    const out = r.fn(contextOf(v));
    expect(out.shape).toEqual([K, H]);
    return Array.from(out.dataSync());
  });
}

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const kc = COMPARE_SHARPNESS;

describe('compiled formulas', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('match hand computation for a table of formulas', () => {
    type Q = Record<QuantityName, number>;
    const table: [string, (q: Q) => number][] = [
      ['3', () => 3],
      ['-2.5e-1', () => -0.25],
      ['x + 2*y - 1', (q) => q.x + 2 * q.y - 1],
      ['x / (y + 0.5)', (q) => q.x / (q.y + 0.5)],
      ['-x^2', (q) => -(q.x ** 2)],
      ['(-vx)^3 + vx^3 + (vx - 5)^-1', (q) => (-q.vx) ** 3 + q.vx ** 3 + 1 / (q.vx - 5)],
      ['vx^2', (q) => q.vx ** 2],
      ['x^0 + y^1', (q) => 1 + q.y],
      ['2^3^2', () => 512],
      ['speed^0.5', (q) => Math.sqrt(q.speed)],
      ['pow(x, 3)', (q) => q.x ** 3],
      ['relu(1 - x)^2', (q) => Math.max(0, 1 - q.x) ** 2],
      ['speed * exp(-goalPosDist)', (q) => q.speed * Math.exp(-q.goalPosDist)],
      ['abs(vx) + sqrt(y) + log(x)', (q) => Math.abs(q.vx) + Math.sqrt(q.y) + Math.log(q.x)],
      ['min(x, y, t) + max(x, hazard)', (q) => Math.min(q.x, q.y, q.t) + Math.max(q.x, q.hazard)],
      ['clamp(t, 1.5, 2.5)', (q) => Math.min(Math.max(q.t, 1.5), 2.5)],
      [
        'smoothstep(0.5, 1.5, x)',
        (q) => {
          const s = Math.min(1, Math.max(0, (q.x - 0.5) / 1));
          return s * s * (3 - 2 * s);
        },
      ],
      [
        'softplus(vx) + sigmoid(y) + tanh(ax)',
        (q) => Math.log1p(Math.exp(q.vx)) + sig(q.y) + Math.tanh(q.ax),
      ],
      ['sin(x) * cos(y)', (q) => Math.sin(q.x) * Math.cos(q.y)],
      ['hypot(x, y)', (q) => Math.hypot(q.x, q.y)],
      ['pi * e', () => Math.PI * Math.E],
      ['x < 0.5', (q) => sig(kc * (0.5 - q.x))],
      ['x >= y', (q) => sig(kc * (q.x - q.y))],
      ['t == 2', (q) => Math.exp(-((kc * (q.t - 2)) ** 2))],
      ['t != 2', (q) => 1 - Math.exp(-((kc * (q.t - 2)) ** 2))],
      ['!(t > 2.5)', (q) => 1 - sig(kc * (q.t - 2.5))],
      ['t > 1.5 && t < 2.5', (q) => sig(kc * (q.t - 1.5)) * sig(kc * (2.5 - q.t))],
      [
        't < 1.5 || t > 2.5',
        (q) => {
          const a = sig(kc * (1.5 - q.t));
          const b = sig(kc * (q.t - 2.5));
          return a + b - a * b;
        },
      ],
      ['t > 2.5 ? 10 : x', (q) => q.x + sig(kc * (q.t - 2.5)) * (10 - q.x)],
      ['exp(100) / 1e6 / 100', () => Math.exp(30) / 1e8],
      ['1e6 * 1e6', () => LIMITS.maxOutput],
    ];
    const v = values();
    for (const [src, f] of table) {
      const got = evalFormula(src, v);
      const want = got.map((_, j) => {
        const q = {} as Q;
        for (const n of names) q[n] = v[n][j] ?? 0;
        return f(q);
      });
      for (let j = 0; j < want.length; j++) {
        const w = want[j] ?? 0;
        expect(Math.abs((got[j] ?? 0) - w), `${src} at ${j}: got ${got[j]}, want ${w}`).toBeLessThanOrEqual(
          1e-4 * Math.max(1, Math.abs(w)),
        );
      }
    }
  });

  it('gradients match finite differences, smooth comparisons included', () => {
    const formulas = [
      'relu(1 - x)^2 + speed * exp(-goalPosDist)',
      'x < 0.6 ? y^2 : sin(y)',
      'hypot(vx, vy) * sigmoid(hazard) + log(wallDist) / t',
      'smoothstep(0.2, 1.2, x) * (ax > 0.5) + min(x, y) + softplus(dax - day)',
      'sqrt(goalDist) + abs(vx) ^ 1.5 + clamp(ay, 0, 1.7)',
    ];
    const base = values();
    const eps = 1e-2;
    for (const src of formulas) {
      const r = compileFormula(src);
      if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
      const total = (v: Record<QuantityName, number[]>) =>
        tf.tidy(() => tf.sum(r.fn(contextOf(v))).dataSync()[0] ?? 0);
      const grads = tf.tidy(() => {
        const ctx = contextOf(base);
        const xs = r.names.map((n) => ctx[n]);
        const g = tf.grads((...t: tf.Tensor[]) => {
          const c = { ...ctx } as Record<string, unknown>;
          r.names.forEach((n, i) => {
            c[n] = t[i];
          });
          return tf.sum(r.fn(c as CostContext));
        })(xs);
        return g.map((t) => Array.from(t.dataSync()));
      });
      r.names.forEach((n, i) => {
        for (let j = 0; j < K * H; j++) {
          const plus = values();
          const minus = values();
          plus[n][j] = (plus[n][j] ?? 0) + eps;
          minus[n][j] = (minus[n][j] ?? 0) - eps;
          const fd = (total(plus) - total(minus)) / (2 * eps);
          const an = grads[i]?.[j] ?? Number.NaN;
          expect(Math.abs(an - fd), `${src} d/d${n}[${j}]: analytic ${an}, fd ${fd}`).toBeLessThan(
            0.02 * Math.max(1, Math.abs(fd)),
          );
        }
      });
    }
  });

  it('a compiled term plugs into IntrinsicCost and changes the cost', () => {
    const made = formulaTerm('leftWall', 'stay away from the left wall', 'relu(1 - x)^2', 3);
    if (!made.ok) throw new Error(made.error.message);
    expect(made.names).toEqual(['x']);
    const cost = new IntrinsicCost(defaultCostTerms());
    const v = values();
    const before = tf.tidy(() => Array.from(cost.evaluate(contextOf(v)).total.dataSync()));
    cost.setTerm(made.term);
    const { total, col } = tf.tidy(() => {
      const e = cost.evaluate(contextOf(v));
      const T = cost.termIds.length;
      const i = cost.termIds.indexOf('leftWall');
      return {
        total: Array.from(e.total.dataSync()),
        col: Array.from(e.perTerm.dataSync()).filter((_, j) => j % T === i),
      };
    });
    for (let kk = 0; kk < K; kk++) {
      let want = 0;
      for (let h = 0; h < H; h++) want += 3 * Math.max(0, 1 - (v.x[kk * H + h] ?? 0)) ** 2;
      expect(col[kk]).toBeCloseTo(want, 4);
      expect((total[kk] ?? 0) - (before[kk] ?? 0)).toBeCloseTo(want, 4);
    }
  });

  it('formulaTerm reports a bad formula or weight instead of making a term', () => {
    const bad = formulaTerm('f', 'f', 'sqrt(x, y)', 1);
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error).toEqual({ message: 'sqrt expects 1 argument, got 2 at 0', start: 0, end: 10 });
    const nanWeight = formulaTerm('f', 'f', 'x', Number.NaN);
    expect(nanWeight.ok).toBe(false);
    if (!nanWeight.ok) expect(nanWeight.error.message).toMatch(/weight must be a finite number/);
    const good = formulaTerm('f', 'f', 'hazard^2 * 10', 0.5, 'increasing');
    expect(good.ok && good.term.steps).toBe('increasing');
  });

  it('keeps the tensor count flat over many evaluations and compiles', () => {
    const r = compileFormula('t > 1.5 ? relu(1 - x)^2 : speed * exp(-goalPosDist) + min(x, y, 3)');
    if (!r.ok) throw new Error(r.error.message);
    const ctxTensors = tf.tidy(() => {
      const c = contextOf(values());
      for (const n of names) tf.keep(c[n]);
      return c;
    });
    const start = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      tf.tidy(() => {
        r.fn(ctxTensors);
        tf.grads((x: tf.Tensor) => tf.sum(r.fn({ ...ctxTensors, x: x as tf.Tensor2D })))([ctxTensors.x]);
      });
    }
    for (const src of ['x + y', '1/0', 'min(1/x, 5)', 'log(x) * sqrt(y)', 'x ? ']) compileFormula(src);
    expect(tf.memory().numTensors).toBe(start);
    for (const n of names) ctxTensors[n].dispose();
  });

  it('compiles every example in docs/formulas.md', () => {
    const doc = readFileSync(new URL('../../../../docs/formulas.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Examples'), doc.indexOf('## Quantities'));
    const examples = [...section.matchAll(/^\|[^|]+\| `([^`]+)` \|$/gm)].map((m) => m[1] ?? '');
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const src of examples) {
      const r = compileFormula(src);
      expect(r.ok ? 'ok' : r.error.message, src).toBe('ok');
    }
  });

  it('rejects formulas whose value or gradient is not finite on the probe, naming the culprit', () => {
    const cases: [string, RegExp][] = [
      ['x + 1/0', /'1\/0' is not finite \(Infinity\) at 4/],
      ['0/0', /'0\/0' is not finite \(NaN\) at 0/],
      ['1/hazard', /'1\/hazard' is not finite .*hazard = 0/],
      ['x^-1', /'x\^-1' is not finite/],
      ['speed / speed', /not finite/],
      ['min(1/x, 5) - 1/(x + 1)', /not finite|gradient of '1\/x'/],
      ['smoothstep(1, 1, x)', /smoothstep needs e0 != e1 at 0/],
    ];
    for (const [src, re] of cases) {
      const r = compileFormula(src);
      expect(r.ok, src).toBe(false);
      if (!r.ok) {
        expect(r.error.message).toMatch(re);
        expect(r.error.start).toBeGreaterThanOrEqual(0);
        expect(r.error.end).toBeLessThanOrEqual(src.length);
      }
    }
  });

  it('prints the cost of a compiled formula over [64, 16] (not asserted)', () => {
    const srcs = ['relu(1 - x)^2', 'speed * exp(-goalPosDist)', 't > 8 ? hazard * 10 : 2 * pi * wallDist'];
    const Kb = 64;
    const Hb = 16;
    const ctx = tf.tidy(() => {
      const t = {} as Record<QuantityName, tf.Tensor2D>;
      for (const n of names) t[n] = tf.keep(tf.randomUniform([Kb, Hb], 0, 1, 'float32', 3) as tf.Tensor2D);
      return { ...t, K: Kb, H: Hb } as CostContext;
    });
    for (const src of srcs) {
      const r = compileFormula(src);
      if (!r.ok) throw new Error(r.error.message);
      let kernels = 0;
      tf.tidy(() => {
        const before = tf.memory().numTensors;
        r.fn(ctx);
        kernels = tf.memory().numTensors - before;
      });
      const n = 500;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) tf.tidy(() => r.fn(ctx).dataSync());
      const fwd = (performance.now() - t0) / n;
      const t1 = performance.now();
      for (let i = 0; i < n / 5; i++) {
        tf.tidy(() => {
          const g = tf.grads((...xs: tf.Tensor[]) => {
            const c = { ...ctx } as Record<string, unknown>;
            r.names.forEach((name, j) => {
              c[name] = xs[j];
            });
            return tf.sum(r.fn(c as CostContext));
          })(r.names.map((name) => ctx[name]));
          for (const t of g) t.dataSync();
        });
      }
      const bwd = (performance.now() - t1) / (n / 5);
      console.log(
        `[64,16] '${src}': ${kernels} tensors, forward ${fwd.toFixed(3)} ms, forward+grad ${bwd.toFixed(3)} ms`,
      );
    }
    const c0 = performance.now();
    for (let i = 0; i < 50; i++) compileFormula(srcs[2] ?? '');
    console.log(
      `compile (parse + fold + probe value and gradient): ${((performance.now() - c0) / 50).toFixed(2)} ms`,
    );
    for (const n of names) ctx[n].dispose();
  });
});
