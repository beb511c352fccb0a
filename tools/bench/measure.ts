// Timing, counting and tensor bookkeeping shared by the Node and browser benchmarks (no Node
// imports: the browser worker uses this file too).
import { tf } from '../../src/agent/tf/core';
import { percentile } from '../eval-stats';

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  min: number;
  mean: number;
  /** CPU ms of this process per rep (Node only): steadier than wall time on a shared machine. */
  cpuP50?: number;
}

export interface MemorySnapshot {
  tensors: number;
  bytes: number;
}

export function memory(): MemorySnapshot {
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function summarise(ms: number[], cpu?: number[]): Timing {
  const t: Timing = {
    n: ms.length,
    p50: round(percentile(ms, 50)),
    p95: round(percentile(ms, 95)),
    min: round(Math.min(...ms)),
    mean: round(ms.reduce((a, b) => a + b, 0) / ms.length),
  };
  if (cpu) t.cpuP50 = round(percentile(cpu, 50));
  return t;
}

/** Runs fn warmup + reps times (awaiting it when it is async) and times the reps. */
export async function repeat(
  fn: () => unknown,
  warmup: number,
  reps: number,
  cpuClock?: () => number,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = cpuClock?.() ?? 0;
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    if (cpuClock) cpu.push(cpuClock() - c0);
  }
  return summarise(ms, cpuClock ? cpu : undefined);
}

/**
 * The backend's own matMul rate on an n x n x n product (GFLOP/s), the practical ceiling beside
 * which a workload's achieved rate is read. Blocks on the result so async backends count fully.
 */
export async function matMulRate(n: number, reps: number, m = n, k = n): Promise<number> {
  const a = tf.ones([m, k]) as tf.Tensor2D;
  const b = tf.ones([k, n]) as tf.Tensor2D;
  // `reps` products back to back and one read at the end (a GPU runs them in order, so the read
  // waits for all): a read per product measured the read's round trip as much as the product.
  const run = async (count: number) => {
    let y: tf.Tensor | null = null;
    for (let i = 0; i < count; i++) {
      y?.dispose();
      y = tf.matMul(a, b);
    }
    await y!.data();
    y!.dispose();
  };
  await run(2);
  const t0 = performance.now();
  await run(reps);
  const s = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return round((2 * m * k * n * reps) / s / 1e9, 1);
}

export { round };
