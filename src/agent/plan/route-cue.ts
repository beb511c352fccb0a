// Mode-1's view of the route around the seen walls: which way the shortest route over the wall map
// leaves the agent's cell. The planner charges imagined positions along that route (the 'route'
// term); a policy that sees only (s, s_goal) has to infer the door from the latent, and from a few
// hundred demonstrations it does not (docs/RESULTS.md, sessions 8-10). Given this cue, it imitates a
// function of what the agent sees.
import type { LatentProbes } from '../contracts';
import type { tf } from '../tf/core';
import { type PlannedRoute, readSeenRoute } from './route-read';

/** Values in the cue: a unit vector (x, y), or zeros at the goal's cell or without a route. */
export const ROUTE_CUE_DIM = 2;
/** Route cells ahead the cue points at (about 0.9 m on the 32 x 32 map of a 10 m arena). */
const AHEAD = 3;

/** The cue from a route already computed (a plan's). */
export function routeCue(route: PlannedRoute | null): Float32Array {
  const out = new Float32Array(ROUTE_CUE_DIM);
  const p = route?.path;
  if (!p || p.length < 4) return out;
  const n = p.length / 2;
  const k = Math.min(AHEAD, n - 1);
  const dx = p[2 * k]! - p[0]!;
  const dy = p[2 * k + 1]! - p[1]!;
  const len = Math.hypot(dx, dy);
  if (len > 0) {
    out[0] = dx / len;
    out[1] = dy / len;
  }
  return out;
}

/** The cue read from a state [1, D] and goal [1, D]: zeros when the model has no wall map. */
export function readRouteCue(probes: LatentProbes, state: tf.Tensor2D, goal: tf.Tensor2D): Float32Array {
  const seen = readSeenRoute(probes, state, goal, true);
  if (!seen) return new Float32Array(ROUTE_CUE_DIM);
  seen.cells.dispose();
  seen.route?.field.dispose();
  return routeCue(seen.path);
}
