// The intrinsic cost as a table of weighted, differentiable terms over the named quantities of a
// CostContext. Weights, switches, step profiles and parameters are data: the configurator edits
// them at run time and the next plan uses them, no retraining involved.
import { tf } from '../tf/core';
import type { CostContext } from './context';

/** How a term's per-step values are weighted over the horizon (profiles have mean 1). */
export type StepProfile = 'uniform' | 'increasing' | 'last';
export const STEP_PROFILES: readonly StepProfile[] = ['uniform', 'increasing', 'last'];

export type TermParams = Readonly<Record<string, number>>;

export interface CostTerm {
  id: string;
  label: string;
  weight: number;
  enabled: boolean;
  steps: StepProfile;
  params: TermParams;
  /** [K, H] per-step cost, differentiable in every context tensor. */
  fn: (ctx: CostContext, params: TermParams) => tf.Tensor;
}

const softplus = (x: tf.Tensor) => tf.softplus(x);

/** The built-in terms. Weights are defaults a scenario or the user may change. */
export function defaultCostTerms(): CostTerm[] {
  return [
    {
      id: 'goal',
      label: 'goal (latent distance to the goal image)',
      weight: 1,
      enabled: true,
      steps: 'increasing',
      params: {},
      fn: (c) => c.goalDist,
    },
    {
      // Off by default: needs a trained critic (npm run train:critic). Weighted 'increasing' like goal.
      id: 'goalSteps',
      label: "goal (critic's steps to the goal)",
      weight: 0,
      enabled: false,
      steps: 'increasing',
      params: {},
      fn: (c) => c.goalSteps,
    },
    {
      // Off by default. Places where the model's prediction missed this episode (a wall it walked
      // through, say): an imagined path through them pays, so the plan stops relying on that mistake.
      id: 'surprise',
      label: "places the model was wrong (this episode's surprises)",
      weight: 0,
      enabled: false,
      steps: 'uniform',
      params: {},
      fn: (c) => c.surprise,
    },
    {
      // Off by default: needs a model with a wall map (npm run train:map). The map is read from the
      // real current observation, so it holds where the predictor's imagination slips through walls.
      id: 'seenWall',
      label: 'walls seen now (imagined path through the wall map)',
      weight: 0,
      enabled: false,
      steps: 'uniform',
      params: {},
      fn: (c) => c.seenWall,
    },
    {
      // Off by default: needs a model with a wall map. Metres still to go around the walls seen now,
      // from each imagined position: the door is on the route, so the plan heads for it.
      id: 'route',
      label: 'route still to go (around the walls seen now, m)',
      weight: 0,
      enabled: false,
      steps: 'increasing',
      params: {},
      fn: (c) => c.route,
    },
    {
      id: 'energy',
      label: 'energy |a|^2',
      weight: 0.02,
      enabled: true,
      steps: 'uniform',
      params: {},
      fn: (c) => tf.add(tf.square(c.ax), tf.square(c.ay)),
    },
    {
      id: 'smooth',
      label: 'smoothness |a_t - a_t-1|^2',
      weight: 0.02,
      enabled: true,
      steps: 'uniform',
      params: {},
      fn: (c) => tf.add(tf.square(c.dax), tf.square(c.day)),
    },
    {
      id: 'hazard',
      label: 'hazard (probe occupancy)',
      weight: 2,
      enabled: true,
      steps: 'uniform',
      params: {},
      fn: (c) => c.hazard,
    },
    {
      // A soft barrier: about zero beyond the margin, growing as the probe says the wall is near.
      // softplus keeps a gradient pointing away from the wall even when the probe is a bit off.
      id: 'wall',
      label: 'wall clearance (softplus barrier under a margin)',
      weight: 0.5,
      enabled: true,
      steps: 'uniform',
      params: { margin: 0.15, sharpness: 20 },
      fn: (c, p) => {
        const k = p['sharpness'] ?? 20;
        return tf.div(softplus(tf.mul(tf.sub(p['margin'] ?? 0.15, c.wallDist), k)), k);
      },
    },
    {
      id: 'speed',
      label: 'speed limit (squared excess over the limit)',
      weight: 0,
      enabled: false,
      steps: 'uniform',
      params: { limit: 1 },
      fn: (c, p) => tf.square(tf.relu(tf.sub(c.speed, p['limit'] ?? 1))),
    },
  ];
}

/** The step profile as a [1, H] tensor with mean 1, so a weight means the same at any horizon. */
export function profileWeights(profile: StepProfile, H: number): tf.Tensor2D {
  const w = new Float32Array(H);
  for (let t = 0; t < H; t++) {
    if (profile === 'uniform') w[t] = 1;
    else if (profile === 'increasing') w[t] = (2 * (t + 1)) / (H + 1);
    else w[t] = t === H - 1 ? H : 0;
  }
  return tf.tensor2d(w, [1, H]);
}
