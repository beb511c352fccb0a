// The cost of *being* somewhere, for the heat map: each observation is encoded and scored as a
// one-step imagined future that stays put (no action, no motion), so only the terms about the state
// itself speak (goal distance, hazard, walls, and any user formula over x, y, ...). Same cost table
// and goal as the planner's, so the map shows what the planner is minimising right now.
import type { Observation } from '../world/types';
import type { CostToGo, Encoder, LatentProbes } from './contracts';
import { buildContext } from './plan/context';
import type { IntrinsicCost } from './plan/cost';
import { readSeenRoute, type SeenRoute } from './plan/route-read';
import { tf } from './tf/core';

/** Observations encoded per batch: bounds the memory of one call whatever the grid size. */
const CHUNK = 64;

export interface StateCostParts {
  encoder: Encoder;
  probes: LatentProbes;
  cost: IntrinsicCost;
  /** Goal latent [1, D] (caller owns it). */
  goal: tf.Tensor2D;
  dt: number;
  /** The planner's critic: without it the goalSteps term reads 0 and the map would not show it. */
  critic?: CostToGo | null;
}

/** One cost per observation (all of the same size and channels), in order. */
export function stateCosts(parts: StateCostParts, observations: readonly Observation[]): Float32Array {
  const out = new Float32Array(observations.length);
  // The route term's field, read once from the first observation's encoding (the walls are the same
  // in every one), so the map shows the way around the walls the planner is charging.
  let seen = null as SeenRoute | null;
  try {
    for (let start = 0; start < observations.length; start += CHUNK) {
      const batch = observations.slice(start, start + CHUNK);
      const first = batch[0]!;
      const { channels: C, size: S } = first;
      const P = first.proprio.length;
      const images = new Float32Array(batch.length * C * S * S);
      const proprio = new Float32Array(batch.length * P);
      batch.forEach((o, i) => {
        if (o.size !== S || o.channels !== C || o.proprio.length !== P) {
          throw new Error(`stateCosts: observation ${start + i} differs in shape from the first`);
        }
        images.set(o.image, i * C * S * S);
        proprio.set(o.proprio, i * P);
      });
      const values = tf.tidy(() => {
        const B = batch.length;
        const s = parts.encoder.encode(tf.tensor4d(images, [B, C, S, S]), tf.tensor2d(proprio, [B, P]));
        if (!seen && parts.cost.uses('route')) {
          // Kept past this tidy; the finally below disposes them.
          const read = readSeenRoute(parts.probes, tf.slice(s, [0, 0], [1, -1]), parts.goal, true);
          if (read) for (const t of [read.cells, read.route!.field]) tf.keep(t);
          seen = read;
        }
        const { ctx } = buildContext({
          states: [s, s],
          actions: tf.zeros([B, 1, 2]) as tf.Tensor3D,
          goal: parts.goal,
          probes: parts.probes,
          dt: parts.dt,
          critic: parts.critic ?? null,
          route: seen?.route ?? null,
        });
        return parts.cost.perStep(ctx).dataSync() as Float32Array;
      });
      out.set(values, start);
    }
  } finally {
    seen?.cells.dispose();
    seen?.route?.field.dispose();
  }
  return out;
}
