// The whitelist and limits of the cost-formula language, as data: the parser checks names and
// arities against these tables, the compiler maps the same names to tfjs ops, and the docs and
// the cost panel can list them without knowing either.
import { QUANTITIES, type QuantityName } from '../quantities';

export interface FormulaError {
  message: string;
  /** 0-based index into the source of the offending token (UTF-16 units, like String indices). */
  start: number;
  end: number;
}

export const LIMITS = {
  maxChars: 500,
  maxDepth: 32,
  maxNodes: 200,
  /** Literal numbers are bounded so that a typo (1e30) is caught rather than swamping the cost. */
  maxNumber: 1e6,
  /** Compiled outputs are clipped to +-this so one runaway term cannot put Infinity in a plan. */
  maxOutput: 1e6,
} as const;

/**
 * Comparisons are smooth so the planner's gradient sees them: a < b is sigmoid(k (b - a)) with
 * k = 20 per unit, i.e. 0.12 .. 0.88 over a 0.2-unit band around b (0.1 m for positions).
 */
export const COMPARE_SHARPNESS = 20;

export const CONSTANTS = { pi: Math.PI, e: Math.E } as const;
export type ConstantName = keyof typeof CONSTANTS;

export interface FunctionSpec {
  minArgs: number;
  /** Infinity for n-ary functions. */
  maxArgs: number;
  doc: string;
}

export const FUNCTIONS = {
  abs: { minArgs: 1, maxArgs: 1, doc: '|x|' },
  sqrt: { minArgs: 1, maxArgs: 1, doc: 'square root; negatives count as 0, gradient finite at 0' },
  exp: { minArgs: 1, maxArgs: 1, doc: 'e^x, input clamped to at most 30 so it never overflows' },
  log: { minArgs: 1, maxArgs: 1, doc: 'natural log of max(x, 1e-6)' },
  min: { minArgs: 2, maxArgs: Number.POSITIVE_INFINITY, doc: 'smallest argument (2 or more)' },
  max: { minArgs: 2, maxArgs: Number.POSITIVE_INFINITY, doc: 'largest argument (2 or more)' },
  clamp: { minArgs: 3, maxArgs: 3, doc: 'clamp(x, lo, hi) = min(max(x, lo), hi)' },
  smoothstep: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'smoothstep(e0, e1, x): 0 below e0, 1 above e1, smooth between',
  },
  relu: { minArgs: 1, maxArgs: 1, doc: 'max(x, 0)' },
  softplus: { minArgs: 1, maxArgs: 1, doc: 'log(1 + e^x), a smooth relu' },
  sigmoid: { minArgs: 1, maxArgs: 1, doc: '1 / (1 + e^-x)' },
  tanh: { minArgs: 1, maxArgs: 1, doc: 'hyperbolic tangent' },
  sin: { minArgs: 1, maxArgs: 1, doc: 'sine (radians)' },
  cos: { minArgs: 1, maxArgs: 1, doc: 'cosine (radians)' },
  pow: { minArgs: 2, maxArgs: 2, doc: 'pow(x, y) = x ^ y' },
  hypot: { minArgs: 2, maxArgs: 2, doc: 'sqrt(a^2 + b^2), gradient finite at 0' },
} as const satisfies Record<string, FunctionSpec>;
export type FunctionName = keyof typeof FUNCTIONS;

export const BINARY_OPS = ['+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '&&', '||'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];
export const UNARY_OPS = ['-', '+', '!'] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Operators jsep knows that we do not support, with what to write instead. */
export const REJECTED_OPS: Readonly<Record<string, string>> = {
  '**': "use '^' for powers",
  '===': "use '=='",
  '!==': "use '!='",
  '%': 'there is no remainder operator',
  '|': "use '||' for a smooth or",
  '&': "use '&&' for a smooth and",
  '??': 'there is no null in formulas',
  '<<': 'there are no bit shifts',
  '>>': 'there are no bit shifts',
  '>>>': 'there are no bit shifts',
  '~': 'there are no bitwise operators',
};

export const quantityNames = (): QuantityName[] => Object.keys(QUANTITIES) as QuantityName[];

export const isQuantity = (name: string): name is QuantityName => Object.hasOwn(QUANTITIES, name);
export const isFunction = (name: string): name is FunctionName => Object.hasOwn(FUNCTIONS, name);
export const isConstant = (name: string): name is ConstantName => Object.hasOwn(CONSTANTS, name);
