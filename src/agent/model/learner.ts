// The world model as one object: all parameters, the optimiser, a guarded training step and the
// read-only views the planner uses (Encoder, LatentDynamics, LatentProbes). Runs in Node and in a
// Web Worker; no I/O here (checkpoint bytes are produced and parsed in ../checkpoint).
import type { Encoder, LatentDynamics, LatentProbes, WallMapReadout } from '../contracts';
import type { SequenceBatch } from '../memory/replay';
import { tf } from '../tf/core';
import { checkBatch, disposeBatch, toTensors } from './batch';
import { type ModelConfig, makeModelConfig, parseModelConfig } from './config';
import { probeLoss } from './losses';
import { type EvalMetrics, evaluateModel } from './metrics';
import * as net from './network';
import { LOSS_NAMES, type Losses, objective } from './objective';
import { createParams, disposeParams, type Params, paramSpecs } from './params';

export interface NamedWeights {
  name: string;
  shape: number[];
  data: Float32Array;
}

export type TrainStepResult =
  | { ok: true; step: number; losses: Losses; gradNorm: number; ms: number; samplesPerSec: number }
  | {
      ok: false;
      step: number;
      reason: string;
      losses: Partial<Losses>;
      /** The update made a weight non-finite and the weights went back to their last good copy. */
      rolledBack?: boolean;
    };

/** A step between its backward pass and its read-back; owns every tensor in it. */
interface PendingStep {
  t0: number;
  size: number;
  generation: number;
  tensors: ReturnType<typeof toTensors>;
  terms: tf.Tensor1D;
  grads: tf.NamedTensorMap;
  norm: tf.Scalar;
}

function endStep(p: PendingStep): void {
  disposeBatch(p.tensors);
  p.terms.dispose();
  tf.dispose(Object.values(p.grads));
  p.norm.dispose();
}

export class WorldModelLearner implements Encoder, LatentDynamics, LatentProbes {
  readonly config: ModelConfig;
  readonly latentDim: number;
  readonly actionDim: number;
  private params: Params;
  private optimizer: tf.AdamOptimizer;
  private probeOptimizer: tf.AdamOptimizer | null = null;
  private mapOptimizer: tf.AdamOptimizer | null = null;
  private steps = 0;
  private rejected = 0;
  private disposed = false;
  /** Bumped when the weights are replaced: an async step computed on the old ones must not apply. */
  private generation = 0;
  /**
   * The weights before the latest update, kept until that update is known to be finite: a device
   * fault or an overflow in the optimiser can write NaN into a weight even when the loss and the
   * gradients were finite, and every later step would then be refused.
   */
  private lastGood: tf.Tensor[] | null = null;
  private poisonNext = false;

  constructor(config: Partial<ModelConfig> = {}, seed = 0) {
    this.config = makeModelConfig(config);
    this.latentDim = this.config.latentDim;
    this.actionDim = this.config.actionDim;
    this.params = createParams(this.config, seed);
    this.optimizer = tf.train.adam(this.config.learningRate);
  }

  /** Training steps applied so far. */
  get step(): number {
    return this.steps;
  }

  /** Training steps refused because the loss or a gradient was not finite. */
  get rejectedSteps(): number {
    return this.rejected;
  }

  /**
   * One Adam step on a batch of sequences (length >= 2; the rollout uses up to config.rollout
   * steps). A non-finite loss or gradient leaves weights and optimiser state untouched and is
   * reported with ok: false. Reads the losses with dataSync: for Node and backends that have it.
   */
  trainStep(batch: SequenceBatch): TrainStepResult {
    const pending = this.beginStep(batch);
    let result: TrainStepResult;
    try {
      result = this.finishStep(pending, pending.terms.dataSync(), pending.norm.dataSync()[0]!);
    } finally {
      endStep(pending);
    }
    if (!result.ok) return result;
    const finite = this.weightsFinite();
    try {
      return this.verifyUpdate(result, finite.dataSync()[0] === 1);
    } finally {
      finite.dispose();
    }
  }

  /**
   * trainStep with asynchronous read-back (tensor.data()), for backends whose dataSync is missing or
   * broken (WebGPU in a worker). Same kernels, same result. The step is refused if the weights were
   * replaced or the learner disposed while the losses were being read.
   */
  async trainStepAsync(batch: SequenceBatch): Promise<TrainStepResult> {
    const pending = this.beginStep(batch);
    const generation = this.generation;
    let result: TrainStepResult;
    try {
      const [values, norm] = await Promise.all([pending.terms.data(), pending.norm.data()]);
      this.assertAlive();
      if (pending.generation !== this.generation) {
        return {
          ok: false,
          step: this.steps,
          reason: 'weights were replaced while the step was read back; step dropped',
          losses: {},
        };
      }
      result = this.finishStep(pending, values as Float32Array, norm[0]!);
    } finally {
      endStep(pending);
    }
    if (!result.ok) return result;
    const finite = this.weightsFinite();
    try {
      const ok = (await finite.data())[0] === 1;
      this.assertAlive();
      // Weights imported meanwhile replaced the update (and the copy): nothing to check or undo.
      if (this.generation !== generation) return result;
      return this.verifyUpdate(result, ok);
    } finally {
      finite.dispose();
    }
  }

  /**
   * Fault injection for tests and the fault demo: the next applied update writes NaN into one
   * weight, as a failing device would. The step is then rolled back like any other non-finite update.
   */
  poisonNextUpdate(): void {
    this.poisonNext = true;
  }

  /** 1 when every weight is finite, else 0 (a scalar the caller reads back and disposes). */
  private weightsFinite(): tf.Scalar {
    return tf.tidy(() => {
      // Chained, like the grad norm: one op over every weight would exceed WebGPU's buffer limit.
      const perTensor = [...this.params.values()].map((v) => tf.cast(tf.all(tf.isFinite(v)), 'float32'));
      return perTensor.reduce((acc, x) => tf.mul(acc, x)) as tf.Scalar;
    });
  }

  /** Keeps an accepted update whose weights are finite; otherwise restores the copy from before it. */
  private verifyUpdate(result: TrainStepResult & { ok: true }, finite: boolean): TrainStepResult {
    if (finite) return result;
    const good = this.lastGood;
    if (!good) throw new Error('world model learner: a non-finite update has no copy to roll back to');
    for (const [i, v] of [...this.params.values()].entries()) v.assign(good[i]!);
    this.steps--;
    this.rejected++;
    this.generation++;
    // Adam's moments led to the bad update: start them afresh from the restored weights.
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.config.learningRate);
    return {
      ok: false,
      step: this.steps,
      reason: `step ${this.steps + 1} made a weight non-finite; weights rolled back to step ${this.steps} and the optimiser reset`,
      losses: result.losses,
      rolledBack: true,
    };
  }

  /** Forward and backward pass; nothing is read back and nothing is applied yet. */
  private beginStep(batch: SequenceBatch): PendingStep {
    this.assertAlive();
    checkBatch(this.config, batch, 2);
    const t0 = performance.now();
    const tensors = toTensors(this.config, batch);
    // The wall map is fitted apart (trainMapStep): the objective does not reach it.
    const vars = [...this.params.entries()].filter(([k]) => !k.startsWith('map/')).map(([, v]) => v);
    let terms: tf.Tensor1D | null = null;
    try {
      const result = tf.variableGrads(() => {
        const o = objective(this.config, this.params, tensors);
        terms = tf.keep(tf.stack(LOSS_NAMES.map((n) => o[n])) as tf.Tensor1D);
        return o.total;
      }, vars);
      result.value.dispose();
      const grads = result.grads;
      // A chain of adds, not one addN: WebGPU binds every addN input as a storage buffer, and with one
      // per parameter it exceeds the per-stage limit (8 on SwiftShader); the invalid pipeline then
      // silently zeroes the whole command batch, losses included.
      const norm = tf.tidy(
        () =>
          tf.sqrt(
            Object.values(grads)
              .map((x) => tf.sum(tf.square(x)))
              .reduce((acc, x) => tf.add(acc, x)),
          ) as tf.Scalar,
      );
      return {
        t0,
        size: batch.batch,
        generation: this.generation,
        tensors,
        terms: terms as unknown as tf.Tensor1D,
        grads,
        norm,
      };
    } catch (e) {
      disposeBatch(tensors);
      if (terms) (terms as tf.Tensor).dispose();
      throw e;
    }
  }

  /** Checks the read-back values and, only if every one is finite, applies the clipped gradients. */
  private finishStep(p: PendingStep, values: ArrayLike<number>, gradNorm: number): TrainStepResult {
    const losses = Object.fromEntries(LOSS_NAMES.map((n, i) => [n, values[i]!])) as Losses;
    const bad = LOSS_NAMES.filter((n) => !Number.isFinite(losses[n]));
    if (bad.length > 0 || !Number.isFinite(gradNorm)) {
      this.rejected++;
      const reason =
        bad.length > 0
          ? `non-finite loss term(s): ${bad.join(', ')}; step rejected, weights unchanged`
          : 'non-finite gradient; step rejected, weights unchanged';
      return { ok: false, step: this.steps, reason, losses };
    }
    const clip = this.config.gradClip;
    const scale = clip > 0 && gradNorm > clip ? clip / gradNorm : 1;
    this.keepLastGood();
    tf.tidy(() => {
      const scaled: tf.NamedTensorMap = {};
      for (const [k, v] of Object.entries(p.grads)) scaled[k] = scale === 1 ? v : tf.mul(v, scale);
      this.optimizer.applyGradients(scaled as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      if (this.poisonNext) {
        this.poisonNext = false;
        const first = this.params.values().next().value!;
        first.assign(tf.fill(first.shape, Number.NaN));
      }
    });
    this.steps++;
    const ms = performance.now() - p.t0;
    return { ok: true, step: this.steps, losses, gradNorm, ms, samplesPerSec: (p.size * 1000) / ms };
  }

  /** A copy of the weights as they are now (one device-side copy per step, no read-back). */
  private keepLastGood(): void {
    const copies = [...this.params.values()].map((v) => tf.keep(v.clone()));
    if (this.lastGood) tf.dispose(this.lastGood);
    this.lastGood = copies;
  }

  /**
   * One Adam step on the probe heads alone, on frozen latents. Used to fit the readouts to a
   * trained encoder: online, the probes chase a moving representation and lag behind it. Returns
   * the probe loss, or null when it was not finite (step skipped).
   */
  trainProbeStep(batch: SequenceBatch, learningRate = 3e-3): number | null {
    this.assertAlive();
    checkBatch(this.config, batch, 1);
    this.probeOptimizer ??= tf.train.adam(learningRate);
    const opt = this.probeOptimizer;
    const tensors = toTensors(this.config, batch);
    try {
      let result: number | null = null;
      tf.tidy(() => {
        const z = net.encode(this.config, this.params, tensors.images, tensors.proprio);
        const vars = [...this.params.entries()].filter(([k]) => k.startsWith('probe/')).map(([, v]) => v);
        const { value, grads } = tf.variableGrads(
          () => probeLoss(net.probeHead(this.params, z), tensors.probeTargets),
          vars,
        );
        const loss = value.dataSync()[0]!;
        const finite = Object.values(grads).every((g) => Number.isFinite(tf.sum(g).dataSync()[0]!));
        if (!Number.isFinite(loss) || !finite) return;
        opt.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
        result = loss;
      });
      return result;
    } finally {
      disposeBatch(tensors);
    }
  }

  /**
   * One Adam step on the wall-map readout alone, on frozen latents z [B, D] against occupancy
   * targets [B, G * G] in {0, 1} (binary cross-entropy). Returns the loss, or null when it was not
   * finite (step skipped). Throws when the model has no map (mapGrid absent or 0).
   */
  trainMapStep(z: tf.Tensor2D, targets: tf.Tensor2D, learningRate = 3e-3): number | null {
    this.assertAlive();
    const G = this.config.mapGrid ?? 0;
    if (G <= 0) throw new Error('trainMapStep: this model has no wall map (mapGrid is 0)');
    if (targets.shape[1] !== G * G || targets.shape[0] !== z.shape[0])
      throw new Error(`trainMapStep: targets must be [${z.shape[0]}, ${G * G}], got [${targets.shape}]`);
    this.mapOptimizer ??= tf.train.adam(learningRate);
    const opt = this.mapOptimizer;
    const vars = [...this.params.entries()].filter(([k]) => k.startsWith('map/')).map(([, v]) => v);
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => tf.losses.sigmoidCrossEntropy(targets, net.probeMapLogits(this.params, z)) as tf.Scalar,
        vars,
      );
      const v = value.dataSync()[0]!;
      if (Number.isFinite(v)) opt.applyGradients(grads as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      return v;
    });
    return Number.isFinite(loss) ? loss : null;
  }

  /** Wall-map occupancy probabilities [B, G * G] in [0, 1]; throws without a map. */
  readWallMap(s: tf.Tensor2D): tf.Tensor2D {
    this.assertAlive();
    if (!this.config.mapGrid) throw new Error('readWallMap: this model has no wall map (mapGrid is 0)');
    return tf.tidy(() => tf.sigmoid(net.probeMapLogits(this.params, s)) as tf.Tensor2D);
  }

  /** The wall map as the planner reads it (LatentProbes.wallMap); undefined without one. */
  get wallMap(): WallMapReadout | undefined {
    const grid = this.config.mapGrid ?? 0;
    if (grid <= 0) return undefined;
    const { width, height } = this.config.arena;
    return { grid, width, height, read: (s) => this.readWallMap(s) };
  }

  /** Held-out metrics on sequences (see metrics.ts): compounding error curve, probe errors, std. */
  evaluate(batch: SequenceBatch, horizon = 16): EvalMetrics {
    this.assertAlive();
    checkBatch(this.config, batch, 2);
    return evaluateModel(this.config, this.params, batch, horizon);
  }

  encode(images: tf.Tensor4D, proprio: tf.Tensor2D): tf.Tensor2D {
    this.assertAlive();
    return tf.tidy(() => net.encode(this.config, this.params, images, proprio));
  }

  predict(s: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
    this.assertAlive();
    return tf.tidy(() => net.predict(this.params, s, a));
  }

  position(s: tf.Tensor2D): tf.Tensor2D {
    this.assertAlive();
    return tf.tidy(() => net.probePosition(this.config, this.params, s));
  }

  wallDistance(s: tf.Tensor2D): tf.Tensor1D {
    this.assertAlive();
    return tf.tidy(() => net.probeWallDistance(this.params, s));
  }

  hazard(s: tf.Tensor2D): tf.Tensor1D {
    this.assertAlive();
    return tf.tidy(() => net.probeHazard(this.params, s));
  }

  /** Encodes one observation (plain arrays) to a latent vector; convenient for hosts. */
  encodeObservation(image: Float32Array, size: number, proprio: Float32Array): Float32Array {
    this.assertAlive();
    return tf.tidy(() => {
      const img = tf.tensor4d(image, [1, this.config.channels, size, size]);
      const pr = tf.tensor2d(proprio, [1, this.config.proprioDim]);
      return net.encode(this.config, this.params, img, pr).dataSync() as Float32Array;
    });
  }

  /** Copies of every parameter, in paramSpecs order. */
  exportWeights(): NamedWeights[] {
    this.assertAlive();
    return paramSpecs(this.config).map((spec) => ({
      name: spec.name,
      shape: [...spec.shape],
      data: new Float32Array(this.params.get(spec.name)!.dataSync()),
    }));
  }

  /** exportWeights with asynchronous read-back, for backends without a working dataSync. */
  async exportWeightsAsync(): Promise<NamedWeights[]> {
    this.assertAlive();
    const specs = paramSpecs(this.config);
    const datas = await Promise.all(specs.map((spec) => this.params.get(spec.name)!.data()));
    return specs.map((spec, i) => ({
      name: spec.name,
      shape: [...spec.shape],
      data: new Float32Array(datas[i] as Float32Array),
    }));
  }

  /**
   * Replaces every parameter. Everything is checked before anything is written, so a bad set
   * throws and leaves the model as it was. Resets the optimiser's moments (they belong to the old
   * weights).
   */
  importWeights(weights: NamedWeights[], config?: ModelConfig): void {
    this.assertAlive();
    if (config) {
      const theirs = JSON.stringify(parseModelConfig(config, 'weights config'));
      if (theirs !== JSON.stringify(this.config)) {
        throw new Error(
          'weights were made for a different model config; build a new learner from the checkpoint',
        );
      }
    }
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const spec of paramSpecs(this.config)) {
      const w = byName.get(spec.name);
      if (!w) throw new Error(`weights lack tensor '${spec.name}'`);
      if (w.shape.length !== spec.shape.length || w.shape.some((d, i) => d !== spec.shape[i])) {
        throw new Error(`tensor '${spec.name}' has shape [${w.shape}], the model needs [${spec.shape}]`);
      }
      const n = spec.shape.reduce((a, b) => a * b, 1);
      if (w.data.length !== n)
        throw new Error(`tensor '${spec.name}' has ${w.data.length} values, expected ${n}`);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(w.data[i]!))
          throw new Error(`tensor '${spec.name}' has a non-finite value at index ${i}`);
      }
    }
    for (const spec of paramSpecs(this.config)) {
      const w = byName.get(spec.name)!;
      const v = this.params.get(spec.name)!;
      tf.tidy(() => v.assign(tf.tensor(w.data, spec.shape)));
    }
    this.generation++;
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.config.learningRate);
    this.probeOptimizer?.dispose();
    this.probeOptimizer = null;
    this.mapOptimizer?.dispose();
    this.mapOptimizer = null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeParams(this.params);
    if (this.lastGood) tf.dispose(this.lastGood);
    this.lastGood = null;
    this.optimizer.dispose();
    this.probeOptimizer?.dispose();
    this.mapOptimizer?.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('world model learner was disposed');
  }
}
