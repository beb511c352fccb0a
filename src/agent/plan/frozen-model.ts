// The learned world model as the planner uses it: predictor and probes with frozen weights, so a
// planning gradient is an input gradient only (frozen.ts). It mirrors model/network.ts's predict
// and probe heads; frozen-model.test.ts checks it against the learner so the two cannot drift.
import type { LatentDynamics, LatentProbes, ProbeReadouts, WallMapReadout } from '../contracts';
import type { ModelConfig } from '../model/config';
import type { NamedWeights } from '../model/learner';
import { tf } from '../tf/core';
import { type FrozenDense, freezeDense } from './frozen';
import { type FusedDynamics, FusedRollout } from './fused-rollout';

export interface WeightSource {
  readonly config: ModelConfig;
  exportWeights(): NamedWeights[];
}

const LAYERS = ['pred/h1', 'pred/h2', 'pred/out', 'probe/h1', 'probe/out'] as const;
/** Present only in models with a wall map (config.mapGrid > 0). */
const MAP_LAYERS = ['map/h1', 'map/out'] as const;
type LayerName = (typeof LAYERS)[number] | (typeof MAP_LAYERS)[number];

export class FrozenWorldModel implements LatentDynamics, LatentProbes, FusedDynamics {
  readonly latentDim: number;
  readonly actionDim: number;
  private layers: Map<LayerName, FrozenDense> | null = null;
  private scale: tf.Tensor1D | null = null;
  private fused: FusedRollout | null = null;
  readonly wallMap?: WallMapReadout;

  constructor(private readonly source: WeightSource) {
    this.latentDim = source.config.latentDim;
    this.actionDim = source.config.actionDim;
    const grid = source.config.mapGrid ?? 0;
    if (grid > 0) {
      const { width, height } = source.config.arena;
      this.wallMap = {
        grid,
        width,
        height,
        read: (s) =>
          tf.tidy(() => tf.sigmoid(this.layer('map/out', tf.relu(this.layer('map/h1', s)))) as tf.Tensor2D),
      };
    }
    this.refresh();
  }

  /** Re-reads the weights (after training steps or a checkpoint load). */
  refresh(): void {
    const byName = new Map(this.source.exportWeights().map((w) => [w.name, w]));
    const next = new Map<LayerName, FrozenDense>();
    let fused: FusedRollout | null = null;
    tf.tidy(() => {
      const pred: { w: tf.Tensor2D; b: tf.Tensor1D }[] = [];
      const names: LayerName[] = [...LAYERS, ...((this.source.config.mapGrid ?? 0) > 0 ? MAP_LAYERS : [])];
      for (const name of names) {
        const w = byName.get(`${name}/w`);
        const b = byName.get(`${name}/b`);
        if (!w || !b) throw new Error(`FrozenWorldModel: the model has no layer '${name}'`);
        const layer = { w: tf.tensor2d(w.data, w.shape as [number, number]), b: tf.tensor1d(b.data) };
        next.set(name, freezeDense(layer.w, layer.b));
        if (name.startsWith('pred/')) pred.push(layer);
      }
      fused = new FusedRollout(pred, this.latentDim);
    });
    this.disposeLayers();
    this.layers = next;
    this.fused = fused;
    const { width, height } = this.source.config.arena;
    this.scale = tf.keep(tf.tensor1d([width, height]));
  }

  /** The predictor rolled over a whole horizon as one op with a hand-written backward (fused-rollout.ts). */
  rolloutStates(s0: tf.Tensor2D, actions: tf.Tensor3D): tf.Tensor3D {
    return this.fused!.rollout(s0, actions);
  }

  private layer(name: LayerName, x: tf.Tensor2D): tf.Tensor2D {
    return this.layers!.get(name)!.apply(x);
  }

  predict(s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const h1 = tf.relu(this.layer('pred/h1', tf.concat([s, a], 1)));
      const h2 = tf.relu(this.layer('pred/h2', h1));
      return tf.add(s, this.layer('pred/out', h2));
    });
  }

  private head(s: tf.Tensor2D): tf.Tensor2D {
    return this.layer('probe/out', tf.relu(this.layer('probe/h1', s)));
  }

  // The head's four outputs: x, y (scaled to metres), wall distance, hazard logit.
  private positionOf(h: tf.Tensor2D): tf.Tensor2D {
    return tf.mul(tf.slice(h, [0, 0], [-1, 2]), this.scale!) as tf.Tensor2D;
  }

  private column(h: tf.Tensor2D, c: number): tf.Tensor1D {
    return tf.reshape(tf.slice(h, [0, c], [-1, 1]), [-1]) as tf.Tensor1D;
  }

  position(s: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.positionOf(this.head(s)));
  }

  wallDistance(s: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => this.column(this.head(s), 2));
  }

  hazard(s: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.sigmoid(this.column(this.head(s), 3)) as tf.Tensor1D);
  }

  readAll(s: tf.Tensor2D): ProbeReadouts {
    return tf.tidy(() => {
      const h = this.head(s);
      return {
        position: this.positionOf(h),
        wallDistance: this.column(h, 2),
        hazard: tf.sigmoid(this.column(h, 3)) as tf.Tensor1D,
      };
    });
  }

  private disposeLayers(): void {
    for (const l of this.layers?.values() ?? []) l.dispose();
    this.layers = null;
    this.fused?.dispose();
    this.fused = null;
    this.scale?.dispose();
    this.scale = null;
  }

  dispose(): void {
    this.disposeLayers();
  }
}
