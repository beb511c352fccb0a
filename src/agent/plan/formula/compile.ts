// A checked formula tree -> a tree of closures over tfjs ops (never JavaScript source). Constant
// subtrees are folded once here, so `2 * pi * x` costs one multiply per plan step, and the result is
// tried on a probe context: a formula whose value or gradient is not finite there is rejected.
import { tf } from '../../tf/core';
import type { CostContext, QuantityName } from '../context';
import {
  type BinaryOp,
  COMPARE_SHARPNESS,
  type FormulaError,
  type FunctionName,
  LIMITS,
  type UnaryOp,
} from './language';
import { type FormulaNode, parseFormula } from './parse';
import { PROBE_H, probeContext, probeValues } from './probe';

type Arg = tf.Tensor | number;
type Run = (ctx: CostContext) => Arg;

/** Floors that keep sqrt/log/pow and their gradients finite at and below zero. */
const SQRT_EPS = 1e-8;
const LOG_FLOOR = 1e-6;
const POW_BASE_FLOOR = 1e-6;
const EXP_CEIL = 30;
/** Integer exponents up to this size use tf.pow directly, which is exact for negative bases. */
const MAX_INT_EXPONENT = 64;

const k = COMPARE_SHARPNESS;
const truth = (a: Arg) => tf.clipByValue(a, 0, 1);
const near = (a: Arg, b: Arg) => tf.exp(tf.neg(tf.square(tf.mul(tf.sub(a, b), k))));

function power(base: Arg, exponent: Arg): tf.Tensor {
  if (typeof exponent === 'number' && Number.isInteger(exponent) && Math.abs(exponent) <= MAX_INT_EXPONENT) {
    if (exponent === 0) return tf.onesLike(typeof base === 'number' ? tf.scalar(base) : base);
    if (exponent === 1) return typeof base === 'number' ? tf.scalar(base) : base;
    if (exponent === 2) return tf.square(base);
    return tf.pow(base, exponent);
  }
  // A fractional or variable power of a negative number is not real: floor the base instead.
  return tf.pow(tf.maximum(base, POW_BASE_FLOOR), exponent);
}

const UNARY: Record<UnaryOp, (a: Arg) => tf.Tensor> = {
  '-': (a) => tf.neg(a),
  '+': (a) => (typeof a === 'number' ? tf.scalar(a) : a),
  '!': (a) => tf.sub(1, truth(a)),
};

const BINARY: Record<BinaryOp, (a: Arg, b: Arg) => tf.Tensor> = {
  '+': (a, b) => tf.add(a, b),
  '-': (a, b) => tf.sub(a, b),
  '*': (a, b) => tf.mul(a, b),
  '/': (a, b) => tf.div(a, b),
  '^': power,
  '<': (a, b) => tf.sigmoid(tf.mul(tf.sub(b, a), k)),
  '<=': (a, b) => tf.sigmoid(tf.mul(tf.sub(b, a), k)),
  '>': (a, b) => tf.sigmoid(tf.mul(tf.sub(a, b), k)),
  '>=': (a, b) => tf.sigmoid(tf.mul(tf.sub(a, b), k)),
  '==': near,
  '!=': (a, b) => tf.sub(1, near(a, b)),
  '&&': (a, b) => tf.mul(truth(a), truth(b)),
  '||': (a, b) => {
    const ta = truth(a);
    const tb = truth(b);
    return tf.sub(tf.add(ta, tb), tf.mul(ta, tb));
  },
};

const at = (args: Arg[], i: number): Arg => args[i] ?? 0;

const FUNCTION_OPS: Record<FunctionName, (args: Arg[]) => tf.Tensor> = {
  abs: (a) => tf.abs(at(a, 0)),
  sqrt: (a) => tf.sqrt(tf.add(tf.relu(at(a, 0)), SQRT_EPS)),
  exp: (a) => tf.exp(tf.minimum(at(a, 0), EXP_CEIL)),
  log: (a) => tf.log(tf.maximum(at(a, 0), LOG_FLOOR)),
  // Both are at least binary (checked by the parser), so the reduction always yields a tensor.
  min: (a) => a.slice(1).reduce<Arg>((m, v) => tf.minimum(m, v), at(a, 0)) as tf.Tensor,
  max: (a) => a.slice(1).reduce<Arg>((m, v) => tf.maximum(m, v), at(a, 0)) as tf.Tensor,
  clamp: (a) => tf.minimum(tf.maximum(at(a, 0), at(a, 1)), at(a, 2)),
  smoothstep: (a) => {
    const t = tf.clipByValue(tf.div(tf.sub(at(a, 2), at(a, 0)), tf.sub(at(a, 1), at(a, 0))), 0, 1);
    return tf.mul(tf.square(t), tf.sub(3, tf.mul(t, 2)));
  },
  relu: (a) => tf.relu(at(a, 0)),
  softplus: (a) => tf.softplus(at(a, 0)),
  sigmoid: (a) => tf.sigmoid(at(a, 0)),
  tanh: (a) => tf.tanh(at(a, 0)),
  sin: (a) => tf.sin(at(a, 0)),
  cos: (a) => tf.cos(at(a, 0)),
  pow: (a) => power(at(a, 0), at(a, 1)),
  hypot: (a) => tf.sqrt(tf.add(tf.add(tf.square(at(a, 0)), tf.square(at(a, 1))), SQRT_EPS)),
};

class CompileFail extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

interface Built {
  node: FormulaNode;
  /** Set when the subtree does not depend on the context (folded at compile time). */
  konst?: number;
  run: Run;
}

function build(node: FormulaNode, src: string, names: Set<QuantityName>, subtrees: Built[]): Built {
  const text = src.slice(node.start, node.end);
  let kids: Built[];
  let apply: (args: Arg[]) => tf.Tensor;
  switch (node.kind) {
    case 'num':
    case 'const':
      return { node, konst: node.value, run: () => node.value };
    case 'qty': {
      const name = node.name;
      names.add(name);
      const b: Built = { node, run: (ctx) => ctx[name] };
      return b;
    }
    case 'unary': {
      const f = UNARY[node.op];
      kids = [build(node.arg, src, names, subtrees)];
      apply = (args) => f(at(args, 0));
      break;
    }
    case 'binary': {
      const f = BINARY[node.op];
      kids = [build(node.left, src, names, subtrees), build(node.right, src, names, subtrees)];
      apply = (args) => f(at(args, 0), at(args, 1));
      break;
    }
    case 'cond':
      kids = [
        build(node.test, src, names, subtrees),
        build(node.then, src, names, subtrees),
        build(node.otherwise, src, names, subtrees),
      ];
      // cond ? a : b blends by the (smooth) truth of cond, so the planner feels both branches.
      apply = (args) => tf.add(at(args, 2), tf.mul(truth(at(args, 0)), tf.sub(at(args, 1), at(args, 2))));
      break;
    case 'call': {
      const f = FUNCTION_OPS[node.fn];
      kids = node.args.map((a) => build(a, src, names, subtrees));
      if (node.fn === 'smoothstep' && kids[0]?.konst !== undefined && kids[0].konst === kids[1]?.konst) {
        throw new CompileFail(`smoothstep needs e0 != e1 at ${node.start}`, node.start, node.end);
      }
      apply = f;
      break;
    }
  }
  if (kids.every((c) => c.konst !== undefined)) {
    const value = tf.tidy(() => apply(kids.map((c) => c.konst ?? 0)).dataSync()[0] ?? Number.NaN);
    if (!Number.isFinite(value)) {
      throw new CompileFail(`'${text}' is not finite (${value}) at ${node.start}`, node.start, node.end);
    }
    return { node, konst: value, run: () => value };
  }
  const runs = kids.map((c) => c.run);
  const run: Run = (ctx) => apply(runs.map((r) => r(ctx)));
  const b: Built = { node, run };
  subtrees.push(b);
  return b;
}

export type CompileResult =
  | { ok: true; fn: (ctx: CostContext) => tf.Tensor; names: QuantityName[] }
  | { ok: false; error: FormulaError };

const firstNonFinite = (d: ArrayLike<number>): number => {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i] ?? Number.NaN)) return i;
  return -1;
};

function usesName(n: FormulaNode, name: QuantityName): boolean {
  switch (n.kind) {
    case 'qty':
      return n.name === name;
    case 'unary':
      return usesName(n.arg, name);
    case 'binary':
      return usesName(n.left, name) || usesName(n.right, name);
    case 'cond':
      return usesName(n.test, name) || usesName(n.then, name) || usesName(n.otherwise, name);
    case 'call':
      return n.args.some((a) => usesName(a, name));
    default:
      return false;
  }
}

function describeEntry(names: QuantityName[], entry: number): string {
  const v = probeValues();
  const parts = names.map((n) => `${n} = ${+(v[n][entry] ?? 0).toPrecision(3)}`);
  const where = parts.length ? parts.join(', ') : `t = ${(entry % PROBE_H) + 1}`;
  return `when ${where}`;
}

/** Tries the formula on the probe context; throws CompileFail naming the first bad subexpression. */
function validate(root: Built, subtrees: Built[], names: QuantityName[], src: string): void {
  tf.tidy(() => {
    const ctx = probeContext();
    const value = root.run(ctx) as tf.Tensor;
    const bad = firstNonFinite(value.dataSync());
    if (bad >= 0) {
      // Subtrees are in post-order, so the first one that is not finite is the innermost culprit.
      for (const s of subtrees) {
        const d = (s.run(ctx) as tf.Tensor).dataSync();
        const j = firstNonFinite(d);
        if (j < 0) continue;
        const used = names.filter((n) => usesName(s.node, n));
        const text = src.slice(s.node.start, s.node.end);
        throw new CompileFail(
          `'${text}' is not finite (${d[j]}) ${describeEntry(used, j)} at ${s.node.start}`,
          s.node.start,
          s.node.end,
        );
      }
    }
    const xs = names.map((n) => ctx[n]);
    const gradOf = (s: Built) =>
      tf.grads((...v: tf.Tensor[]) => {
        const c: Record<string, unknown> = { ...ctx };
        names.forEach((n, i) => {
          c[n] = v[i];
        });
        // Each input joins with weight 0, so a subtree that ignores one (x^0) still has a gradient.
        return v.reduce<tf.Tensor>(
          (acc, t) => tf.add(acc, tf.mul(tf.sum(t), 0)),
          tf.sum(s.run(c as CostContext) as tf.Tensor),
        );
      })(xs);
    const badGrad = (gs: tf.Tensor[]) => {
      for (let i = 0; i < gs.length; i++) {
        const j = firstNonFinite(gs[i]?.dataSync() ?? []);
        if (j >= 0) return { name: names[i] as QuantityName, entry: j };
      }
      return undefined;
    };
    if (!badGrad(gradOf(root))) return;
    for (const s of subtrees) {
      const g = badGrad(gradOf(s));
      if (!g) continue;
      const text = src.slice(s.node.start, s.node.end);
      throw new CompileFail(
        `the gradient of '${text}' with respect to ${g.name} is not finite ${describeEntry([g.name], g.entry)} at ${s.node.start}`,
        s.node.start,
        s.node.end,
      );
    }
  });
}

/**
 * Compiles a formula to a cost function over a CostContext returning [K, H]. The function must be
 * called inside tf.tidy (its intermediates are left for the caller's scope, like any cost term).
 */
export function compileFormula(src: string): CompileResult {
  const parsed = parseFormula(src);
  if (!parsed.ok) return parsed;
  const names = new Set<QuantityName>();
  const subtrees: Built[] = [];
  try {
    const root = build(parsed.ast, src, names, subtrees);
    const used = [...names];
    if (root.konst !== undefined) {
      const value = Math.max(-LIMITS.maxOutput, Math.min(LIMITS.maxOutput, root.konst));
      return { ok: true, fn: (ctx) => tf.fill([ctx.K, ctx.H], value), names: used };
    }
    validate(root, subtrees, used, src);
    const run = root.run;
    const fn = (ctx: CostContext): tf.Tensor => {
      const v = run(ctx) as tf.Tensor;
      const full =
        v.rank === 2 && v.shape[0] === ctx.K && v.shape[1] === ctx.H ? v : tf.broadcastTo(v, [ctx.K, ctx.H]);
      return tf.clipByValue(full, -LIMITS.maxOutput, LIMITS.maxOutput);
    };
    return { ok: true, fn, names: used };
  } catch (e) {
    if (e instanceof CompileFail)
      return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
    throw e;
  }
}
