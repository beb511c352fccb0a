// One benchmark run on the current tfjs backend: matMul ceiling, the planner workloads (W1, W0)
// and a training step. Shared by `npm run bench` (Node) and `npm run bench:browser` (a worker).
import { tf } from '../../src/agent/tf/core';
import { matMulRate, memory, round, summarise, type Timing } from './measure';
import { type SplitCost, splitCosts } from './split';
import { type TrainResult, trainBench } from './train';
import { W0Agent, type W0Variant, w0Counts } from './w0';
import { W1, W1Planner, type W1Variant, w1Flops } from './w1';
import type { ShardedW1 } from './w1-shards';

export interface SuiteOptions {
  quick: boolean;
  /** Timed plans per W1 variant / W0 variant (defaults: quick 2 / 5, full 5 / 20). */
  w1Reps?: number;
  w0Reps?: number;
  w1Variants: readonly W1Variant[];
  w0Variants: readonly W0Variant[];
  /** The shipped checkpoint's bytes; W0 is skipped without them. */
  checkpoint: Uint8Array | null;
  /** The shipped critic file's text, for W0 'page' (without it that variant plans without a critic). */
  critic?: string | null;
  trainSteps: number;
  /**
   * Also W1 'fused' split by candidate over this many workers (w1-shards.ts), timed interleaved
   * with the one-worker variants. `open` starts them on the caller's platform.
   */
  w1Shards?: { workers: number; open: (workers: number) => Promise<ShardedW1> };
  /**
   * Read W1's final cost with `await data()` instead of dataSync (WebGPU, whose dataSync in a worker
   * returns zeros). W0 has no such path: the agent's planner reads back synchronously.
   */
  asyncReadback?: boolean;
  cpuClock?: () => number;
  log?: (line: string) => void;
}

export interface PlanRow {
  workload: 'W1' | 'W0';
  variant: string;
  timing: Timing;
  /** Kernel dispatches in one plan (tf.profile); null when the plan runs in other workers. */
  kernels: number | null;
  /** Workers the plan ran in (1: this thread). */
  workers: number;
  plansPerSec: number;
  transitionsPerSec: number;
  flopsPerPlan: number;
  gflops: number;
  /**
   * Achieved GFLOP/s as a percentage of the 512 matMul rate measured in the same run (in this
   * thread), times the workers.
   */
  pctOfMatMul: number;
  /** Live tensors before the workload was built, after warm-up, after the timed plans, after disposal. */
  tensors: { before: number; warm: number; end: number; after: number };
  /** Live tensors in the workers after warm-up and after the timed plans (sharded plans only). */
  workerTensors?: { warm: number; end: number };
  bytes: { before: number; after: number };
  finalCost: number;
}

export interface SuiteResult {
  backend: string;
  matMulGflops512: number;
  /** [64, 256] x [256, 256], W1's hidden layer: the shape the planner actually multiplies. */
  matMulGflopsW1Layer: number;
  plans: PlanRow[];
  train: TrainResult | null;
  /** Cutting a [H, ...] tensor into H pieces by gather, slice or one read (host backends only). */
  splits: SplitCost[];
  /** Workloads that could not run on this backend, with the reason (e.g. no sync read-back). */
  failed: { workload: string; variant: string; error: string }[];
}

interface Plannable {
  plan(): number | Promise<number>;
  dispose(): void | Promise<void>;
}

interface Spec {
  workload: 'W1' | 'W0';
  variant: string;
  make: () => Plannable | Promise<Plannable>;
  /** Set when the plan runs in this many other workers (ShardedW1). */
  workers?: number;
  /** Evaluated once the workload is built (W0's sizes come from its checkpoint). */
  countsOf: (p: Plannable) => { transitions: number; flops: number };
}

/**
 * Times several variants of a workload with their reps interleaved (A B A B ...), so a change in the
 * machine's load during the run hits all of them alike. Tensor counts are for the group.
 */
async function planGroup(
  o: SuiteOptions,
  specs: Spec[],
  reps: number,
  warmup: number,
  ceiling: number,
  /** A variant that cannot be built (e.g. its workers do not start) is reported here; the rest still run. */
  unbuilt: (s: Spec, e: Error) => void,
): Promise<PlanRow[]> {
  const m0 = memory();
  const built: {
    s: Spec;
    p: Plannable;
    ms: number[];
    cpu: number[];
    cost: number;
    workerTensors?: { warm: number; end: number };
  }[] = [];
  for (const s of specs) {
    try {
      built.push({ s, p: await s.make(), ms: [], cpu: [], cost: Number.NaN });
    } catch (e) {
      unbuilt(s, e as Error);
    }
  }
  // A plan that throws must not leave workers running (they would keep Node alive) or tensors held.
  let disposed = false;
  const disposeAll = async () => {
    if (disposed) return;
    disposed = true;
    for (const b of built) await b.p.dispose();
  };
  try {
    const shardTensors = (p: Plannable) => (p as Partial<ShardedW1>).tensors ?? 0;
    for (const b of built) for (let i = 0; i < warmup; i++) b.cost = await b.p.plan();
    const warm = memory().tensors;
    for (const b of built) if (b.s.workers) b.workerTensors = { warm: shardTensors(b.p), end: 0 };
    for (let r = 0; r < reps; r++) {
      for (const b of built) {
        const c0 = o.cpuClock?.() ?? 0;
        const t0 = performance.now();
        b.cost = await b.p.plan();
        b.ms.push(performance.now() - t0);
        if (o.cpuClock) b.cpu.push(o.cpuClock() - c0);
      }
    }
    const end = memory().tensors;
    for (const b of built) if (b.workerTensors) b.workerTensors.end = shardTensors(b.p);
    // Kernel dispatches per plan: independent of the machine's load, unlike the times.
    const kernels: (number | null)[] = [];
    for (const b of built) {
      if (b.s.workers) {
        kernels.push(null);
        continue;
      }
      const profile = await tf.profile(async () => {
        await b.p.plan();
      });
      kernels.push(profile.kernels.length);
    }
    const counts = built.map((b) => b.s.countsOf(b.p));
    await disposeAll();
    const m1 = memory();
    return built.map((b, i) => {
      const timing = summarise(b.ms, o.cpuClock ? b.cpu : undefined);
      const c = counts[i]!;
      const gflops = c.flops / (timing.p50 / 1000) / 1e9;
      const workers = b.s.workers ?? 1;
      const row: PlanRow = {
        workload: b.s.workload,
        variant: b.s.variant,
        timing,
        kernels: kernels[i] ?? null,
        workers,
        plansPerSec: round(1000 / timing.p50, 1),
        transitionsPerSec: Math.round(c.transitions / (timing.p50 / 1000)),
        flopsPerPlan: c.flops,
        gflops: round(gflops),
        pctOfMatMul: round((100 * gflops) / (ceiling * workers), 1),
        tensors: { before: m0.tensors, warm, end, after: m1.tensors },
        ...(b.workerTensors ? { workerTensors: b.workerTensors } : {}),
        bytes: { before: m0.bytes, after: m1.bytes },
        finalCost: round(b.cost, 4),
      };
      o.log?.(
        `${tf.getBackend()} ${row.workload} ${row.variant}: p50 ${timing.p50} ms (${row.plansPerSec}/s), ${row.gflops} GFLOP/s, ${row.kernels ?? '-'} kernels/plan`,
      );
      return row;
    });
  } finally {
    await disposeAll().catch(() => {});
  }
}

export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  // The best of three short runs: a shared machine's speed drifts within a run, and a ceiling taken
  // in one slow moment made W1 read over 100% of it (session 12).
  const best = async (run: () => Promise<number>) => Math.max(await run(), await run(), await run());
  const ceiling = await best(() => matMulRate(512, o.quick ? 5 : 20));
  const layer = await best(() => matMulRate(256, o.quick ? 50 : 200, 64, 256));
  o.log?.(`${tf.getBackend()} matMul 512: ${ceiling} GFLOP/s, 64x256x256: ${layer} GFLOP/s`);
  const splits = ['wasm', 'cpu'].includes(tf.getBackend()) ? splitCosts(o.quick ? 5 : 30) : [];
  for (const c of splits) {
    o.log?.(
      `${tf.getBackend()} split [${c.shape}] into ${c.shape[0]} pieces: gather ${c.gather} ms, slice ${c.slice} ms, one read ${c.read} ms`,
    );
  }
  const plans: PlanRow[] = [];
  const failed: SuiteResult['failed'] = [];
  const fail = (specs: Spec[], e: Error) => {
    const msg = e.message.slice(0, 300);
    for (const sp of specs) failed.push({ workload: sp.workload, variant: sp.variant, error: msg });
    o.log?.(`${tf.getBackend()} ${specs.map((x) => `${x.workload} ${x.variant}`).join(', ')}: FAILED ${msg}`);
  };
  const attempt = async (specs: Spec[], reps: number, warmup: number) => {
    const unbuilt: Spec[] = [];
    try {
      const rows = await planGroup(o, specs, reps, warmup, ceiling, (sp, e) => {
        unbuilt.push(sp);
        fail([sp], e);
      });
      plans.push(...rows);
    } catch (e) {
      fail(
        specs.filter((sp) => !unbuilt.includes(sp)),
        e as Error,
      );
    }
  };
  const w1Counts = () => ({ transitions: W1.K * W1.H * W1.I, flops: w1Flops(W1) });
  const w1 = (v: W1Variant): Spec => ({
    workload: 'W1',
    variant: v,
    make: () => {
      const p = new W1Planner(v);
      return o.asyncReadback ? { plan: () => p.planAsync(), dispose: () => p.dispose() } : p;
    },
    countsOf: w1Counts,
  });
  // Plain autodiff is 10-50x slower: alone and with fewer reps, to keep the run short.
  const slow: W1Variant[] = o.w1Variants.filter((v) => v === 'autodiff' || v === 'fast-grad');
  const fast: Spec[] = o.w1Variants.filter((v) => !slow.includes(v)).map(w1);
  if (o.w1Shards) {
    const { workers, open } = o.w1Shards;
    fast.push({
      workload: 'W1',
      variant: `fused, ${workers} workers`,
      workers,
      make: () => open(workers),
      countsOf: w1Counts,
    });
  }
  for (const v of slow) await attempt([w1(v)], o.w1Reps ?? 2, 1);
  if (fast.length) await attempt(fast, o.w1Reps ?? (o.quick ? 2 : 5), 1);
  if (o.checkpoint && o.w0Variants.length) {
    const bytes = o.checkpoint;
    const w0 = (v: W0Variant): Spec => ({
      workload: 'W0',
      variant: v,
      make: () => new W0Agent(bytes, v, o.critic ?? null),
      countsOf: (p) => w0Counts((p as W0Agent).config, (p as W0Agent).model),
    });
    await attempt(o.w0Variants.map(w0), o.w0Reps ?? (o.quick ? 5 : 20), 2);
  }
  let train: TrainResult | null = null;
  if (o.trainSteps > 0) {
    try {
      train = await trainBench(o.trainSteps, o.cpuClock);
      o.log?.(`${tf.getBackend()} train: p50 ${train.timing.p50} ms/step, ${train.samplesPerSec} samples/s`);
    } catch (e) {
      failed.push({ workload: 'train', variant: 'default', error: (e as Error).message.slice(0, 300) });
    }
  }
  return {
    backend: tf.getBackend(),
    matMulGflops512: ceiling,
    matMulGflopsW1Layer: layer,
    plans,
    train,
    splits,
    failed,
  };
}
