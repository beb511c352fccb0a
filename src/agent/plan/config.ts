// Planner settings: one typed table with defaults and validation. A rejected edit names the field
// and leaves the previous settings in force.
import '../../zod-no-eval';
import { z } from 'zod';

export const PLAN_METHODS = ['hybrid', 'gd', 'sampling'] as const;
export type PlanMethod = (typeof PLAN_METHODS)[number];

export const plannerConfigSchema = z.object({
  /** hybrid: sampling seeds gradient descent; gd: gradient descent only; sampling: CEM/MPPI only. */
  method: z.enum(PLAN_METHODS),
  sampler: z.enum(['cem', 'mppi']),
  horizon: z.number().int().min(1).max(200),
  /**
   * Each planned action is held for this many world steps, so the model imagines horizon x
   * actionRepeat steps with only `horizon` free actions: a long look-ahead for few parameters
   * (two-rooms needs 48-80 imagined steps to see past the wall: tools/oracle-horizon.ts).
   */
  actionRepeat: z.number().int().min(1).max(16),
  /** K: candidate sequences optimised together by gradient descent. */
  candidates: z.number().int().min(1).max(1024),
  /** Adam iterations per plan. */
  iterations: z.number().int().min(0).max(500),
  lr: z.number().positive().max(10),
  /** Sequences per sampling iteration. */
  samples: z.number().int().min(2).max(4096),
  samplingIterations: z.number().int().min(0).max(100),
  elites: z.number().int().min(1),
  initStd: z.number().positive().max(5),
  /**
   * AR(1) correlation of sampling noise along the horizon. White noise per step rarely makes a
   * coherent detour (iCEM, Pinneri et al. 2020, uses coloured noise for the same reason).
   */
  noiseCorrelation: z.number().min(0).max(0.99),
  minStd: z.number().min(0).max(5),
  mppiTemperature: z.number().positive(),
  /** Fresh random candidates added to the gradient-descent set each plan. */
  restarts: z.number().int().min(0),
  warmStart: z.boolean(),
  criticWeight: z.number().min(0).max(1000),
  /** Seconds per world step: velocities in the cost context are in m/s. */
  dt: z.number().positive(),
  seed: z.number().int(),
});

export type PlannerConfig = z.infer<typeof plannerConfigSchema>;

/** Defaults sized for >= 10 plans/s on wasm with a small latent model (docs/RESULTS.md). */
export const DEFAULT_PLANNER_CONFIG: PlannerConfig = {
  method: 'hybrid',
  sampler: 'cem',
  horizon: 12,
  actionRepeat: 1,
  candidates: 16,
  iterations: 5,
  lr: 0.3,
  samples: 64,
  samplingIterations: 2,
  elites: 8,
  initStd: 0.7,
  noiseCorrelation: 0.8,
  minStd: 0.05,
  mppiTemperature: 0.05,
  restarts: 2,
  warmStart: true,
  criticWeight: 0,
  dt: 0.1,
  seed: 1,
};

/** Merges a partial edit into `base`; throws with every offending field named. */
export function resolvePlannerConfig(base: PlannerConfig, patch: Partial<PlannerConfig> = {}): PlannerConfig {
  const parsed = plannerConfigSchema.safeParse({ ...base, ...patch });
  if (!parsed.success) {
    const msg = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`invalid planner settings: ${msg}`);
  }
  const c = parsed.data;
  if (c.elites > c.samples)
    throw new Error(`invalid planner settings: elites (${c.elites}) > samples (${c.samples})`);
  return c;
}
