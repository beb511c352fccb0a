import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend-node';
import { tf } from './core';
import { matMul, stopGradient } from './ops';

describe('tf ops on wasm', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('fast matMul gives the same value and gradients as tf.matMul', () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const f1 = (x: tf.Tensor2D, y: tf.Tensor2D) => tf.sum(tf.square(matMul(x, y)));
    const f2 = (x: tf.Tensor2D, y: tf.Tensor2D) => tf.sum(tf.square(tf.matMul(x, y)));
    const [ga1, gb1] = tf.grads(f1 as (...t: tf.Tensor[]) => tf.Tensor)([a, b]);
    const [ga2, gb2] = tf.grads(f2 as (...t: tf.Tensor[]) => tf.Tensor)([a, b]);
    expect(tf.backend()).toBeDefined();
    expect(tf.max(tf.abs(tf.sub(ga1!, ga2!))).dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(gb1!, gb2!))).dataSync()[0]).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(matMul(a, b), tf.matMul(a, b)))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('stopGradient passes the value and blocks the gradient', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.add(tf.square(v), stopGradient(tf.mul(v, 10)))))(x);
    expect(Array.from(g.dataSync())).toEqual([2, 4, 6]);
    expect(Array.from(stopGradient(x).dataSync())).toEqual([1, 2, 3]);
  });
});
