// The imagined rollout s_{t+1} = s_t + MLP([s_t, a_t]) of a frozen predictor as ONE differentiable
// op with a hand-written backward pass. Autodiff through the step-by-step rollout records every op
// on the tape, computes nothing it can skip but still dispatches two to three kernels per forward
// op; here the forward runs each layer as one fused matMul + bias + ReLU kernel, and the backward
// is the input gradient only, through transposed weights made once (plain matMuls: XNNPACK on
// wasm, see tf/ops.ts), with the action gradient of all H steps taken in one batched matMul.
import { tf } from '../tf/core';

export interface DenseLayer {
  /** [in, out] */
  w: tf.Tensor2D;
  /** [out] */
  b: tf.Tensor1D;
}

/**
 * x W + b (then ReLU) as ONE kernel, on rank-3 operands ([1, N, in] x [1, in, out]) as the kernel
 * expects. tf.fused.matMul unfuses itself whenever a gradient is being taken anywhere (it cannot
 * know that this forward's gradient is written by hand), which tripled the kernels here; calling
 * the kernel directly keeps it fused. Used only inside the custom op's forward.
 */
function fusedDense(
  x: tf.Tensor3D,
  w: tf.Tensor3D,
  b: tf.Tensor1D,
  activation: 'relu' | 'linear',
): tf.Tensor3D {
  return tf
    .engine()
    .runKernel(
      '_FusedMatMul',
      { a: x, b: w, bias: b },
      { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 },
    ) as tf.Tensor3D;
}

/**
 * x[t] along the outer axis. Not tf.unstack or tf.slice: on wasm (4.22) both copy the WHOLE input
 * out of the heap for every piece (backend.readSync), so splitting H steps costs H full copies
 * (measured: unstacking a [32, 64, 64] gradient took longer than the 96 matMuls around it).
 * Gather reads only the index.
 */
function at(x: tf.Tensor, t: number): tf.Tensor {
  return tf.gather(x, tf.scalar(t, 'int32'));
}

/**
 * x [H, ...] as the H tensors x[0], ..., x[H-1]. On the backends whose memory is the CPU's (wasm,
 * cpu) the values are read once and each piece is made from its own range: a read there is a copy,
 * not a device sync, while wasm's GatherV2 costs ~30 ns a value (W1's 4,096-value pieces: 0.18 ms
 * each, 57 ms a plan) and its Slice copies the whole input for every piece. On GPU backends the data
 * stays on the device: one gather per piece.
 */
export function outerPieces(x: tf.Tensor, onHost = ['wasm', 'cpu'].includes(tf.getBackend())): tf.Tensor[] {
  const [H, ...rest] = x.shape;
  if (x.dtype === 'float32' && onHost) {
    const v = x.dataSync() as Float32Array;
    const n = v.length / H!;
    return Array.from({ length: H! }, (_, t) => tf.tensor(v.subarray(t * n, (t + 1) * n), rest));
  }
  return Array.from({ length: H! }, (_, t) => at(x, t));
}

/** A dynamics model that can roll out a whole horizon as one op (FrozenWorldModel). */
export interface FusedDynamics {
  /** s0 [1 or N, D], actions [N, H, A] -> s_1..s_H time-major [H, N, D]. */
  rolloutStates(s0: tf.Tensor2D, actions: tf.Tensor3D): tf.Tensor3D;
}

export function hasFusedRollout(d: object): d is FusedDynamics {
  return typeof (d as Partial<FusedDynamics>).rolloutStates === 'function';
}

type RolloutFn = (s0: tf.Tensor2D, actions: tf.Tensor3D) => tf.Tensor3D;

/**
 * A residual MLP predictor with frozen weights. layers[0] takes [s, a] (latentDim + actionDim
 * inputs), hidden layers use ReLU, the last layer is linear with latentDim outputs.
 */
export class FusedRollout {
  readonly latentDim: number;
  readonly actionDim: number;
  /** [1, in, out]: the fused kernel's rank-3 layout. */
  private readonly w: tf.Tensor3D[];
  private readonly b: tf.Tensor1D[];
  /** wT[l] = w[l]^T for l >= 1; layer 0's is split into its state rows and its action rows. */
  private readonly wT: tf.Tensor2D[];
  private readonly w0sT: tf.Tensor2D;
  private readonly w0aT: tf.Tensor2D;
  /**
   * s0 [1 or N, D], actions [N, H, A] -> s_1..s_H time-major [H, N, D]. Differentiable in both
   * inputs (not in the weights, which are constants here).
   */
  readonly rollout: RolloutFn;

  constructor(layers: DenseLayer[], latentDim: number) {
    if (layers.length < 2) throw new Error(`FusedRollout: needs >= 2 layers, got ${layers.length}`);
    const inDim = layers[0]!.w.shape[0];
    const outDim = layers[layers.length - 1]!.w.shape[1];
    if (outDim !== latentDim || inDim <= latentDim) {
      throw new Error(
        `FusedRollout: first layer must take [s, a] (> ${latentDim} inputs, got ${inDim}) and the last give ${latentDim} outputs (got ${outDim})`,
      );
    }
    layers.forEach((l, i) => {
      const next = layers[i + 1];
      if (l.b.shape[0] !== l.w.shape[1] || (next && next.w.shape[0] !== l.w.shape[1])) {
        throw new Error(`FusedRollout: layer ${i} shapes do not chain (w [${l.w.shape}], b [${l.b.shape}])`);
      }
    });
    this.latentDim = latentDim;
    this.actionDim = inDim - latentDim;
    this.w = layers.map((l) => tf.keep(tf.expandDims(l.w, 0) as tf.Tensor3D));
    this.b = layers.map((l) => tf.keep(tf.clone(l.b)));
    this.wT = layers.map((l) => tf.keep(tf.transpose(l.w)));
    const w0T = this.wT[0]!;
    this.w0sT = tf.keep(tf.slice(w0T, [0, 0], [-1, latentDim]));
    this.w0aT = tf.keep(tf.slice(w0T, [0, latentDim], [-1, this.actionDim]));
    this.rollout = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [s0, actions, save] = args as [tf.Tensor2D, tf.Tensor3D, tf.GradSaveFunc];
      const { states, hidden } = this.forward(s0, actions);
      // Saving is a no-op when no gradient is being taken (scoring only).
      save(hidden.flat());
      return {
        value: states,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => this.backward(s0, actions, dy as tf.Tensor3D, saved),
      };
    }) as Parameters<typeof tf.customGrad>[0]) as unknown as RolloutFn;
  }

  private forward(s0: tf.Tensor2D, actions: tf.Tensor3D): { states: tf.Tensor3D; hidden: tf.Tensor3D[][] } {
    const [N, H] = actions.shape;
    const D = this.latentDim;
    if (s0.rank !== 2 || s0.shape[1] !== D || (s0.shape[0] !== 1 && s0.shape[0] !== N)) {
      throw new Error(`FusedRollout: s0 must be [1, ${D}] or [${N}, ${D}], got [${s0.shape}]`);
    }
    if (actions.shape[2] !== this.actionDim) {
      throw new Error(`FusedRollout: actions must be [N, H, ${this.actionDim}], got [${actions.shape}]`);
    }
    const L = this.w.length;
    // Rank 3 throughout ([1, N, .]) so no reshape sits between the fused kernels.
    let s = tf.reshape(s0.shape[0] === N ? s0 : tf.broadcastTo(s0, [N, D]), [1, N, D]) as tf.Tensor3D;
    const steps = outerPieces(tf.reshape(tf.transpose(actions, [1, 0, 2]), [H, 1, N, -1])) as tf.Tensor3D[];
    const states: tf.Tensor3D[] = [];
    // hidden[l][t]: ReLU output of hidden layer l at step t (the backward pass's masks).
    const hidden: tf.Tensor3D[][] = Array.from({ length: L - 1 }, () => []);
    for (let t = 0; t < H; t++) {
      let h = tf.concat([s, steps[t]!], 2) as tf.Tensor3D;
      for (let l = 0; l < L - 1; l++) {
        h = fusedDense(h, this.w[l]!, this.b[l]!, 'relu');
        hidden[l]!.push(h);
      }
      s = tf.add(s, fusedDense(h, this.w[L - 1]!, this.b[L - 1]!, 'linear'));
      states.push(s);
    }
    return { states: tf.reshape(tf.stack(states), [H, N, D]) as tf.Tensor3D, hidden };
  }

  /** dy: dL/ds_t for t = 1..H, [H, N, D]. Returns [dL/ds0, dL/dactions]. */
  private backward(s0: tf.Tensor2D, actions: tf.Tensor3D, dy: tf.Tensor3D, saved: tf.Tensor[]): tf.Tensor[] {
    const [N, H, A] = actions.shape;
    const L = this.w.length;
    const mask = (l: number, t: number) => tf.reshape(tf.step(saved[l * H + t]!), [N, -1]);
    const dz0: tf.Tensor2D[] = new Array(H);
    let g: tf.Tensor2D | null = null; // dL/ds_{t+1} accumulated from every later step
    const dys = outerPieces(dy) as tf.Tensor2D[];
    for (let t = H - 1; t >= 0; t--) {
      const dyt = dys[t]!;
      g = g ? tf.add(g, dyt) : dyt;
      // Residual: ds_t gets g directly and through the MLP's input gradient.
      let d: tf.Tensor2D = g;
      for (let l = L - 1; l >= 1; l--) {
        d = tf.mul(tf.matMul(d, this.wT[l]!), mask(l - 1, t)) as tf.Tensor2D;
      }
      dz0[t] = d;
      g = tf.add(g, tf.matMul(d, this.w0sT)) as tf.Tensor2D;
    }
    const dzAll = tf.reshape(tf.stack(dz0), [H * N, -1]) as tf.Tensor2D;
    const da = tf.transpose(tf.reshape(tf.matMul(dzAll, this.w0aT), [H, N, A]), [1, 0, 2]);
    const ds0 = s0.shape[0] === N ? g! : tf.sum(g!, 0, true);
    return [ds0, da];
  }

  dispose(): void {
    tf.dispose([...this.w, ...this.b, ...this.wT, this.w0sT, this.w0aT]);
  }
}
