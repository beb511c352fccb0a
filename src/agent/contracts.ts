// Seams between the agent's modules. The planner (actor + cost + critic) only knows these
// interfaces, so it can be tested on analytic models and run on the learned one unchanged.
// Tensor ownership: every method returns new tensors owned by the caller and never disposes its
// inputs; callers run them inside tf.tidy.
import type { tf } from './tf/core';

/** The world model as the planner sees it: a differentiable latent transition. */
export interface LatentDynamics {
  readonly latentDim: number;
  readonly actionDim: number;
  /** s_{t+1} = f(s_t, a_t). s: [B, D], a: [B, A] -> [B, D]. Differentiable in s and a. */
  predict(s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Readouts of interpretable quantities from a latent, trained with stop-gradient on ground truth.
 * They let cost terms speak of positions and walls, and let the view draw imagined states.
 * All differentiable in s. Units: world units (metres).
 */
export interface LatentProbes {
  /** [B, D] -> [B, 2] (x, y). */
  position(s: tf.Tensor2D): tf.Tensor2D;
  /** [B, D] -> [B] distance from the agent's edge to the nearest wall. */
  wallDistance(s: tf.Tensor2D): tf.Tensor1D;
  /** [B, D] -> [B] probability-like hazard occupancy in [0, 1]. */
  hazard(s: tf.Tensor2D): tf.Tensor1D;
  /**
   * All three readouts at once, where they share one head (FrozenWorldModel): the planner reads
   * them on every imagined state, so one pass of the head instead of three. Same values as the
   * three calls.
   */
  readAll?(s: tf.Tensor2D): ProbeReadouts;
  /**
   * The wall map read from one latent, when the model has one: [B, D] -> [B, G * G] in [0, 1], the
   * chance that the agent's centre cannot be at each cell of a G x G grid over the arena (row = y).
   */
  readonly wallMap?: WallMapReadout;
}

export interface ProbeReadouts {
  position: tf.Tensor2D;
  wallDistance: tf.Tensor1D;
  hazard: tf.Tensor1D;
}

export interface WallMapReadout {
  /** Cells per side. */
  readonly grid: number;
  /** Arena size (m) the grid covers. */
  readonly width: number;
  readonly height: number;
  read(s: tf.Tensor2D): tf.Tensor2D;
}

/** Critic V(s, s_goal): predicted intrinsic cost still to come after s. */
export interface CostToGo {
  /** s: [B, D], goal: [B, D] or [1, D] -> [B]. Differentiable in s. */
  value(s: tf.Tensor2D, goal: tf.Tensor2D): tf.Tensor1D;
  /**
   * What V counts: 'steps' to the goal (a temporal-distance critic, critic-td.ts) or the intrinsic
   * 'cost' still to come (TD(lambda) on the cost table, critic-data.ts). Absent means 'cost'.
   */
  readonly units?: 'steps' | 'cost';
}

/** Perception: observation batch to latent. */
export interface Encoder {
  readonly latentDim: number;
  /** images: [B, C, H, W] in [0,1], proprio: [B, P] -> [B, D]. */
  encode(images: tf.Tensor4D, proprio: tf.Tensor2D): tf.Tensor2D;
}
