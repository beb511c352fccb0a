// Source text -> a checked formula tree. jsep only tokenises and builds a raw tree; everything it
// accepts that is not in our whitelist (members, strings, `this`, unknown calls, bit operators) is
// rejected here with the offending token's position, so the compiler only ever sees valid trees.
import jsep from 'jsep';
import type { QuantityName } from '../quantities';
import {
  BINARY_OPS,
  type BinaryOp,
  CONSTANTS,
  type ConstantName,
  type FormulaError,
  FUNCTIONS,
  type FunctionName,
  isConstant,
  isFunction,
  isQuantity,
  LIMITS,
  quantityNames,
  REJECTED_OPS,
  UNARY_OPS,
  type UnaryOp,
} from './language';

export interface Span {
  start: number;
  end: number;
}

export type FormulaNode = Span &
  (
    | { kind: 'num'; value: number }
    | { kind: 'qty'; name: QuantityName }
    | { kind: 'const'; name: ConstantName; value: number }
    | { kind: 'unary'; op: UnaryOp; arg: FormulaNode }
    | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
    | { kind: 'cond'; test: FormulaNode; then: FormulaNode; otherwise: FormulaNode }
    | { kind: 'call'; fn: FunctionName; args: FormulaNode[] }
  );

export type ParseResult = { ok: true; ast: FormulaNode } | { ok: false; error: FormulaError };

/** Thrown inside the parser only; parseFormula turns it into a result. */
class FormulaFail extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// jsep wiring. jsep keeps its configuration and hooks in module globals, so our hooks do nothing
// unless `active` (set only for the duration of our own synchronous parse) and the `^` precedence
// change is undone afterwards: other users of jsep see it unchanged.

type RawNode = jsep.Expression & {
  start?: number;
  end?: number;
  paren?: boolean;
  /** Span including the outermost parentheses, when the node was written in parentheses. */
  outer?: Span;
};
let active = false;
const tokenStarts: number[] = [];
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

jsep.hooks.add('gobble-token', function gobbleFormulaNumber(env) {
  if (!active) return;
  const src = this.expr;
  const i = this.index;
  tokenStarts.push(i);
  const c = src[i];
  if (!(isDigit(c) || (c === '.' && isDigit(src[i + 1])))) return;
  // Our own number reader: positions, a bound on magnitude and no `1.2.3` or `2x` surprises.
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(src);
  if (!m) return;
  let end = i + m[0].length;
  if (/[A-Za-z0-9_.]/.test(src[end] ?? '')) {
    while (end < src.length && /[A-Za-z0-9_.]/.test(src[end] ?? '')) end++;
    const text = src.slice(i, end);
    throw new FormulaFail(`malformed number '${text}' at ${i} (write 2*x, not 2x)`, i, end);
  }
  const value = Number(m[0]);
  if (!Number.isFinite(value) || Math.abs(value) > LIMITS.maxNumber) {
    throw new FormulaFail(
      `number '${m[0]}' is out of range at ${i} (at most ${LIMITS.maxNumber} in size)`,
      i,
      end,
    );
  }
  this.index = end;
  env.node = { type: 'Literal', value, raw: m[0], start: i, end } as RawNode;
});

jsep.hooks.add('after-token', function spanFormulaToken(env) {
  if (!active) return;
  const start = tokenStarts.pop() ?? this.index;
  const node = env.node as RawNode | undefined;
  if (!node) return;
  if (node.start !== undefined) {
    // The same node object coming back out of a token that began earlier: it was in parentheses.
    if (start < node.start) {
      node.paren = true;
      node.outer = { start, end: trimmedEnd(this.expr, start, this.index) };
    }
    return;
  }
  node.start = start;
  node.end = trimmedEnd(this.expr, start, this.index);
});

function trimmedEnd(src: string, start: number, index: number): number {
  let end = index;
  while (end > start && isSpace(src[end - 1])) end--;
  return end;
}

function jsepParse(src: string): RawNode {
  const prevPrec = jsep.binary_ops['^'];
  const prevRight = jsep.right_associative.has('^');
  // Power binds tighter than * and /, and a^b^c = a^(b^c), as in mathematics.
  jsep.addBinaryOp('^', 11, true);
  active = true;
  tokenStarts.length = 0;
  try {
    return jsep(src) as RawNode;
  } finally {
    active = false;
    if (prevPrec === undefined) jsep.removeBinaryOp('^');
    else jsep.addBinaryOp('^', prevPrec, prevRight);
  }
}

// ---------------------------------------------------------------------------------------------
// Checks before jsep sees the text: length, characters, parenthesis balance and nesting. They
// bound jsep's recursion and give better positions than jsep would.

const CHAR_HINTS: Readonly<Record<string, string>> = {
  "'": 'strings are not part of formulas',
  '"': 'strings are not part of formulas',
  '`': 'strings and templates are not part of formulas',
  '[': 'arrays and indexing are not part of formulas',
  ']': 'arrays and indexing are not part of formulas',
  '{': 'objects and blocks are not part of formulas',
  '}': 'objects and blocks are not part of formulas',
  ';': 'a formula is a single expression',
  $: 'names are letters, digits and _',
  '#': 'comments are not part of formulas',
  '@': 'names are letters, digits and _',
  '\\': 'escapes are not part of formulas',
};
const ALLOWED = /[A-Za-z0-9_ \t\n\r+\-*/^()<>=!&|?:,.%~]/;

function describeChar(src: string, i: number): { text: string; len: number } {
  const cp = src.codePointAt(i) ?? 0;
  const len = cp > 0xffff ? 2 : 1;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return { text: `control character ${hex}`, len };
  if (cp > 0x7e) return { text: `character '${String.fromCodePoint(cp)}' (${hex})`, len };
  return { text: `'${String.fromCodePoint(cp)}'`, len };
}

function precheck(src: string): void {
  if (src.length > LIMITS.maxChars) {
    throw new FormulaFail(
      `formula too long (${src.length} > ${LIMITS.maxChars} characters) at ${LIMITS.maxChars}`,
      LIMITS.maxChars,
      src.length,
    );
  }
  if (src.trim() === '') throw new FormulaFail('formula is empty at 0', 0, src.length);
  const open: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i] ?? '';
    if (!ALLOWED.test(c)) {
      const d = describeChar(src, i);
      const hint = CHAR_HINTS[c] ?? (c.charCodeAt(0) > 0x7e ? 'formulas are plain ASCII' : '');
      throw new FormulaFail(`unexpected ${d.text} at ${i}${hint ? ` — ${hint}` : ''}`, i, i + d.len);
    }
    if (c === '(') {
      open.push(i);
      if (open.length > LIMITS.maxDepth) {
        throw new FormulaFail(
          `formula too deep (more than ${LIMITS.maxDepth} nested parentheses) at ${i}`,
          i,
          i + 1,
        );
      }
    } else if (c === ')') {
      if (open.pop() === undefined)
        throw new FormulaFail(`unexpected ')' at ${i} — no '(' to close`, i, i + 1);
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) {
    throw new FormulaFail(`unclosed '(' at ${unclosed}`, unclosed, unclosed + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// jsep's own errors carry an index; translate the wording and add hints for common slips.

function fromJsepError(
  src: string,
  err: { index: number; description?: string; message: string },
): FormulaFail {
  let i = Math.max(0, Math.min(err.index, src.length));
  const desc = (err.description ?? err.message).replace(/"/g, "'");
  const tok = /^Unexpected token (.)/.exec(desc)?.[1];
  if (tok !== undefined) {
    if (src[i - 1] === tok) i--; // jsep reports just past that token
    return new FormulaFail(`unexpected '${tok}' at ${i}`, i, i + 1);
  }
  if (desc.startsWith('Variable names cannot start')) {
    const dot = src.lastIndexOf('.', i);
    if (dot >= 0)
      return new FormulaFail(`unexpected '.' at ${dot} — member access is not allowed`, dot, dot + 1);
  }
  const c = src[i];
  if (i >= src.trimEnd().length) {
    const j = Math.max(0, src.trimEnd().length - 1);
    const what = desc.startsWith('Expected :')
      ? "expected ':' to finish 'cond ? a : b'"
      : `formula ends too early after '${src[j] ?? ''}'`;
    return new FormulaFail(`${what} at ${j}`, j, j + 1);
  }
  if (c === '=' && src[i + 1] !== '=') {
    return new FormulaFail(
      `unexpected '=' at ${i} — assignments are not allowed; use '==' to compare`,
      i,
      i + 1,
    );
  }
  if (c === ':') return new FormulaFail(`unexpected ':' at ${i} — ':' only follows 'cond ? a'`, i, i + 1);
  if (c === '?') return new FormulaFail(`unexpected '?' at ${i} — write 'cond ? a : b'`, i, i + 1);
  if (c === '.') return new FormulaFail(`unexpected '.' at ${i} — member access is not allowed`, i, i + 1);
  const after = /^Expected expression after (.+)$/.exec(desc)?.[1];
  if (after !== undefined)
    return new FormulaFail(`expected an expression after '${after}' at ${i}`, i, i + 1);
  return new FormulaFail(`${desc.charAt(0).toLowerCase()}${desc.slice(1)} at ${i}`, i, i + 1);
}

// ---------------------------------------------------------------------------------------------
// Raw jsep tree -> checked tree.

const CANDIDATES = [...quantityNames(), ...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS)];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest known name, if any is close enough to be a plausible typo. */
export function suggestName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = CANDIDATES.find((c) => c.toLowerCase() === lower);
  if (exact) return exact;
  // One-letter slips of one- or two-letter names are guesses, not typos: offer nothing.
  if (name.length <= 2) return undefined;
  let best: string | undefined;
  let bestD = Math.max(1, Math.min(2, Math.floor(name.length / 3)));
  for (const c of CANDIDATES) {
    const d = editDistance(lower, c.toLowerCase());
    if (d <= bestD && (best === undefined || d < bestD)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function spanOf(n: RawNode, src: string): Span {
  if (n.start !== undefined && n.end !== undefined) return { start: n.start, end: n.end };
  // Binary and conditional nodes are built without hooks: span them by their outermost children.
  const kids = childrenOf(n);
  const first = kids[0];
  const last = kids[kids.length - 1];
  if (first && last) return { start: outerSpan(first, src).start, end: outerSpan(last, src).end };
  return { start: 0, end: src.length };
}

const outerSpan = (n: RawNode, src: string): Span => n.outer ?? spanOf(n, src);

function childrenOf(n: RawNode): RawNode[] {
  switch (n.type) {
    case 'BinaryExpression':
      return [n.left as RawNode, n.right as RawNode];
    case 'ConditionalExpression':
      return [n.test as RawNode, n.consequent as RawNode, n.alternate as RawNode];
    case 'Compound':
      return n.body as RawNode[];
    case 'SequenceExpression':
      return n.expressions as RawNode[];
    default:
      return [];
  }
}

function fail(message: string, span: Span, hint?: string): never {
  throw new FormulaFail(`${message} at ${span.start}${hint ? ` — ${hint}` : ''}`, span.start, span.end);
}

/** Position of the first non-space character at or after `from` (for separators between nodes). */
function nextToken(src: string, from: number): number {
  let i = from;
  while (i < src.length && isSpace(src[i])) i++;
  return i;
}

function convert(n: RawNode, src: string, depth: number, count: { nodes: number }): FormulaNode {
  const span = spanOf(n, src);
  if (depth > LIMITS.maxDepth) {
    throw new FormulaFail(
      `formula too deep (${depth} > ${LIMITS.maxDepth}) at ${span.start}`,
      span.start,
      span.end,
    );
  }
  if (++count.nodes > LIMITS.maxNodes) {
    throw new FormulaFail(
      `formula too large (more than ${LIMITS.maxNodes} terms) at ${span.start}`,
      span.start,
      span.end,
    );
  }
  const text = src.slice(span.start, span.end);
  switch (n.type) {
    case 'Literal': {
      if (typeof n.value === 'number') return { kind: 'num', value: n.value, ...span };
      return fail(`'${text}' is not a number`, span);
    }
    case 'Identifier': {
      const name = String(n.name);
      if (isQuantity(name)) return { kind: 'qty', name, ...span };
      if (isConstant(name)) return { kind: 'const', name, value: CONSTANTS[name], ...span };
      if (isFunction(name)) return fail(`'${name}' is a function`, span, `call it like ${name}(x)`);
      const guess = suggestName(name);
      const end = span.start + name.length;
      throw new FormulaFail(
        `unknown name '${name}' at ${span.start}${guess ? ` — did you mean '${guess}'?` : ''}`,
        span.start,
        end,
      );
    }
    case 'ThisExpression':
      return fail(`'this' is not allowed`, span);
    case 'MemberExpression': {
      const dot = text.search(/[.[]/);
      const at = dot < 0 ? span.start : span.start + dot;
      return fail(`member access '${text}' is not allowed`, { start: at, end: span.end });
    }
    case 'Compound':
    case 'SequenceExpression': {
      const kids = childrenOf(n);
      const comma = src.indexOf(',', span.start);
      const at = kids[0] ? nextToken(src, spanOf(kids[0], src).end) : comma >= 0 ? comma : span.start;
      const what = src[at] === ',' ? "','" : `'${src[at] ?? ''}'`;
      const hint = src[at] === ',' ? 'a formula is a single expression' : 'is an operator missing before it?';
      throw new FormulaFail(`unexpected ${what} at ${at} — ${hint}`, at, at + 1);
    }
    case 'UnaryExpression': {
      const op = String(n.operator);
      if (!(UNARY_OPS as readonly string[]).includes(op)) {
        const opSpan = { start: span.start, end: span.start + op.length };
        return fail(`operator '${op}' is not supported`, opSpan, REJECTED_OPS[op]);
      }
      const arg = convert(n.argument as RawNode, src, depth + 1, count);
      return { kind: 'unary', op: op as UnaryOp, arg, ...span };
    }
    case 'BinaryExpression': {
      const op = String(n.operator);
      const leftRaw = n.left as RawNode;
      const opAt = src.indexOf(op, spanOf(leftRaw, src).end);
      const opSpan = { start: opAt < 0 ? span.start : opAt, end: (opAt < 0 ? span.start : opAt) + op.length };
      if (!(BINARY_OPS as readonly string[]).includes(op)) {
        return fail(`operator '${op}' is not supported`, opSpan, REJECTED_OPS[op]);
      }
      // jsep binds unary minus to its operand before any binary operator, so `-x^2` arrives as
      // (-x)^2; mathematics (and every user) means -(x^2). Rotate unless they wrote the parentheses.
      if (op === '^' && leftRaw.type === 'UnaryExpression' && !leftRaw.paren) {
        const inner: RawNode = {
          type: 'BinaryExpression',
          operator: '^',
          left: leftRaw.argument,
          right: n.right,
        };
        const rotated: RawNode = { ...leftRaw, argument: inner, end: span.end };
        count.nodes--; // this node is re-counted as the rotated unary
        return convert(rotated, src, depth, count);
      }
      const left = convert(leftRaw, src, depth + 1, count);
      const right = convert(n.right as RawNode, src, depth + 1, count);
      return { kind: 'binary', op: op as BinaryOp, left, right, ...span };
    }
    case 'ConditionalExpression': {
      const test = convert(n.test as RawNode, src, depth + 1, count);
      const then = convert(n.consequent as RawNode, src, depth + 1, count);
      const otherwise = convert(n.alternate as RawNode, src, depth + 1, count);
      return { kind: 'cond', test, then, otherwise, ...span };
    }
    case 'CallExpression': {
      const callee = n.callee as RawNode;
      const calleeSpan = spanOf(callee, src);
      if (callee.type !== 'Identifier') {
        return fail(
          `only named functions can be called, not '${src.slice(calleeSpan.start, calleeSpan.end)}'`,
          span,
        );
      }
      const name = String(callee.name);
      const nameSpan = { start: span.start, end: span.start + name.length };
      if (!isFunction(name)) {
        if (isQuantity(name) || isConstant(name)) return fail(`'${name}' is not a function`, nameSpan);
        const guess = suggestName(name);
        const hint = guess && isFunction(guess) ? `did you mean '${guess}'?` : undefined;
        return fail(
          `unknown function '${name}'`,
          nameSpan,
          hint ?? `functions: ${Object.keys(FUNCTIONS).join(', ')}`,
        );
      }
      const spec = FUNCTIONS[name];
      const args = n.arguments as RawNode[];
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        const want =
          spec.maxArgs === Number.POSITIVE_INFINITY
            ? `at least ${spec.minArgs} arguments`
            : spec.minArgs === spec.maxArgs
              ? `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`
              : `${spec.minArgs} to ${spec.maxArgs} arguments`;
        throw new FormulaFail(
          `${name} expects ${want}, got ${args.length} at ${span.start}`,
          span.start,
          span.end,
        );
      }
      const converted = args.map((a) => convert(a, src, depth + 1, count));
      return { kind: 'call', fn: name, args: converted, ...span };
    }
    default:
      return fail(`'${text}' is not allowed in a formula`, span);
  }
}

function maxDepth(n: FormulaNode): number {
  switch (n.kind) {
    case 'unary':
      return 1 + maxDepth(n.arg);
    case 'binary':
      return 1 + Math.max(maxDepth(n.left), maxDepth(n.right));
    case 'cond':
      return 1 + Math.max(maxDepth(n.test), maxDepth(n.then), maxDepth(n.otherwise));
    case 'call':
      return 1 + Math.max(0, ...n.args.map(maxDepth));
    default:
      return 1;
  }
}

/** Parses and checks a formula against the whitelist and limits; never throws for bad input. */
export function parseFormula(src: string): ParseResult {
  try {
    if (typeof src !== 'string') throw new FormulaFail('formula must be text at 0', 0, 0);
    precheck(src);
    let raw: RawNode;
    try {
      raw = jsepParse(src);
    } catch (e) {
      if (e instanceof FormulaFail) throw e;
      const err = e as { index?: unknown; description?: string; message: string };
      if (typeof err.index === 'number') throw fromJsepError(src, { ...err, index: err.index });
      throw e;
    }
    const ast = convert(raw, src, 1, { nodes: 0 });
    const depth = maxDepth(ast);
    if (depth > LIMITS.maxDepth) {
      throw new FormulaFail(`formula too deep (${depth} > ${LIMITS.maxDepth}) at 0`, 0, src.length);
    }
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof FormulaFail)
      return { ok: false, error: { message: e.message, start: e.start, end: e.end } };
    throw e;
  }
}
