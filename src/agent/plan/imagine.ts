// One imagined future for a batch of action sequences: roll the world model forward, read the
// probes, score with the intrinsic cost and (optionally) the critic past the horizon.
import type { CostToGo, LatentDynamics, LatentProbes } from '../contracts';
import { tf } from '../tf/core';
import { buildContext, type ImaginedStates, type RouteTensor } from './context';
import type { IntrinsicCost } from './cost';
import { hasFusedRollout } from './fused-rollout';

export interface Imagination {
  dynamics: LatentDynamics;
  probes: LatentProbes;
  cost: IntrinsicCost;
  critic?: CostToGo | null;
  /** Weight of V(s_H, goal) in the total; 0 switches the critic off. */
  criticWeight: number;
  dt: number;
  /** Each action is held for this many imagined steps (1: one action per step). */
  actionRepeat?: number;
  /** Places [M, 2] where the model missed this episode, for the 'surprise' cost term. */
  surprises?: tf.Tensor2D | null;
  /** The wall map read once from s_0 ([G, G]), for the 'seenWall' term. */
  wallCells?: tf.Tensor2D | null;
  /** The route field over the seen walls, for the 'route' term. */
  route?: RouteTensor | null;
}

export interface ImaginedBatch {
  /** [N] total cost per sequence. */
  total: tf.Tensor1D;
  /** [N, T + 1]: each cost term, then the critic's weighted value (0 when off). */
  perTerm: tf.Tensor2D;
  /** [N, H * actionRepeat + 1, 2] probe positions. */
  positions: tf.Tensor3D;
}

/**
 * s_0 ([1, D] or [N, D]) and actions [N, H, A] (bounded) -> the imagined states, the future ones
 * time-major in one [H * N, D] tensor as the cost context reads them. Call in tidy.
 */
export function rollout(dynamics: LatentDynamics, s0: tf.Tensor2D, actions: tf.Tensor3D): ImaginedStates {
  const [N, H] = actions.shape;
  // One op for the whole horizon when the model offers it (about half the kernels, no autodiff tape).
  // Its [H, N, D] result is used as it is: splitting it into H states (tf.unstack) and concatenating
  // them back in the context cost H whole-tensor copies on wasm and a split in the backward pass.
  if (hasFusedRollout(dynamics)) {
    const future = tf.reshape(dynamics.rolloutStates(s0, actions), [H * N, -1]) as tf.Tensor2D;
    // One slice (one copy of the input on wasm) for the critic's s_H.
    const last = tf.slice(future, [(H - 1) * N, 0], [N, -1]) as tf.Tensor2D;
    return { first: s0, future, last };
  }
  let s = s0.shape[0] === N ? s0 : (tf.broadcastTo(s0, [N, s0.shape[1]]) as tf.Tensor2D);
  const states: tf.Tensor2D[] = [];
  const steps = tf.unstack(actions, 1) as tf.Tensor2D[];
  for (let t = 0; t < H; t++) {
    s = dynamics.predict(s, steps[t]!);
    states.push(s);
  }
  return { first: s0, future: tf.concat(states, 0) as tf.Tensor2D, last: s };
}

/** [N, H, A] -> [N, H * repeat, A], each action held for `repeat` steps. Differentiable. */
export function holdActions(actions: tf.Tensor3D, repeat: number): tf.Tensor3D {
  if (repeat === 1) return actions;
  const [N, H, A] = actions.shape;
  return tf.reshape(tf.tile(tf.reshape(actions, [N, H, 1, A]), [1, 1, repeat, 1]), [N, H * repeat, A]);
}

/** Call inside tf.tidy (or tf.valueAndGrad). */
export function imagine(
  im: Imagination,
  s0: tf.Tensor2D,
  goal: tf.Tensor2D,
  actions: tf.Tensor3D,
  prevAction?: tf.Tensor2D,
): ImaginedBatch {
  actions = holdActions(actions, im.actionRepeat ?? 1);
  const states = rollout(im.dynamics, s0, actions);
  const { ctx, positions } = buildContext({
    states,
    actions,
    goal,
    probes: im.probes,
    dt: im.dt,
    critic: im.critic ?? null,
    surprises: im.surprises ?? null,
    wallCells: im.wallCells ?? null,
    route: im.route ?? null,
    ...(prevAction ? { prevAction } : {}),
  });
  const { total, perTerm } = im.cost.evaluate(ctx);
  const N = actions.shape[0];
  if (im.critic && im.criticWeight !== 0) {
    const v = tf.mul(im.critic.value(states.last, goal), im.criticWeight) as tf.Tensor1D;
    return {
      total: tf.add(total, v) as tf.Tensor1D,
      perTerm: tf.concat([perTerm, tf.reshape(v, [N, 1])], 1) as tf.Tensor2D,
      positions,
    };
  }
  return { total, perTerm: tf.concat([perTerm, tf.zeros([N, 1])], 1) as tf.Tensor2D, positions };
}
