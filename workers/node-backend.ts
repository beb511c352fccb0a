// The worker's backend start-up as Node hosts it (tests, the soak CLI): tfjs wasm, no calibration,
// and a report that says so, in the shape AgentServiceDeps.startBackend returns.
import { initNodeBackend } from '../src/agent/tf/backend-node';
import type { BackendReport } from './agent-api';

export async function startNodeWasm(host = 'Node'): Promise<BackendReport> {
  await initNodeBackend('wasm');
  return {
    chosen: 'wasm',
    how: 'override',
    syncReadback: true,
    outcomes: [],
    workload: `none (${host})`,
    totalMs: 0,
    summary: `wasm: chosen (${host})`,
  };
}
