// The wall map and the route around it, read once from the current state: by the planner for each
// plan, and by the heat map for each refresh. One small readback (the map and two probe positions);
// the route itself is computed in plain numbers (route-field.ts) and goes back as a [G, G] tensor.
import type { LatentProbes } from '../contracts';
import { tf } from '../tf/core';
import type { RouteTensor } from './context';
import { cellOf, routeField, routePath } from './route-field';

/** The shortest route to the goal over the wall map, as the 'route' term saw it. */
export interface PlannedRoute {
  /** Cell centres (m) from the agent's cell to the goal's: [x0, y0, x1, y1, ...]. */
  path: Float32Array;
  /** Metres from the agent's cell to the goal along it. */
  length: number;
}

export interface SeenRoute {
  /** The wall map read from the state, [G, G] (row = y cell). The caller disposes it. */
  cells: tf.Tensor2D;
  /** The route field (null unless asked for). The caller disposes its tensor. */
  route: RouteTensor | null;
  path: PlannedRoute | null;
}

/**
 * Reads the wall map from `state` [1, D] and, with `withRoute`, the route field from the goal's
 * probed position over it. Null when the model has no wall map.
 */
export function readSeenRoute(
  probes: LatentProbes,
  state: tf.Tensor2D,
  goal: tf.Tensor2D,
  withRoute: boolean,
): SeenRoute | null {
  const map = probes.wallMap;
  if (!map) return null;
  const G = map.grid;
  const cells = tf.tidy(() => tf.reshape(map.read(state), [G, G]) as tf.Tensor2D);
  if (!withRoute) return { cells, route: null, path: null };
  const read = tf.tidy(() =>
    tf.concat([tf.reshape(cells, [-1]), tf.reshape(probes.position(tf.concat([state, goal], 0)), [-1])]),
  );
  const flat = read.dataSync() as Float32Array;
  read.dispose();
  const n = G * G;
  const grid = { grid: G, width: map.width, height: map.height };
  const field = routeField(flat.subarray(0, n), grid, [flat[n + 2]!, flat[n + 3]!]);
  const [i, j] = cellOf(grid, flat[n]!, flat[n + 1]!);
  return {
    cells,
    route: { field: tf.tensor2d(field, [G, G]), width: map.width, height: map.height },
    path: { path: routePath(field, grid, flat[n]!, flat[n + 1]!), length: field[j * G + i]! },
  };
}
