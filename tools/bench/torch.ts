// The PyTorch anchor: ../shared/bench/torch_planner.py run in the same benchmark run, when
// /usr/bin/python3 has torch. Node only.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface TorchResult {
  engine: string;
  threads: number;
  ms_per_plan: { median: number; min: number; max: number; n: number };
  gflops_per_s: number;
  matmul_gflops_512: number;
  flops_per_plan: number;
  final_cost: number;
  /** Set when PyTorch's own matMul is too slow to be the anchor the ratio assumes. */
  warning?: string;
}

/**
 * Below this 512 matMul rate PyTorch is running on a reference BLAS: Debian's python3-torch links
 * libblas.so.3, which is the unoptimised libblas3 unless OpenBLAS is installed (measured here:
 * 6 GFLOP/s and 1,650 ms per W1 plan, against 146 GFLOP/s and 164 ms with libopenblas0-pthread).
 */
const SLOW_BLAS_GFLOPS = 30;

/** Returns the script's JSON line, or the reason it could not run. threads 0: PyTorch's default. */
export function runTorch(script: string, plans: number, threads = 0): TorchResult | { skipped: string } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { skipped: `${python} not found` };
  if (!existsSync(script)) return { skipped: `${script} not found` };
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return { skipped: `${python} has no torch (apt-get install python3-torch libopenblas0-pthread)` };
  const r = spawnSync(
    python,
    [script, '--plans', String(plans), ...(threads > 0 ? ['--threads', String(threads)] : [])],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (r.status !== 0)
    return { skipped: `torch_planner.py failed: ${(r.stderr || r.stdout).trim().slice(-400)}` };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const result = JSON.parse(line) as TorchResult;
    if (result.matmul_gflops_512 < SLOW_BLAS_GFLOPS) {
      result.warning = `PyTorch's 512 matMul ran at ${result.matmul_gflops_512} GFLOP/s: a reference BLAS, not the anchor the ratio assumes (apt-get install libopenblas0-pthread, then rerun)`;
    }
    return result;
  } catch {
    return { skipped: `torch_planner.py printed no JSON: ${line.slice(0, 200)}` };
  }
}
