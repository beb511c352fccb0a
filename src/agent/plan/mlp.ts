// A small trainable MLP (critic and Mode-1 policy): ReLU hidden layers, linear output, Adam,
// fast-gradient dense from tf/ops. Weights are tf.Variables owned here; dispose() frees them.
import { tf } from '../tf/core';
import { dense } from '../tf/ops';
import { Rng } from './rng';

export interface MlpWeights {
  name: string;
  shape: number[];
  data: Float32Array;
}

export class Mlp {
  readonly sizes: readonly number[];
  private readonly vars: tf.Variable[] = [];
  private optimizer: tf.Optimizer;

  constructor(
    readonly name: string,
    sizes: number[],
    private readonly lr: number,
    seed: number,
  ) {
    if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new Error(`${name}: layer sizes must be >= 2 positive integers, got [${sizes.join(', ')}]`);
    }
    this.sizes = sizes;
    const rng = new Rng(seed);
    for (let i = 0; i + 1 < sizes.length; i++) {
      const fanIn = sizes[i]!;
      const fanOut = sizes[i + 1]!;
      // He init for ReLU layers; the output layer starts small so early predictions stay near 0.
      const std = i + 2 < sizes.length ? Math.sqrt(2 / fanIn) : 0.1 / Math.sqrt(fanIn);
      const w = new Float32Array(fanIn * fanOut);
      for (let j = 0; j < w.length; j++) w[j] = rng.normal() * std;
      // tf.variable shares the initial tensor's data and leaves that tensor alive: free it here, or
      // every Mlp (each rebuilt or loaded critic and policy) leaks its initial weights.
      const init = [tf.tensor2d(w, [fanIn, fanOut]), tf.zeros([fanOut])];
      this.vars.push(tf.variable(init[0]!, true, `${name}/l${i}/w`));
      this.vars.push(tf.variable(init[1]!, true, `${name}/l${i}/b`));
      tf.dispose(init);
    }
    this.optimizer = tf.train.adam(lr);
  }

  /** x: [B, in] -> [B, out]. Call inside tidy. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const n = this.vars.length / 2;
    for (let i = 0; i < n; i++) {
      h = dense(
        h,
        this.vars[2 * i] as tf.Variable<tf.Rank.R2>,
        this.vars[2 * i + 1] as tf.Variable<tf.Rank.R1>,
      );
      if (i + 1 < n) h = tf.relu(h);
    }
    return h;
  }

  /** One Adam step on a scalar loss; a non-finite loss changes nothing and returns NaN. */
  step(loss: () => tf.Scalar): number {
    const { value, grads } = tf.variableGrads(loss, this.vars);
    const v = value.dataSync()[0]!;
    if (Number.isFinite(v)) this.optimizer.applyGradients(grads);
    tf.dispose([value, ...Object.values(grads)]);
    return Number.isFinite(v) ? v : Number.NaN;
  }

  exportWeights(): MlpWeights[] {
    return this.vars.map((v) => ({
      name: v.name,
      shape: [...v.shape],
      data: new Float32Array(v.dataSync()),
    }));
  }

  /** Checks everything first, so a bad set leaves the weights as they were. */
  importWeights(ws: MlpWeights[]): void {
    if (ws.length !== this.vars.length) {
      throw new Error(`${this.name}: expected ${this.vars.length} tensors, got ${ws.length}`);
    }
    ws.forEach((w, i) => {
      const v = this.vars[i]!;
      if (w.shape.join(',') !== v.shape.join(',')) {
        throw new Error(`${this.name}: tensor ${i} has shape [${w.shape}], needs [${v.shape}]`);
      }
      if (w.data.length !== v.size || !w.data.every(Number.isFinite)) {
        throw new Error(`${this.name}: tensor ${i} has a wrong length or a non-finite value`);
      }
    });
    ws.forEach((w, i) => {
      tf.tidy(() => this.vars[i]!.assign(tf.tensor(w.data, w.shape)));
    });
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.lr);
  }

  dispose(): void {
    for (const v of this.vars) v.dispose();
    this.optimizer.dispose();
  }
}

/** Feature map for (state, goal) networks: [s, g, s - g]. Call inside tidy. */
export function goalFeatures(s: tf.Tensor2D, goal: tf.Tensor2D): tf.Tensor2D {
  const g = goal.shape[0] === s.shape[0] ? goal : (tf.broadcastTo(goal, s.shape) as tf.Tensor2D);
  return tf.concat([s, g, tf.sub(s, g)], 1) as tf.Tensor2D;
}
