// The page's instant formula check: parse only (jsep + the whitelist), no tfjs. The worker compiles
// and also probes values and gradients, so a formula that passes here may still be refused there.
import type { FormulaError } from '../agent/plan/formula/language';
import { parseFormula } from '../agent/plan/formula/parse';

/** The parser's error for a non-empty formula, or null when it parses (empty means "no formula"). */
export function formulaError(src: string): FormulaError | null {
  if (src.trim() === '') return null;
  const r = parseFormula(src);
  return r.ok ? null : r.error;
}

/** The same as a settings-table check: the message, which already says where ("at N"). */
export function formulaProblem(src: string): string | null {
  return formulaError(src)?.message ?? null;
}
