// Node benchmark: for each backend the suite (suite.ts), PyTorch's time for W1 from the same run,
// a table on stdout and everything as JSON (default bench-results/node.json).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initNodeBackend, type NodeBackend } from '../../src/agent/tf/backend-node';
import { tf } from '../../src/agent/tf/core';
import { runSuite, type SuiteResult } from './suite';
import { formatTable } from './table';
import { runTorch } from './torch';
import type { W1Variant } from './w1';
import { nodeShardedW1 } from './w1-shard-node';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Args {
  quick: boolean;
  backends: NodeBackend[];
  json: string;
  torch: boolean;
  torchScript: string;
  /** tfjs's own glue around the wasm kernels instead of src/agent/tf/wasm-calls.ts: the before. */
  plainCalls: boolean;
  /** W1 also split over this many worker threads on wasm (0: not run). Default: the core count. */
  workers: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    quick: false,
    backends: ['wasm', 'cpu'],
    json: resolve(root, 'bench-results/node.json'),
    torch: true,
    torchScript: resolve(root, '../shared/bench/torch_planner.py'),
    plainCalls: false,
    // One per core, at most one per candidate.
    workers: Math.min(cpus().length, 64),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench: ${k} needs a value`);
      return v;
    };
    if (k === '--quick') a.quick = true;
    else if (k === '--no-torch') a.torch = false;
    else if (k === '--plain-wasm-calls') a.plainCalls = true;
    else if (k === '--json') a.json = resolve(value());
    else if (k === '--torch-script') a.torchScript = resolve(value());
    else if (k === '--workers') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 64)
        throw new Error(`bench: --workers must be a whole number 0-64, got '${v}'`);
      a.workers = n;
    } else if (k === '--backend') {
      const v = value();
      if (v === 'all') a.backends = ['wasm', 'cpu'];
      else if (v === 'wasm' || v === 'cpu') a.backends = [v];
      else throw new Error(`bench: --backend must be wasm, cpu or all, got '${v}'`);
    } else
      throw new Error(
        `bench: unknown option '${k}' (known: --quick --backend --json --no-torch --torch-script --plain-wasm-calls --workers)`,
      );
  }
  return a;
}

/** Which W1 variants a backend runs: plain autodiff on cpu takes about a minute per plan. */
function w1Variants(b: NodeBackend, quick: boolean): W1Variant[] {
  if (b === 'wasm') return ['autodiff', 'fast-grad', 'frozen', 'fused'];
  return quick ? [] : ['fused'];
}

const cpuClock = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const a = parseArgs(process.argv.slice(2));
const log = (s: string) => process.stderr.write(`${s}\n`);
const load0 = loadavg();
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: root,
  encoding: 'utf8',
}).stdout.trim();
const checkpoint = new Uint8Array(readFileSync(resolve(root, 'assets/checkpoints/two-rooms.ckpt')));

const torch = a.torch ? runTorch(a.torchScript, a.quick ? 3 : 7) : { skipped: '--no-torch' };
const torchMs = 'ms_per_plan' in torch ? torch.ms_per_plan.median : null;
log(torchMs ? `torch W1: ${torchMs} ms/plan` : `torch: ${(torch as { skipped: string }).skipped}`);
const torchWarning = 'warning' in torch ? torch.warning : undefined;
// When our W1 runs on several cores, PyTorch gets as many threads too (its default here is 1).
const torchThreaded =
  'ms_per_plan' in torch && a.workers > 1 && torch.threads < a.workers
    ? runTorch(a.torchScript, a.quick ? 3 : 7, a.workers)
    : null;
if (torchThreaded)
  log(
    'ms_per_plan' in torchThreaded
      ? `torch W1 with ${a.workers} threads: ${torchThreaded.ms_per_plan.median} ms/plan`
      : `torch W1 with ${a.workers} threads: ${torchThreaded.skipped}`,
  );
const torchBestMs = Math.min(
  torchMs ?? Number.POSITIVE_INFINITY,
  torchThreaded && 'ms_per_plan' in torchThreaded
    ? torchThreaded.ms_per_plan.median
    : Number.POSITIVE_INFINITY,
);
if (torchWarning) log(`WARNING: ${torchWarning}`);

const results: SuiteResult[] = [];
for (const b of a.backends) {
  await initNodeBackend(b, !a.plainCalls);
  if (b === 'wasm')
    log(a.plainCalls ? "wasm: tfjs's own kernel glue (--plain-wasm-calls)" : 'wasm: lean kernel calls');
  results.push(
    await runSuite({
      quick: a.quick,
      w1Variants: w1Variants(b, a.quick),
      w0Variants: ['frozen', 'stepwise', 'page'],
      checkpoint,
      critic: readFileSync(resolve(root, 'assets/checkpoints/two-rooms.critic.json'), 'utf8'),
      trainSteps: b === 'wasm' ? (a.quick ? 3 : 10) : a.quick ? 0 : 1,
      // Split W1 over worker threads: wasm only (a cpu-backend W1 plan takes tens of seconds).
      ...(b === 'wasm' && a.workers > 1
        ? {
            w1Shards: {
              workers: a.workers,
              open: (n: number) => nodeShardedW1(n, 'wasm', undefined, !a.plainCalls),
            },
          }
        : {}),
      // cpu: a W1 plan takes tens of seconds there
      ...(b === 'cpu' ? { w1Reps: 2, w0Reps: a.quick ? 3 : 10 } : {}),
      cpuClock,
      log,
    }),
  );
}
const load1 = loadavg();

const out = {
  when: new Date().toISOString(),
  commit,
  machine: {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    loadAverage: { start: load0.map((x) => +x.toFixed(2)), end: load1.map((x) => +x.toFixed(2)) },
    node: process.version,
    tfjs: tf.version_core,
  },
  quick: a.quick,
  wasmCalls: a.plainCalls ? 'plain' : 'lean',
  torch,
  torchThreaded,
  results,
  ratios: torchMs
    ? Object.fromEntries(
        results.flatMap((r) =>
          r.plans
            .filter((p) => p.workload === 'W1')
            .map((p) => [`${r.backend}/${p.variant}`, +(p.timing.p50 / torchMs).toFixed(2)]),
        ),
      )
    : null,
};
mkdirSync(dirname(a.json), { recursive: true });
writeFileSync(a.json, `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${formatTable(results, torchMs)}\n`);
if (torchMs && 'ms_per_plan' in torch) {
  process.stdout.write(
    `torch W1 (${torch.engine}, ${torch.threads} thread): median ${torchMs} ms/plan, ${torch.gflops_per_s} GFLOP/s, matMul 512 ${torch.matmul_gflops_512} GFLOP/s\n`,
  );
  if (torchThreaded && 'ms_per_plan' in torchThreaded) {
    process.stdout.write(
      `torch W1 with ${torchThreaded.threads} threads: median ${torchThreaded.ms_per_plan.median} ms/plan, ${torchThreaded.gflops_per_s} GFLOP/s\n`,
    );
  }
  const sharded = results.flatMap((r) => r.plans.filter((p) => p.workload === 'W1' && p.workers > 1));
  for (const p of sharded) {
    process.stdout.write(
      `W1 ${p.variant}: ${(p.timing.p50 / torchBestMs).toFixed(2)}x PyTorch's faster run (${torchBestMs} ms)\n`,
    );
  }
  if (torchWarning) process.stdout.write(`WARNING: ${torchWarning}\n`);
}
process.stdout.write(
  `load average ${load0.map((x) => x.toFixed(1)).join(' ')} -> ${load1.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores (shared machine); JSON: ${a.json}\n`,
);
