// The benchmark worker: the same suite as `npm run bench` (tools/bench/suite.ts) on every backend
// this browser offers, one after the other, in a worker like the app's agent.
import { tf } from '../../src/agent/tf/core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { fastWasmCalls } from '../../src/agent/tf/wasm-calls';
import { setBundledWasmPaths } from '../../src/agent/tf/wasm-paths';
import { runSuite, type SuiteOptions } from '../bench/suite';
import type { W0Variant } from '../bench/w0';
import type { W1Variant } from '../bench/w1';
import { ShardedW1, type ShardPort, type ShardReply } from '../bench/w1-shards';
import type { BackendOutcome, BenchMessage, BenchRequest, BrowserBackend } from './protocol';

const post = (m: BenchMessage) => (self as unknown as Worker).postMessage(m);

/** A W1 shard in a nested module worker (w1-shard.worker.ts). */
function shardPort(plainCalls: boolean): ShardPort {
  const w = new Worker(new URL('./w1-shard.worker.ts', import.meta.url), {
    type: 'module',
    name: plainCalls ? 'plain' : 'lean',
  });
  return {
    post: (m) => w.postMessage(m),
    listen: (handler) => {
      w.onmessage = (e: MessageEvent<ShardReply>) => handler(e.data);
      w.onerror = (e) => {
        // Handled here: uncancelled, the error would also be reported in this worker's own scope
        // and from there end the whole benchmark page.
        e.preventDefault();
        handler({ kind: 'dead', message: e.message || 'the shard worker failed' });
      };
    },
    terminate: async () => w.terminate(),
  };
}
const log = (line: string) => post({ kind: 'log', line });

interface Plan {
  w1: W1Variant[];
  w0: W0Variant[];
  train: number;
  w1Reps?: number;
  w0Reps?: number;
  /** Why the planner workloads (or some) cannot run here (they read back with dataSync). */
  noPlanning?: string;
  /** W1 awaits its one read-back (see SuiteOptions.asyncReadback). */
  asyncReadback?: boolean;
}

function planFor(b: BrowserBackend, quick: boolean): Plan {
  switch (b) {
    case 'wasm':
      return {
        w1: quick ? ['frozen', 'fused'] : ['autodiff', 'frozen', 'fused'],
        // 'page': what the app's worker plans with by default (W0Agent's 'page').
        w0: ['frozen', 'stepwise', 'page'],
        train: quick ? 3 : 10,
      };
    case 'webgl':
      return {
        w1: ['fused'],
        w0: ['frozen'],
        train: quick ? 2 : 5,
        w1Reps: quick ? 1 : 3,
        w0Reps: quick ? 3 : 10,
      };
    case 'webgpu':
      // W1 reads back once, at the end, and can await it; W0 (the agent's planner) reads back
      // synchronously inside the plan, which WebGPU in a worker does not offer.
      return {
        w1: ['fused'],
        w0: [],
        train: quick ? 2 : 5,
        w1Reps: quick ? 1 : 3,
        asyncReadback: true,
        noPlanning:
          "W0 not run: the agent's planner reads back with dataSync inside the plan, which WebGPU in a worker does not offer (the app refuses it too)",
      };
    case 'cpu':
      return { w1: quick ? [] : ['fused'], w0: ['frozen'], train: 0, w1Reps: 1, w0Reps: quick ? 3 : 10 };
  }
}

interface GpuInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

/** The renderer or adapter, when it is a software one. */
async function softwareGpu(b: BrowserBackend): Promise<string | null> {
  if (b === 'webgpu') {
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: GpuInfo } | null> } })
      .gpu;
    const info = (await gpu?.requestAdapter())?.info;
    const text = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
    return info?.isFallbackAdapter || SOFTWARE.test(text) ? text || 'fallback adapter' : null;
  }
  if (b === 'webgl') {
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const ext = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = ext ? String(gl!.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
    return SOFTWARE.test(renderer) ? renderer : null;
  }
  return null;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in ${ms / 1000} s`)), ms),
    ),
  ]);
}

async function runBackend(
  b: BrowserBackend,
  req: BenchRequest,
  checkpoint: Uint8Array,
  critic: string,
): Promise<BackendOutcome> {
  const outcome: BackendOutcome = { backend: b, software: null, result: null, skipped: null, threads: 1 };
  try {
    if (b === 'wasm' && req.wasmThreads > 0) setThreadsCount(req.wasmThreads);
    const ok = await withTimeout(tf.setBackend(b), 60_000, `starting ${b}`);
    if (!ok) {
      outcome.skipped = `${b} did not start here`;
      return outcome;
    }
    await tf.ready();
    if (b === 'wasm') outcome.threads = getThreadsCount();
    // As the app's worker does (backend-browser.ts), unless the before is asked for.
    if (b === 'wasm' && !req.plainCalls && !fastWasmCalls()) log('wasm: lean kernel calls not installed');
    outcome.software = await softwareGpu(b);
    const p = planFor(b, req.quick);
    const opts: SuiteOptions = {
      quick: req.quick,
      w1Variants: p.w1,
      w0Variants: p.w0,
      checkpoint: p.w0.length > 0 ? checkpoint : null,
      critic,
      trainSteps: p.train,
      ...(p.asyncReadback ? { asyncReadback: true } : {}),
      // W1 split over nested workers, each on its own single-threaded wasm (the threaded build is
      // off by rule); --workers 0 leaves it out.
      ...(b === 'wasm' && req.w1Workers > 1 && p.w1.includes('fused')
        ? {
            w1Shards: {
              workers: req.w1Workers,
              open: (n: number) => ShardedW1.open(Array.from({ length: n }, () => shardPort(req.plainCalls))),
            },
          }
        : {}),
      log: (line) => log(outcome.software ? `${line} [software: ${outcome.software}]` : line),
      ...(p.w1Reps ? { w1Reps: p.w1Reps } : {}),
      ...(p.w0Reps ? { w0Reps: p.w0Reps } : {}),
    };
    outcome.result = await runSuite(opts);
    if (p.noPlanning) outcome.result.failed.push({ workload: 'W0', variant: '-', error: p.noPlanning });
  } catch (e) {
    outcome.skipped = (e as Error).message.slice(0, 300);
  }
  return outcome;
}

self.onmessage = async (e: MessageEvent<BenchRequest>) => {
  const req = e.data;
  // Single-threaded unless asked: the threaded build needs cross-origin isolation (COOP/COEP).
  if (req.wasmThreads === 0) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setBundledWasmPaths();
  const checkpoint = new Uint8Array(await (await fetch(req.checkpointUrl)).arrayBuffer());
  const critic = await (await fetch(req.criticUrl)).text();
  for (const b of req.backends) {
    log(`-- ${b}`);
    post({ kind: 'backend', outcome: await runBackend(b, req, checkpoint, critic) });
  }
  post({ kind: 'done' });
};
