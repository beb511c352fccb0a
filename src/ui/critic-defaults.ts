// How the page plans with the critic by default, in one place: change it here once evaluation
// numbers (docs/RESULTS.md, npm run eval -- --critic ...) say which mix reaches more goals. The
// settings table, the 'balanced' preset and the planner settings all read it.
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
