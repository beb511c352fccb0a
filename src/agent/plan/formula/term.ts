// A user formula as a row of the cost table: the planner and the cost panel treat it like any
// built-in term (weight, switch, step profile), and a bad edit never replaces a good term.
import type { QuantityName } from '../context';
import type { CostTerm, StepProfile } from '../cost-terms';
import { compileFormula } from './compile';
import type { FormulaError } from './language';

export type FormulaTermResult =
  | { ok: true; term: CostTerm; names: QuantityName[] }
  | { ok: false; error: FormulaError };

export function formulaTerm(
  id: string,
  label: string,
  src: string,
  weight: number,
  steps: StepProfile = 'uniform',
): FormulaTermResult {
  if (typeof weight !== 'number' || !Number.isFinite(weight)) {
    return {
      ok: false,
      error: { message: `weight must be a finite number, got ${String(weight)}`, start: 0, end: 0 },
    };
  }
  const compiled = compileFormula(src);
  if (!compiled.ok) return compiled;
  const { fn, names } = compiled;
  return {
    ok: true,
    names,
    term: { id, label, weight, enabled: true, steps, params: {}, fn: (ctx) => fn(ctx) },
  };
}
