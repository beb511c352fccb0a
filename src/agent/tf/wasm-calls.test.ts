import { beforeAll, describe, expect, it } from 'vitest';
import { FusedRollout } from '../plan/fused-rollout';
import { tf } from './core';
import { fastWasmCalls } from './wasm-calls';

// initNodeBackend installs the lean calls; this file starts the backend by hand so it can run
// the same work before and after, in one process, on the one wasm module.
async function plainWasm(): Promise<void> {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  expect(await tf.setBackend('wasm')).toBe(true);
}

const values = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed) * 3);

/** Every kernel the lean calls touch, with broadcasting, bool outputs and gradients; as plain arrays. */
function workload(): number[][] {
  return tf.tidy(() => {
    const a = tf.tensor3d(values(24, 1), [2, 3, 4]);
    const b = tf.tensor1d(values(4, 2));
    const c = tf.tensor3d(values(6, 3), [2, 3, 1]);
    const s = tf.scalar(0.75);
    const out: tf.Tensor[] = [
      tf.add(a, b),
      tf.sub(c, a),
      tf.mul(a, s),
      tf.div(a, tf.add(tf.abs(b), 1)),
      tf.maximum(a, c),
      tf.minimum(b, s),
      tf.squaredDifference(a, b),
      tf.pow(tf.abs(a), tf.scalar(1.5)),
      tf.less(a, b),
      tf.lessEqual(c, s),
      tf.greater(a, c),
      tf.greaterEqual(b, s),
      tf.equal(tf.round(a), tf.round(c)),
      tf.notEqual(tf.round(a), tf.scalar(1)),
      tf.clone(a),
      tf.cast(a, 'float32'),
      tf.cast(a, 'int32'),
      tf.tile(c, [1, 2, 3]),
      tf.concat([a, tf.tile(c, [1, 1, 4])], 2),
      tf.slice(a, [0, 1, 1], [2, 2, 2]),
      tf.sum(a, 1),
      tf.transpose(a, [2, 0, 1]),
      tf.matMul(tf.reshape(a, [6, 4]), tf.reshape(b, [4, 1])),
      tf.matMul(tf.reshape(a, [2, 3, 4]), tf.reshape(a, [2, 3, 4]), true, false),
    ];
    // _FusedMatMul through the engine, with bias and each activation the planner uses.
    for (const activation of ['relu', 'linear'] as const) {
      const y = tf
        .engine()
        .runKernel(
          '_FusedMatMul',
          { a: tf.reshape(a, [1, 6, 4]), b: tf.reshape(a, [1, 4, 6]), bias: tf.tensor1d(values(6, 4)) },
          { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 },
        ) as tf.Tensor;
      out.push(y);
    }
    // Gradients: every saved tensor goes through Identity.
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
      tf.sum(tf.mul(tf.relu(tf.mul(x, y)), tf.sigmoid(tf.sub(x, y)))),
    )([a, b]);
    out.push(ga!, gb!);
    // The planner's fused rollout: forward and its hand-written backward.
    const layers = [
      { w: tf.tensor2d(values(6 * 8, 5), [6, 8]), b: tf.tensor1d(values(8, 6)) },
      { w: tf.tensor2d(values(8 * 4, 7), [8, 4]), b: tf.tensor1d(values(4, 8)) },
    ];
    const fused = new FusedRollout(layers, 4);
    const s0 = tf.tensor2d(values(4, 9), [1, 4]);
    const acts = tf.tensor3d(values(3 * 5 * 2, 10), [3, 5, 2]);
    const states = fused.rollout(s0, acts);
    const [gs, ga2] = tf.grads((x: tf.Tensor, u: tf.Tensor) =>
      tf.sum(tf.square(fused.rollout(x as tf.Tensor2D, u as tf.Tensor3D))),
    )([s0, acts]);
    out.push(states, gs!, ga2!);
    fused.dispose();
    return out.map((t) => Array.from(t.dataSync()));
  });
}

describe('fastWasmCalls', () => {
  let before: number[][];
  beforeAll(async () => {
    await plainWasm();
    before = workload();
  });

  it('refuses (changes nothing) on another backend', async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    expect(fastWasmCalls()).toBe(false);
    await tf.setBackend('wasm');
  });

  it('gives bit-identical results for every kernel it touches, and leaks nothing', () => {
    expect(fastWasmCalls()).toBe(true);
    expect(fastWasmCalls()).toBe(true); // once per backend: a second call is a no-op
    const t0 = tf.memory().numTensors;
    const b0 = tf.memory().numBytes;
    const after = workload();
    expect(after.length).toBe(before.length);
    after.forEach((v, i) => {
      expect(v, `output ${i}`).toEqual(before[i]);
    });
    expect(tf.memory().numTensors).toBe(t0);
    expect(tf.memory().numBytes).toBe(b0);
  });

  it('a shared clone outlives its source, and the data goes when both do', () => {
    const buffers = () => tf.backend().numDataIds();
    const n0 = buffers();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    expect(buffers()).toBe(n0 + 1); // shared, not copied
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
    expect(buffers()).toBe(n0 + 1);
    z.dispose();
    expect(buffers()).toBe(n0);
  });
});
