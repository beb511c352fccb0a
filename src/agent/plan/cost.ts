// Evaluates the cost table over a context: per-candidate totals and the per-term breakdown.
// Edits are validated as a whole before any takes effect, so a bad edit leaves the last good table.
import { tf } from '../tf/core';
import type { CostContext } from './context';
import {
  type CostTerm,
  defaultCostTerms,
  profileWeights,
  STEP_PROFILES,
  type StepProfile,
} from './cost-terms';

export interface TermPatch {
  weight?: number;
  enabled?: boolean;
  steps?: StepProfile;
  params?: Record<string, number>;
}

export interface CostEvaluation {
  /** [K] sum over terms of weight * profile-weighted sum over steps. */
  total: tf.Tensor1D;
  /** [K, T] the same split by term, T = termIds.length (disabled terms are 0). */
  perTerm: tf.Tensor2D;
}

export interface TermSummary {
  id: string;
  label: string;
  weight: number;
  enabled: boolean;
  steps: StepProfile;
  params: Record<string, number>;
}

export class IntrinsicCost {
  private terms: CostTerm[];

  constructor(terms: CostTerm[] = defaultCostTerms()) {
    const ids = new Set<string>();
    for (const t of terms) {
      if (ids.has(t.id)) throw new Error(`IntrinsicCost: duplicate term id '${t.id}'`);
      ids.add(t.id);
    }
    this.terms = terms.map((t) => ({ ...t, params: { ...t.params } }));
  }

  get termIds(): string[] {
    return this.terms.map((t) => t.id);
  }

  /** Whether a term counts in the total now (enabled with a non-zero weight). */
  uses(id: string): boolean {
    const t = this.terms.find((x) => x.id === id);
    return !!t && t.enabled && t.weight !== 0;
  }

  summary(): TermSummary[] {
    return this.terms.map(({ id, label, weight, enabled, steps, params }) => ({
      id,
      label,
      weight,
      enabled,
      steps,
      params: { ...params },
    }));
  }

  /** Applies patches atomically: any invalid field rejects all of them with a message naming it. */
  update(patches: Record<string, TermPatch>): void {
    const next = this.terms.map((t) => ({ ...t, params: { ...t.params } }));
    for (const [id, patch] of Object.entries(patches)) {
      const term = next.find((t) => t.id === id);
      if (!term) throw new Error(`cost term '${id}' does not exist (known: ${this.termIds.join(', ')})`);
      if (patch.weight !== undefined) {
        if (typeof patch.weight !== 'number' || !Number.isFinite(patch.weight)) {
          throw new Error(`cost term '${id}': weight must be a finite number, got ${String(patch.weight)}`);
        }
        term.weight = patch.weight;
      }
      if (patch.enabled !== undefined) {
        if (typeof patch.enabled !== 'boolean')
          throw new Error(`cost term '${id}': enabled must be true or false`);
        term.enabled = patch.enabled;
      }
      if (patch.steps !== undefined) {
        if (!STEP_PROFILES.includes(patch.steps)) {
          throw new Error(
            `cost term '${id}': steps must be one of ${STEP_PROFILES.join(', ')}, got '${patch.steps}'`,
          );
        }
        term.steps = patch.steps;
      }
      for (const [k, v] of Object.entries(patch.params ?? {})) {
        if (!(k in term.params)) {
          throw new Error(
            `cost term '${id}': unknown parameter '${k}' (known: ${Object.keys(term.params).join(', ')})`,
          );
        }
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new Error(`cost term '${id}': parameter '${k}' must be a finite number, got ${String(v)}`);
        }
        term.params[k] = v;
      }
    }
    this.terms = next;
  }

  /** Adds a term (e.g. a compiled user formula) or replaces the one with the same id. */
  setTerm(term: CostTerm): void {
    const i = this.terms.findIndex((t) => t.id === term.id);
    if (i >= 0) this.terms[i] = { ...term };
    else this.terms.push({ ...term });
  }

  removeTerm(id: string): void {
    this.terms = this.terms.filter((t) => t.id !== id);
  }

  /**
   * [K, H] weighted sum of the enabled terms at each step, without step profiles: the cost paid
   * per real step, which the critic learns to predict. Call inside tf.tidy.
   */
  perStep(ctx: CostContext): tf.Tensor2D {
    let acc: tf.Tensor = tf.zeros([ctx.K, ctx.H]);
    for (const term of this.terms) {
      if (!term.enabled || term.weight === 0) continue;
      acc = tf.add(acc, tf.mul(tf.broadcastTo(term.fn(ctx, term.params), [ctx.K, ctx.H]), term.weight));
    }
    return acc as tf.Tensor2D;
  }

  /** Call inside tf.tidy. Terms with weight 0 or disabled are not computed at all. */
  evaluate(ctx: CostContext): CostEvaluation {
    const { K, H } = ctx;
    const cols: tf.Tensor[] = [];
    for (const term of this.terms) {
      if (!term.enabled || term.weight === 0) {
        cols.push(tf.zeros([K]));
        continue;
      }
      const raw = term.fn(ctx, term.params);
      const ok = raw.rank <= 2 && raw.shape.every((d, i) => d === 1 || d === [K, H].slice(2 - raw.rank)[i]);
      if (!ok) {
        throw new Error(
          `cost term '${term.id}' must return [K, H] = [${K}, ${H}], got [${raw.shape.join(', ')}]`,
        );
      }
      const perStep = tf.broadcastTo(raw, [K, H]);
      const w = profileWeights(term.steps, H);
      cols.push(tf.mul(tf.sum(tf.mul(perStep, w), 1), term.weight));
    }
    const perTerm = (cols.length ? tf.stack(cols, 1) : tf.zeros([K, 0])) as tf.Tensor2D;
    const total = (cols.length ? tf.sum(perTerm, 1) : tf.zeros([K])) as tf.Tensor1D;
    return { total, perTerm };
  }
}
