// One benchmark run on the current tfjs backend: matMul ceiling, the planner workloads (W1, W0)
// and a training step. Shared by `npm run bench` (Node) and `npm run bench:browser` (a worker).
import { tf } from '../../src/agent/tf/core';
import { matMulRate, memory, repeat, round, type Timing } from './measure';
import { type TrainResult, trainBench } from './train';
import { W0Agent, type W0Variant, w0Counts } from './w0';
import { W1, W1Planner, type W1Variant, w1Flops } from './w1';

export interface SuiteOptions {
  quick: boolean;
  /** Timed plans per W1 variant / W0 variant (defaults: quick 2 / 5, full 5 / 20). */
  w1Reps?: number;
  w0Reps?: number;
  w1Variants: readonly W1Variant[];
  w0Variants: readonly W0Variant[];
  /** The shipped checkpoint's bytes; W0 is skipped without them. */
  checkpoint: Uint8Array | null;
  trainSteps: number;
  cpuClock?: () => number;
  log?: (line: string) => void;
}

export interface PlanRow {
  workload: 'W1' | 'W0';
  variant: string;
  timing: Timing;
  plansPerSec: number;
  transitionsPerSec: number;
  flopsPerPlan: number;
  gflops: number;
  /** Achieved GFLOP/s as a percentage of the 512 matMul rate measured in the same run. */
  pctOfMatMul: number;
  /** Live tensors before the workload was built, after warm-up, after the timed plans, after disposal. */
  tensors: { before: number; warm: number; end: number; after: number };
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
  /** Workloads that could not run on this backend, with the reason (e.g. no sync read-back). */
  failed: { workload: string; variant: string; error: string }[];
}

interface Plannable {
  plan(): number;
  dispose(): void;
}

async function planRow(
  o: SuiteOptions,
  workload: 'W1' | 'W0',
  variant: string,
  make: () => Plannable,
  /** Evaluated once the workload is built (W0's sizes come from its checkpoint). */
  countsOf: (p: Plannable) => { transitions: number; flops: number },
  reps: number,
  warmup: number,
  ceiling: number,
): Promise<PlanRow> {
  const m0 = memory();
  const p = make();
  const counts = countsOf(p);
  let cost = Number.NaN;
  const run = () => {
    cost = p.plan();
  };
  for (let i = 0; i < warmup; i++) run();
  const warm = memory().tensors;
  const timing = await repeat(run, 0, reps, o.cpuClock);
  const end = memory().tensors;
  p.dispose();
  const m1 = memory();
  const gflops = counts.flops / (timing.p50 / 1000) / 1e9;
  const row: PlanRow = {
    workload,
    variant,
    timing,
    plansPerSec: round(1000 / timing.p50, 1),
    transitionsPerSec: Math.round(counts.transitions / (timing.p50 / 1000)),
    flopsPerPlan: counts.flops,
    gflops: round(gflops),
    pctOfMatMul: round((100 * gflops) / ceiling, 1),
    tensors: { before: m0.tensors, warm, end, after: m1.tensors },
    bytes: { before: m0.bytes, after: m1.bytes },
    finalCost: round(cost, 4),
  };
  o.log?.(
    `${tf.getBackend()} ${workload} ${variant}: p50 ${timing.p50} ms (${row.plansPerSec}/s), ${row.gflops} GFLOP/s`,
  );
  return row;
}

export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const ceiling = await matMulRate(512, o.quick ? 5 : 20);
  const layer = await matMulRate(256, o.quick ? 50 : 200, 64, 256);
  o.log?.(`${tf.getBackend()} matMul 512: ${ceiling} GFLOP/s, 64x256x256: ${layer} GFLOP/s`);
  const plans: PlanRow[] = [];
  const failed: SuiteResult['failed'] = [];
  const attempt = async (workload: string, variant: string, f: () => Promise<PlanRow>) => {
    try {
      plans.push(await f());
    } catch (e) {
      failed.push({ workload, variant, error: (e as Error).message.slice(0, 300) });
      o.log?.(`${tf.getBackend()} ${workload} ${variant}: FAILED ${(e as Error).message.slice(0, 200)}`);
    }
  };
  const w1 = { transitions: W1.K * W1.H * W1.I, flops: w1Flops(W1) };
  for (const v of o.w1Variants) {
    // Plain autodiff is 10-50x slower: fewer reps keep the run short.
    const slow = v === 'autodiff' || v === 'fast-grad';
    const reps = o.w1Reps ?? (o.quick || slow ? 2 : 5);
    await attempt('W1', v, () =>
      planRow(
        o,
        'W1',
        v,
        () => new W1Planner(v),
        () => w1,
        reps,
        1,
        ceiling,
      ),
    );
  }
  if (o.checkpoint) {
    const bytes = o.checkpoint;
    for (const v of o.w0Variants) {
      const make = () => new W0Agent(bytes, v);
      const counts = (p: Plannable) => w0Counts((p as W0Agent).config, (p as W0Agent).model);
      const reps = o.w0Reps ?? (o.quick ? 5 : 20);
      await attempt('W0', v, () => planRow(o, 'W0', v, make, counts, reps, 2, ceiling));
    }
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
    failed,
  };
}
