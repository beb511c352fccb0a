// Plain-text table of a benchmark run, the same for Node and the browser.
import type { SuiteResult } from './suite';

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((v, c) => v.padEnd(widths[c]!)).join('  ')).join('\n');
}

/** One line per planner workload and one for training, per backend. */
export function formatTable(results: SuiteResult[], torchMs: number | null): string {
  const head = [
    'backend',
    'workload',
    'variant',
    'p50 ms',
    'p95 ms',
    'cpu ms',
    'plans/s',
    'kernels',
    'transitions/s',
    'GFLOP/s',
    '% of mm512',
    'vs torch',
    'tensors before>warm>end>after',
  ];
  const rows = [head];
  for (const r of results) {
    for (const p of r.plans) {
      rows.push([
        r.backend,
        p.workload,
        p.variant,
        String(p.timing.p50),
        String(p.timing.p95),
        p.timing.cpuP50 === undefined ? '-' : String(p.timing.cpuP50),
        String(p.plansPerSec),
        p.kernels === null ? '-' : String(p.kernels),
        String(p.transitionsPerSec),
        String(p.gflops),
        String(p.pctOfMatMul),
        p.workload === 'W1' && torchMs ? `${(p.timing.p50 / torchMs).toFixed(2)}x` : '-',
        p.workerTensors
          ? `workers ${p.workerTensors.warm}>${p.workerTensors.end}`
          : `${p.tensors.before}>${p.tensors.warm}>${p.tensors.end}>${p.tensors.after}`,
      ]);
    }
    if (r.train) {
      const t = r.train;
      rows.push([
        r.backend,
        'train',
        `${t.samplesPerSec} samples/s`,
        String(t.timing.p50),
        String(t.timing.p95),
        t.timing.cpuP50 === undefined ? '-' : String(t.timing.cpuP50),
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        `${t.tensors.before}>${t.tensors.after}`,
      ]);
    }
  }
  const ceilings = results
    .map(
      (r) =>
        `${r.backend}: matMul 512 ${r.matMulGflops512} GFLOP/s, 64x256x256 ${r.matMulGflopsW1Layer} GFLOP/s`,
    )
    .join('; ');
  const sharded = results.some((r) => r.plans.some((p) => p.workers > 1))
    ? '\nrows with N workers: the plan split by candidate over N worker threads; % of N x mm512; tensors counted in the workers'
    : '';
  return `${pad(rows)}\n${ceilings}${sharded}`;
}
