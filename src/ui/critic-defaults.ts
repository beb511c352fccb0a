// How the page plans with the critic by default, in one place. Chosen by evaluation (docs/RESULTS.md,
// session 3): with the shipped two-rooms model (trained with the wall-seeking explorer mix, so it
// imagines the agent stopping at walls) and its trained critic, over two-rooms episodes 0-19 (seed 0)
// the hybrid planner reached 6/20 goals without the critic, 9/20 with the critic's value at the
// horizon and the goal term at 0.2, and 13/20 with that and each planned action held for 3 steps
// (the `repeat` setting). The per-step goalSteps term did worse (7/20) and stays off; the critic alone
// without the goal term reached 1/20. Session 4: with the door-aware critic (train:critic --targets
// graph) and the 'surprise' term at 2 (imagined paths through places where the model was wrong this
// episode) the same default reached 68/100 (60/100 before). Session 5: with the 'seenWall' term at 10 (imagined
// steps through the walls the model's wall map reads from the current observation) 81/100; at 5, 17/20 of
// episodes 0-19 (19/20 at 10). Session 6: with the 'route' term at 2 (metres to the goal around the walls of
// that map) 99/100. Rerun the commands there before changing this.
// The settings table, the 'balanced' preset, the planner settings and the bench's 'page' variant all read it.
export const CRITIC_DEFAULTS = {
  /** Weight of the goal term (latent distance to the goal image), also the 'balanced' preset's. */
  goalWeight: 0.2,
  /** Weight of the goalSteps term: the critic's steps to the goal at every imagined step. */
  stepsWeight: 0.1,
  /** Whether the goalSteps term is on. */
  stepsOn: false,
  /** The Planner panel's Critic switch: the critic's value added at the end of the horizon. */
  criticOn: true,
  /** The weight of that end-of-horizon value while the switch is on. */
  criticWeight: 1,
  /** The 'surprise' term: imagined paths through places where the model was wrong this episode. */
  surpriseWeight: 2,
  surpriseOn: true,
  /**
   * The 'seenWall' term: imagined steps through the walls the agent sees now (the model's wall-map
   * readout, npm run train:map). It does nothing with a model that has no map.
   */
  seenWallWeight: 10,
  seenWallOn: true,
  /**
   * The 'route' term: metres still to go from each imagined position, along the shortest route
   * around the walls of that same map (src/agent/plan/route-field.ts).
   */
  routeWeight: 2,
  routeOn: true,
  /**
   * Adam iterations per plan (the Planner panel's `iters`). With the route term the cost is smooth
   * enough that 2 reach what 5 did (two-rooms 99/100 either way, docs/RESULTS.md session 6) in
   * about half the plan time.
   */
  iterations: 2,
} as const;
