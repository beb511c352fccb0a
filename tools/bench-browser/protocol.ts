// Messages between the benchmark page and its worker.
import type { SuiteResult } from '../bench/suite';

export type BrowserBackend = 'wasm' | 'webgl' | 'webgpu' | 'cpu';

export interface BenchRequest {
  quick: boolean;
  backends: BrowserBackend[];
  checkpointUrl: string;
  /** The shipped two-rooms critic, for W0 'page' (the page's default plans with it). */
  criticUrl: string;
  /** Try the threaded wasm build with this many threads instead of the single-threaded one (0: off). */
  wasmThreads: number;
  /** tfjs's own glue around the wasm kernels instead of src/agent/tf/wasm-calls.ts (the before). */
  plainCalls: boolean;
  /** Also W1 'fused' split by candidate over this many nested workers, on wasm (0 or 1: not run). */
  w1Workers: number;
}

export interface BackendOutcome {
  backend: string;
  /** The adapter or renderer when it is a software GPU (SwiftShader): its numbers are not a GPU's. */
  software: string | null;
  result: SuiteResult | null;
  skipped: string | null;
  /** Threads the wasm backend ran with (1 unless a threaded run was asked for and worked). */
  threads: number;
}

export type BenchMessage =
  | { kind: 'log'; line: string }
  | { kind: 'backend'; outcome: BackendOutcome }
  | { kind: 'done' };
