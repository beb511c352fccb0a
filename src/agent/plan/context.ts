// The named per-step quantities that cost terms are written in. Terms (built-in now, user formulas
// later) see only this record, never the model, so a new term is a new row of data, not new code.
import type { CostToGo, LatentProbes, WallMapReadout } from '../contracts';
import { tf } from '../tf/core';
import { gridSampler } from './grid-sample';
import type { QuantityName } from './quantities';

// The names live in a tfjs-free file so the page can parse formulas without bundling tfjs.
export { QUANTITIES, type QuantityName } from './quantities';
export type CostContext = Readonly<Record<QuantityName, tf.Tensor2D>> & {
  readonly K: number;
  readonly H: number;
};

/** An imagined rollout as the planner makes it (imagine.ts's rollout). */
export interface ImaginedStates {
  /** s_0: [1, D] or [K, D]. */
  first: tf.Tensor2D;
  /** s_1..s_H time-major in one tensor: [H * K, D], row t * K + k is candidate k's s_{t+1}. */
  future: tf.Tensor2D;
  /** s_H: [K, D]. */
  last: tf.Tensor2D;
}

export interface ContextInput {
  /**
   * H + 1 latents s_0..s_H, each [K, D] (s_0 may be [1, D]), or a rollout that already holds the
   * future states in one time-major tensor (what the planner passes: no split, no concat).
   */
  states: tf.Tensor2D[] | ImaginedStates;
  /** Actions a_0..a_{H-1}: [K, H, A], already bounded. */
  actions: tf.Tensor3D;
  /** Goal latent [1, D] (or [K, D]). */
  goal: tf.Tensor2D;
  /** The action executed just before s_0 ([1, A]); zeros when absent. */
  prevAction?: tf.Tensor2D;
  probes: LatentProbes;
  /** Seconds per world step, for velocities in m/s. */
  dt: number;
  /** The critic, for goalSteps: V(s_t, goal) at every imagined step when it counts steps (else 0). */
  critic?: CostToGo | null;
  /** Places [M, 2] (m) where the model's one-step prediction missed this episode (memory/surprise.ts). */
  surprises?: tf.Tensor2D | null;
  /**
   * The wall map already read from s_0 ([G, G], probes.wallMap's grid): a planner reads it once per
   * plan instead of once per cost evaluation. Absent: read from s_0 here when seenWall is needed.
   */
  wallCells?: tf.Tensor2D | null;
  /** Metres to the goal along the route over the seen walls ([G, G], route-field.ts); absent: route is 0. */
  route?: RouteTensor | null;
}

/** A route field on the grid of the model's wall map. */
export interface RouteTensor {
  field: tf.Tensor2D;
  width: number;
  height: number;
}

/** Width (m) of each remembered surprise's Gaussian: about the agent's radius. */
export const SURPRISE_SIGMA = 0.25;

export interface BuiltContext {
  ctx: CostContext;
  /** Probe positions of s_0..s_H: [K, H + 1, 2], for drawing imagined futures. */
  positions: tf.Tensor3D;
}

const SQRT_EPS = 1e-8;

/** Fractions along each imagined step where the wall map is sampled. */
const SEEN_WALL_SAMPLES = [1 / 3, 2 / 3, 1] as const;

/**
 * seenWall [K, H]: the wall map M [G, G] summed over samples along each imagined step from
 * prev [K, H, 2] to cur [K, H, 2] (positions in m).
 */
function seenWallOf(M: tf.Tensor2D, map: WallMapReadout, prev: tf.Tensor, cur: tf.Tensor3D): tf.Tensor2D {
  const [K, H] = cur.shape;
  const step = tf.sub(cur, prev);
  const pts = tf.reshape(tf.stack(SEEN_WALL_SAMPLES.map((f) => tf.add(prev, tf.mul(step, f)))), [-1, 2]); // [S * K * H, 2]
  const occ = gridSampler(M, map.width, map.height)(pts as tf.Tensor2D); // [S * K * H]
  return tf.sum(tf.reshape(occ, [SEEN_WALL_SAMPLES.length, K, H]), 0) as tf.Tensor2D;
}

/**
 * A step may lower the route still to go by at most its own length (times this, for the grid's
 * octile metric): any more is route it skipped, through a wall the predictor let it pass.
 */
const ROUTE_SLACK = 1.1;
/** Each metre of route an imagined step skipped is charged this many times from then on. */
const ROUTE_SKIP_PENALTY = 2;

/**
 * route [K, H]: the route field at each imagined position (positions [K, H + 1, 2], s_0 first), plus
 * ROUTE_SKIP_PENALTY x the route skipped so far. Without that, a step through a wall would land on
 * the near end of the far room's route and look like progress.
 */
function routeOf(r: RouteTensor, positions: tf.Tensor3D, speed: tf.Tensor2D, dt: number): tf.Tensor2D {
  const [K, H1] = positions.shape;
  const H = H1 - 1;
  const along = tf.reshape(
    gridSampler(r.field, r.width, r.height)(tf.reshape(positions, [-1, 2]) as tf.Tensor2D),
    [K, H1],
  );
  const before = tf.slice(along, [0, 0], [K, H]);
  const after = tf.slice(along, [0, 1], [K, H]);
  const skipped = tf.relu(tf.sub(tf.sub(before, after), tf.mul(speed, dt * ROUTE_SLACK)));
  return tf.add(after, tf.mul(tf.cumsum(skipped, 1), ROUTE_SKIP_PENALTY)) as tf.Tensor2D;
}

/** Builds the context; call inside tf.tidy (all returned tensors are new). */
export function buildContext(input: ContextInput): BuiltContext {
  const { states, actions, goal, probes, dt } = input;
  const [K, H, A] = actions.shape;
  // Time-major batch [H*K, D]: one probe call for all imagined states keeps the op count flat in H.
  let first: tf.Tensor2D;
  let future: tf.Tensor2D;
  if (Array.isArray(states)) {
    if (states.length !== H + 1)
      throw new Error(`buildContext: expected ${H + 1} states, got ${states.length}`);
    first = states[0]!;
    future = tf.concat(states.slice(1), 0);
  } else {
    if (states.future.shape[0] !== H * K)
      throw new Error(
        `buildContext: expected ${H * K} future states (H ${H} x K ${K}), got ${states.future.shape[0]}`,
      );
    first = states.first;
    future = states.future;
  }
  const toKH = (t: tf.Tensor): tf.Tensor2D => tf.transpose(tf.reshape(t, [H, K])) as tf.Tensor2D;

  const p0 = tf.broadcastTo(probes.position(first), [K, 2]);
  // One pass of the probe head over every imagined state where the model shares one.
  const read = probes.readAll
    ? probes.readAll(future)
    : {
        position: probes.position(future),
        wallDistance: probes.wallDistance(future),
        hazard: probes.hazard(future),
      };
  const pf = read.position; // [H*K, 2]
  const pfKH2 = tf.transpose(tf.reshape(pf, [H, K, 2]), [1, 0, 2]) as tf.Tensor3D;
  const positions = tf.concat([tf.reshape(p0, [K, 1, 2]), pfKH2], 1) as tf.Tensor3D;
  const x = tf.squeeze(tf.slice(pfKH2, [0, 0, 0], [K, H, 1]), [2]) as tf.Tensor2D;
  const y = tf.squeeze(tf.slice(pfKH2, [0, 0, 1], [K, H, 1]), [2]) as tf.Tensor2D;
  const prev = tf.slice(positions, [0, 0, 0], [K, H, 2]);
  const vel = tf.div(tf.sub(pfKH2, prev), dt);
  const vx = tf.squeeze(tf.slice(vel, [0, 0, 0], [K, H, 1]), [2]) as tf.Tensor2D;
  const vy = tf.squeeze(tf.slice(vel, [0, 0, 1], [K, H, 1]), [2]) as tf.Tensor2D;
  const speed = tf.sqrt(tf.add(tf.add(tf.square(vx), tf.square(vy)), SQRT_EPS)) as tf.Tensor2D;

  // A per-candidate goal [K, D] is repeated H times to line up with the time-major future.
  const goalTM = goal.shape[0] === 1 ? goal : tf.tile(goal, [H, 1]);
  const goalDist = toKH(tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(future, goalTM)), 1), SQRT_EPS)));
  const gPos = probes.position(goal); // [1 or K, 2]
  const gPosKH = goal.shape[0] === 1 ? gPos : tf.tile(gPos, [H, 1]);
  const goalPosDist = toKH(tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(pf, gPosKH)), 1), SQRT_EPS)));
  // A temporal distance through the critic: unlike goalDist it grows across a wall, so summed over
  // the horizon it pulls the plan toward the door rather than into the wall.
  // Computed on first read only (a critic pass over every imagined state is not free); the read
  // happens inside the same tidy/gradient scope as the rest of the context.
  let goalSteps: tf.Tensor2D | null = null;
  // Only a critic that counts steps may stand in for a distance; an online cost-to-go critic does not.
  const critic = input.critic?.units === 'steps' ? input.critic : null;
  const readGoalSteps = (): tf.Tensor2D =>
    (goalSteps ??= critic ? toKH(critic.value(future, goalTM)) : (tf.zeros([K, H]) as tf.Tensor2D));
  const surprises = input.surprises && input.surprises.shape[0] > 0 ? input.surprises : null;
  let surprise: tf.Tensor2D | null = null;
  const surpriseOf = (m: tf.Tensor2D): tf.Tensor2D => {
    const M = m.shape[0];
    const mx = tf.reshape(tf.slice(m, [0, 0], [M, 1]), [1, 1, M]);
    const my = tf.reshape(tf.slice(m, [0, 1], [M, 1]), [1, 1, M]);
    const d2 = tf.add(
      tf.square(tf.sub(tf.reshape(x, [K, H, 1]), mx)),
      tf.square(tf.sub(tf.reshape(y, [K, H, 1]), my)),
    );
    return tf.sum(tf.exp(tf.div(d2, -2 * SURPRISE_SIGMA * SURPRISE_SIGMA)), 2) as tf.Tensor2D;
  };
  const readSurprise = (): tf.Tensor2D =>
    (surprise ??= surprises ? surpriseOf(surprises) : (tf.zeros([K, H]) as tf.Tensor2D));
  // The wall map read from the real current state, checked at three points along every imagined
  // step: a step the predictor wrongly lets through a wall still lands a sample on it.
  const wallMap = probes.wallMap;
  let seenWall: tf.Tensor2D | null = null;
  const wallCells = (map: WallMapReadout): tf.Tensor2D =>
    input.wallCells ??
    (tf.reshape(map.read(tf.slice(first, [0, 0], [1, -1])), [map.grid, map.grid]) as tf.Tensor2D);
  const readSeenWall = (): tf.Tensor2D =>
    (seenWall ??= wallMap
      ? seenWallOf(wallCells(wallMap), wallMap, prev, pfKH2)
      : (tf.zeros([K, H]) as tf.Tensor2D));
  // The route still to go from each imagined position, over the walls seen now: a cost-to-go that
  // knows the door, read from the real observation rather than from the imagined latents.
  const routeIn = input.route ?? null;
  let route: tf.Tensor2D | null = null;
  const readRoute = (): tf.Tensor2D =>
    (route ??= routeIn ? routeOf(routeIn, positions, speed, dt) : (tf.zeros([K, H]) as tf.Tensor2D));
  const wallDist = toKH(read.wallDistance);
  const hazard = toKH(read.hazard);

  const ax = tf.squeeze(tf.slice(actions, [0, 0, 0], [K, H, 1]), [2]) as tf.Tensor2D;
  const ay = tf.squeeze(tf.slice(actions, [0, 0, 1], [K, H, 1]), [2]) as tf.Tensor2D;
  const a0 = input.prevAction
    ? tf.reshape(tf.broadcastTo(input.prevAction, [K, A]), [K, 1, A])
    : tf.zeros([K, 1, A]);
  const prevActs = H > 1 ? tf.concat([a0, tf.slice(actions, [0, 0, 0], [K, H - 1, A])], 1) : a0;
  const da = tf.sub(actions, prevActs);
  const dax = tf.squeeze(tf.slice(da, [0, 0, 0], [K, H, 1]), [2]) as tf.Tensor2D;
  const day = tf.squeeze(tf.slice(da, [0, 0, 1], [K, H, 1]), [2]) as tf.Tensor2D;
  const t = tf.broadcastTo(tf.reshape(tf.range(1, H + 1, 1, 'float32'), [1, H]), [K, H]) as tf.Tensor2D;
  return {
    ctx: {
      K,
      H,
      x,
      y,
      vx,
      vy,
      speed,
      goalDist,
      goalPosDist,
      get goalSteps() {
        return readGoalSteps();
      },
      get surprise() {
        return readSurprise();
      },
      get seenWall() {
        return readSeenWall();
      },
      get route() {
        return readRoute();
      },
      wallDist,
      hazard,
      ax,
      ay,
      dax,
      day,
      t,
    },
    positions,
  };
}
