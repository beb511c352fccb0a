import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { QUANTITIES } from '../context';
import { type FormulaError, FUNCTIONS, LIMITS } from './language';
import { type FormulaNode, parseFormula } from './parse';

/** Prints a checked tree back with full parentheses, to assert precedence. */
function show(n: FormulaNode): string {
  switch (n.kind) {
    case 'num':
      return String(n.value);
    case 'qty':
    case 'const':
      return n.name;
    case 'unary':
      return `(${n.op}${show(n.arg)})`;
    case 'binary':
      return `(${show(n.left)} ${n.op} ${show(n.right)})`;
    case 'cond':
      return `(${show(n.test)} ? ${show(n.then)} : ${show(n.otherwise)})`;
    case 'call':
      return `${n.fn}(${n.args.map(show).join(', ')})`;
  }
}

function parsed(src: string): string {
  const r = parseFormula(src);
  if (!r.ok) throw new Error(`${src}: ${r.error.message}`);
  return show(r.ast);
}

function rejected(src: string): FormulaError {
  const r = parseFormula(src);
  if (r.ok) throw new Error(`accepted a bad formula: ${JSON.stringify(src)} -> ${show(r.ast)}`);
  return r.error;
}

/** Every rejection must say where: "at N" in the message, N = start, and a span inside the source. */
function expectPositioned(src: string, e: FormulaError): void {
  const label = `${JSON.stringify(src.slice(0, 60))} -> ${e.message}`;
  expect(e.message, label).toMatch(/ at \d+/);
  const at = Number(/ at (\d+)/.exec(e.message)?.[1]);
  expect(at, label).toBe(e.start);
  expect(e.start, label).toBeGreaterThanOrEqual(0);
  expect(e.end, label).toBeGreaterThanOrEqual(e.start);
  expect(e.end, label).toBeLessThanOrEqual(src.length);
}

describe('formula parser', () => {
  it('gives powers, unary minus, comparisons, logic and the conditional their usual precedence', () => {
    expect(parsed('-x^2')).toBe('(-(x ^ 2))');
    expect(parsed('(-x)^2')).toBe('((-x) ^ 2)');
    expect(parsed('2*-x^2')).toBe('(2 * (-(x ^ 2)))');
    expect(parsed('2^3^2')).toBe('(2 ^ (3 ^ 2))');
    expect(parsed('e^-x')).toBe('(e ^ (-x))');
    expect(parsed('1 + 2 * x ^ 2')).toBe('(1 + (2 * (x ^ 2)))');
    expect(parsed('x + 1 < y * 2 && !hazard || t >= 3')).toBe(
      '((((x + 1) < (y * 2)) && (!hazard)) || (t >= 3))',
    );
    expect(parsed('x < 1 ? y : t > 2 ? 3 : 4')).toBe('((x < 1) ? y : ((t > 2) ? 3 : 4))');
    expect(parsed('min(x, y, 2.5e-1) + clamp(t, 1, 2)')).toBe('(min(x, y, 0.25) + clamp(t, 1, 2))');
    expect(parsed('  .5 +1.  ')).toBe('(0.5 + 1)');
  });

  it('accepts every quantity of the context and every whitelisted function', () => {
    for (const q of Object.keys(QUANTITIES)) expect(parsed(q)).toBe(q);
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      const args = Array.from({ length: spec.minArgs }, () => 'x').join(', ');
      expect(parsed(`${name}(${args})`)).toBe(`${name}(${args})`);
    }
  });

  it('leaves jsep as it found it for anyone else using it', () => {
    const before = JSON.stringify(jsep('1 + 2 ^ 3'));
    parsed('x ^ 2');
    rejected('x ^ ');
    expect(JSON.stringify(jsep('1 + 2 ^ 3'))).toBe(before);
    expect((jsep('1 + 2 ^ 3') as jsep.BinaryExpression).operator).toBe('^');
    expect((jsep('1e400') as jsep.Literal).value).toBe(Number.POSITIVE_INFINITY);
  });

  it('names the bad token and its position', () => {
    const cases: [string, string | RegExp][] = [
      ['x + goaldist', "unknown name 'goaldist' at 4 — did you mean 'goalDist'?"],
      ['sqrt(x, 2)', 'sqrt expects 1 argument, got 2 at 0'],
      ['(x + 1))', /unexpected '\)' at 7/],
      ['x = 1', /unexpected '=' at 2 .*assignments/],
      ['speeed * 2', /unknown name 'speeed' at 0 — did you mean 'speed'\?/],
      ['1 + eval(x)', /unknown function 'eval' at 4/],
      ['x.constructor', /member access 'x.constructor' is not allowed at 1/],
      ['x ** 2', /operator '\*\*' is not supported at 2 — use '\^'/],
      ['1e400', /number '1e400' is out of range at 0/],
      ['x + (y', /unclosed '\(' at 4/],
      ['x, y', /unexpected ',' at 1/],
      ['x; y', /unexpected ';' at 1/],
      ["x + 'a'", /unexpected ''' at 4 — strings/],
      ['x + é', /unexpected character 'é' \(U\+00E9\) at 4/],
      ['x\u0007', /unexpected control character U\+0007 at 1/],
      ['max(x)', 'max expects at least 2 arguments, got 1 at 0'],
      ['clamp(x, 1)', 'clamp expects 3 arguments, got 2 at 0'],
      ['2x', /malformed number '2x' at 0/],
      ['sqrt', /'sqrt' is a function at 0/],
      ['x(1)', /'x' is not a function at 0/],
      ['this', /'this' is not allowed at 0/],
      ['true', /'true' is not a number at 0/],
      ['', /formula is empty at 0/],
      ['x +', /formula ends too early after '\+' at 2/],
      ['x ? y', /expected ':' to finish 'cond \? a : b' at 4/],
      ['x y', /unexpected 'y' at 2 — is an operator missing/],
    ];
    for (const [src, want] of cases) {
      const e = rejected(src);
      if (typeof want === 'string') expect(e.message).toBe(want);
      else expect(e.message).toMatch(want);
      expectPositioned(src, e);
    }
  });

  it('enforces the limits on length, depth and size', () => {
    const long = rejected('x+'.repeat(300) + 'x');
    expect(long.message).toBe(`formula too long (601 > ${LIMITS.maxChars} characters) at ${LIMITS.maxChars}`);
    const deepParens = `${'('.repeat(33)}x${')'.repeat(33)}`;
    expect(rejected(deepParens).message).toMatch(/formula too deep .* at 32/);
    expect(parsed(`${'('.repeat(32)}x${')'.repeat(32)}`)).toBe('x');
    expect(rejected('-'.repeat(40) + 'x').message).toMatch(/formula too deep \(33 > 32\)/);
    // A chain of binary operators is as deep as it is long, so size is reached through n-ary calls.
    expect(rejected(Array.from({ length: 40 }, () => 'x').join('+')).message).toMatch(/formula too deep/);
    const wide = `min(${Array.from({ length: 200 }, () => 'x').join(',')})`;
    expect(rejected(wide).message).toMatch(/formula too large \(more than 200 terms\)/);
    expect(rejected('1000001').message).toMatch(/out of range/);
    expect(parsed('1000000')).toBe('1000000');
  });

  it('rejects a corpus of over 200 hostile or broken formulas, each with a positioned message', () => {
    const corpus: string[] = [
      // names that reach into JavaScript
      'constructor',
      '__proto__',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'prototype',
      'this',
      'globalThis',
      'window',
      'self',
      'process',
      'require',
      'import',
      'Function',
      'Object',
      'Math',
      'NaN',
      'Infinity',
      '-Infinity',
      'undefined',
      'null',
      'true',
      'false',
      'x.constructor',
      'x.__proto__',
      'x.y',
      'a.b',
      'Math.sqrt(x)',
      'Math.PI',
      'constructor.constructor',
      'sqrt.call(x)',
      'x.toString()',
      'x?.y',
      '(x).y',
      '1..toString',
      // calls that are not on the whitelist
      'eval(x)',
      'eval("1")',
      'Function("return 1")()',
      'alert(1)',
      'fetch(x)',
      'setTimeout(x, 1)',
      'log10(x)',
      'atan2(x, y)',
      'floor(x)',
      'round(x)',
      'sign(x)',
      'mod(x, 2)',
      'Sqrt(x)',
      'SQRT(x)',
      'x(1)',
      'pi(2)',
      't(x)',
      'sqrt(x)(y)',
      '(x)(y)',
      // wrong arity
      'sqrt()',
      'sqrt(x, y)',
      'abs()',
      'exp(x, 1)',
      'log(x, 10)',
      'min(x)',
      'max()',
      'clamp(x)',
      'clamp(x, 0)',
      'clamp(x, 0, 1, 2)',
      'smoothstep(x)',
      'smoothstep(0, 1)',
      'pow(x)',
      'pow(x, 2, 3)',
      'hypot(x)',
      'hypot(x, y, t)',
      'relu()',
      'sigmoid(x, 1)',
      'sin()',
      'cos(x, y)',
      'tanh(1, 2)',
      'softplus()',
      // unbalanced or misplaced punctuation
      '(',
      ')',
      '(x',
      'x)',
      '((x)',
      '(x))',
      ')x(',
      '()',
      'sqrt(',
      'sqrt(x',
      'sqrt x)',
      'min(x,)',
      'min(,x)',
      'min(x,,y)',
      '(,)',
      'x ? : y',
      'x ? y :',
      '? x : y',
      'x : y',
      'x ? y',
      'x ?? y',
      '.',
      '..',
      '.x',
      'x.',
      '1.2.3',
      '2x',
      '2e',
      '2e+',
      '1e5x',
      '3..2',
      // empty and whitespace
      '',
      ' ',
      '\t\n',
      '\r',
      // numbers out of range
      '1e400',
      '-1e400',
      '1e7',
      '12345678',
      '99999999999999999999',
      '1' + '0'.repeat(300),
      '0.' + '0'.repeat(10) + '1e999',
      // assignments and statements
      'x = 1',
      'x += 1',
      'x -= 1',
      'x++',
      'x--',
      'let a = 1',
      'var x',
      'return x',
      'x => x',
      '() => 1',
      'function f() {}',
      'new Function("1")',
      'delete x',
      'typeof x',
      'void 0',
      'x in y',
      'x instanceof y',
      'if (x) y',
      'await x',
      // literals we do not have
      '[1, 2]',
      '[]',
      'x[0]',
      "x['a']",
      '{}',
      '{a: 1}',
      '"abc"',
      "'abc'",
      '`abc`',
      // template-like text, spelt so the linter does not take it for a mistaken template
      '`$' + '{x}`',
      '$' + '{x}',
      '#{x}',
      '{{x}}',
      '<%= x %>',
      '/x/',
      '/regex/g',
      // operators we do not support
      'x % 2',
      'x ** 2',
      'x === y',
      'x !== y',
      'x | y',
      'x & y',
      'x << 1',
      'x >> 1',
      'x >>> 1',
      '~x',
      'x ~ y',
      'x @ y',
      'x # y',
      'x $ y',
      'x \\ y',
      'x ^^ y',
      'x =< y',
      'x => y',
      'x <> y',
      'x <=> y',
      // compound expressions
      'x, y',
      'x; y',
      'x;',
      ';',
      '(x, y)',
      'x y',
      'sqrt(x) sqrt(y)',
      '1 2',
      'x\ny',
      'x (y)',
      // odd unicode and control characters
      'x + é',
      'ｘ',
      'x\u200b',
      '\u202ex',
      'x\u00a0+ 1',
      '😀',
      'x + 😀',
      'π',
      '∑x',
      'x × 2',
      'x ÷ 2',
      '−x',
      'x\u0000',
      '\u0007',
      'x\u001b[31m',
      '\ufeffx',
      'x\u2028y',
      'goal\u0301Dist',
      // unknown names and typos
      'goaldist',
      'GoalDist',
      'goal_dist',
      'spead',
      'velocity',
      'X',
      'T',
      'hazards',
      'wall',
      'a',
      'b',
      '_',
      '$',
      'x1',
      'PI',
      'E',
      // long and deep
      '('.repeat(1000) + 'x' + ')'.repeat(1000),
      '('.repeat(40) + 'x' + ')'.repeat(40),
      'x'.repeat(10 * 1024),
      '1+'.repeat(5000) + '1',
      '-'.repeat(100) + 'x',
      '!'.repeat(60) + 'x',
      'sqrt('.repeat(40) + 'x' + ')'.repeat(40),
      Array.from({ length: 150 }, () => 'x').join('+'),
      Array.from({ length: 70 }, () => 'min(x, y)').join('+'),
      'a'.repeat(501),
    ];
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const accepted = corpus.filter((src) => parseFormula(src).ok);
    expect(accepted).toEqual([]);
    for (const src of corpus) expectPositioned(src, rejected(src));
  });
});
