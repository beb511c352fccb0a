// Analytic world models with known answers: they let the planner, critic and agent loop be tested
// with real tensors before (and independently of) the learned model. Latent = position (m).
import type { Encoder, LatentDynamics, LatentProbes } from '../contracts';
import { tf } from '../tf/core';

export interface Segment {
  /** A vertical wall at x from y0 to y1 (y0 < y1). */
  x: number;
  y0: number;
  y1: number;
}

export interface PointMassOptions {
  /** Metres moved per step at |a| = 1. */
  gain?: number;
  /** The arena [0, width] x [0, height]; positions are clamped inside it. */
  width?: number;
  height?: number;
  radius?: number;
  /** Vertical walls that stop motion across them. */
  walls?: Segment[];
  /** Circular hazards (centre, radius), read by the hazard probe as a soft disc. */
  hazards?: { x: number; y: number; r: number }[];
}

/**
 * s' = clamp(s + gain * a), stopped at walls. Blocking is a `where` on the crossing, so the
 * gradient through a blocked step is zero along x: exactly the trap that stalls plain GD.
 */
export class PointMassModel implements LatentDynamics, LatentProbes {
  readonly latentDim = 2;
  readonly actionDim = 2;
  readonly gain: number;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly walls: Segment[];
  readonly hazards: { x: number; y: number; r: number }[];

  constructor(o: PointMassOptions = {}) {
    this.gain = o.gain ?? 0.3;
    this.width = o.width ?? 4;
    this.height = o.height ?? 4;
    this.radius = o.radius ?? 0.1;
    this.walls = o.walls ?? [];
    this.hazards = o.hazards ?? [];
  }

  predict(s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const r = this.radius;
      const p = tf.add(s, tf.mul(a, this.gain));
      const sx = tf.slice(s, [0, 0], [-1, 1]);
      let [px, py] = tf.split(p, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      // Masks as 0/1 floats from tf.step (zero gradient): boolean ops have no gradient in tfjs and
      // would break tf.grad through this model.
      const step = (t: tf.Tensor) => tf.step(t);
      for (const w of this.walls) {
        const span = tf.mul(step(tf.sub(py, w.y0 - r)), step(tf.sub(w.y1 + r, py)));
        const fromLeft = tf.mul(tf.mul(step(tf.sub(w.x, sx)), step(tf.sub(px, w.x - r))), span);
        const fromRight = tf.mul(tf.mul(step(tf.sub(sx, w.x)), step(tf.sub(w.x + r, px))), span);
        const blend = (m: tf.Tensor, v: tf.Tensor, base: tf.Tensor) =>
          tf.add(tf.mul(m, v), tf.mul(tf.sub(1, m), base));
        px = blend(fromLeft, tf.minimum(px, w.x - r), px) as tf.Tensor2D;
        px = blend(fromRight, tf.maximum(px, w.x + r), px) as tf.Tensor2D;
      }
      px = tf.clipByValue(px, r, this.width - r);
      py = tf.clipByValue(py, r, this.height - r);
      return tf.concat([px, py], 1) as tf.Tensor2D;
    });
  }

  position(s: tf.Tensor2D): tf.Tensor2D {
    return tf.clone(s);
  }

  wallDistance(s: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const [x, y] = tf.split(s, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const ds: tf.Tensor[] = [x, y, tf.sub(this.width, x), tf.sub(this.height, y)];
      for (const w of this.walls) {
        const cy = tf.clipByValue(y, w.y0, w.y1);
        ds.push(tf.sqrt(tf.add(tf.add(tf.square(tf.sub(x, w.x)), tf.square(tf.sub(y, cy))), 1e-8)));
      }
      return tf.sub(tf.min(tf.concat(ds, 1), 1), this.radius) as tf.Tensor1D;
    });
  }

  hazard(s: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      if (this.hazards.length === 0) return tf.zeros([s.shape[0]]) as tf.Tensor1D;
      const parts = this.hazards.map((h) => {
        const d = tf.sqrt(tf.add(tf.sum(tf.square(tf.sub(s, tf.tensor1d([h.x, h.y]))), 1), 1e-8));
        return tf.sigmoid(tf.mul(tf.sub(h.r, d), 20));
      });
      // Plain adds keep the op set minimal for every backend.
      return tf.minimum(
        parts.reduce((acc, p) => tf.add(acc, p)),
        1,
      ) as tf.Tensor1D;
    });
  }

  /** JS step for tests that execute plans in the analytic world. */
  stepJs(x: number, y: number, ax: number, ay: number): [number, number] {
    return tf.tidy(() => {
      const next = this.predict(tf.tensor2d([x, y], [1, 2]), tf.tensor2d([ax, ay], [1, 2]));
      const d = next.dataSync();
      return [d[0]!, d[1]!];
    });
  }
}

/**
 * Reads the agent's position from the observation's agent channel (centroid of its pixels):
 * the analytic counterpart of the learned encoder, matching PointMassModel's latent.
 */
export class CentroidEncoder implements Encoder {
  readonly latentDim = 2;

  constructor(
    private readonly arenaWidth: number,
    private readonly arenaHeight: number,
    private readonly agentChannel = 1,
  ) {}

  encode(images: tf.Tensor4D, _proprio: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, , Hh, W] = images.shape;
      const ch = tf.squeeze(tf.slice(images, [0, this.agentChannel, 0, 0], [B, 1, Hh, W]), [1]);
      const mass = tf.add(tf.sum(ch, [1, 2]), 1e-6);
      const xs = tf.reshape(tf.add(tf.range(0, W, 1, 'float32'), 0.5), [1, 1, W]);
      const ys = tf.reshape(tf.add(tf.range(0, Hh, 1, 'float32'), 0.5), [1, Hh, 1]);
      const cx = tf.mul(tf.div(tf.sum(tf.mul(ch, xs), [1, 2]), mass), this.arenaWidth / W);
      const cy = tf.mul(tf.div(tf.sum(tf.mul(ch, ys), [1, 2]), mass), this.arenaHeight / Hh);
      return tf.stack([cx, cy], 1) as tf.Tensor2D;
    });
  }
}
