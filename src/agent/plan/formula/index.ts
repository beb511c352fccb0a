// The public face of the cost-formula language (see docs/formulas.md).
export { type CompileResult, compileFormula } from './compile';
export {
  COMPARE_SHARPNESS,
  CONSTANTS,
  type FormulaError,
  FUNCTIONS,
  LIMITS,
} from './language';
export { type FormulaNode, type ParseResult, parseFormula } from './parse';
export { type FormulaTermResult, formulaTerm } from './term';
