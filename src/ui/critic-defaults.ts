// How the page plans with the critic by default, in one place. Chosen by evaluation (docs/RESULTS.md,
// "the critic as a temporal distance"): over two-rooms episodes 0-49 (seed 0, the shipped model) the
// planner reached 16/50 goals without the critic per step and 13/50 with goal x 0.3 + goalSteps x 0.1,
// at 1.7x the plan time. So the critic is loaded and shown but off in the plan until a better one
// (or a model that knows walls) makes it pay. Rerun the commands there before changing this.
// The settings table, the 'balanced' preset and the planner settings all read it.
export const CRITIC_DEFAULTS = {
  /** Weight of the goal term (latent distance to the goal image), also the 'balanced' preset's. */
  goalWeight: 1,
  /** Weight of the goalSteps term: the critic's steps to the goal at every imagined step. */
  stepsWeight: 0.1,
  /** Whether the goalSteps term is on. */
  stepsOn: false,
  /** The Planner panel's Critic switch: the critic's value added at the end of the horizon. */
  criticOn: false,
  /** The weight of that end-of-horizon value while the switch is on. */
  criticWeight: 1,
} as const;
