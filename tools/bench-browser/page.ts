// The benchmark page: runs the suite in a worker (as the app runs its agent) and exposes the
// outcome on window.__bench for tools/bench-browser/run.ts. ?quick=1&backends=wasm,webgl&threads=2
import type { BackendOutcome, BenchMessage, BenchRequest, BrowserBackend } from './protocol';

interface BenchState {
  done: boolean;
  log: string[];
  outcomes: BackendOutcome[];
  crossOriginIsolated: boolean;
  error: string | null;
}

const state: BenchState = { done: false, log: [], outcomes: [], crossOriginIsolated, error: null };
(window as unknown as { __bench: BenchState }).__bench = state;
const pre = document.getElementById('log')!;
const params = new URLSearchParams(location.search);
const request: BenchRequest = {
  quick: params.get('quick') === '1',
  backends: (params.get('backends') ?? 'wasm,webgl,webgpu,cpu').split(',') as BrowserBackend[],
  checkpointUrl: new URL('../../assets/checkpoints/two-rooms.ckpt', import.meta.url).href,
  criticUrl: new URL('../../assets/checkpoints/two-rooms.critic.json', import.meta.url).href,
  wasmThreads: Number(params.get('threads') ?? 0),
  plainCalls: params.get('plainCalls') === '1',
  w1Workers: Number(params.get('workers') ?? 0),
};
const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.onerror = (e) => {
  state.error = e.message || 'worker failed to start';
  state.done = true;
};
worker.onmessage = (e: MessageEvent<BenchMessage>) => {
  const m = e.data;
  if (m.kind === 'log') {
    state.log.push(m.line);
    pre.textContent = state.log.join('\n');
  } else if (m.kind === 'backend') state.outcomes.push(m.outcome);
  else state.done = true;
};
worker.postMessage(request);
