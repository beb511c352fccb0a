// How the page plans with the critic by default, in one place. Chosen by evaluation (docs/RESULTS.md,
// "the critic as a temporal distance"): on the same ten two-rooms episodes the shipped model reached
// 5/10 goals with goal x 0.3 + goalSteps x 0.1, 4/10 with the critic only past the horizon and 3/10
// without a critic. Ten episodes is thin evidence; rerun the commands there before trusting a change.
// The settings table, the 'balanced' preset and the planner settings all read it.
export const CRITIC_DEFAULTS = {
  /** Weight of the goal term (latent distance to the goal image), also the 'balanced' preset's. */
  goalWeight: 0.3,
  /** Weight of the goalSteps term: the critic's steps to the goal at every imagined step. */
  stepsWeight: 0.1,
  /** Whether the goalSteps term is on. */
  stepsOn: true,
  /** The Planner panel's Critic switch: the critic's value added at the end of the horizon. */
  criticOn: false,
  /** The weight of that end-of-horizon value while the switch is on. */
  criticWeight: 1,
} as const;
