// W1 shards in Node's worker_threads (the caller's side). Each worker runs w1-shard.node-worker.ts
// on its own single-threaded tfjs backend.
import { Worker } from 'node:worker_threads';
import type { NodeBackend } from '../../src/agent/tf/backend-node';
import { W1, type W1Shape } from './w1';
import { ShardedW1, type ShardPort, type ShardReply } from './w1-shards';

function nodeShardPort(backend: NodeBackend, leanCalls: boolean): ShardPort {
  // Node starts a worker from JavaScript only: the .mjs registers tsx, then loads the TypeScript.
  const worker = new Worker(new URL('./w1-shard.node-worker.mjs', import.meta.url), {
    workerData: { backend, leanCalls },
  });
  return {
    post: (m) => worker.postMessage(m),
    listen: (handler) => {
      worker.on('message', (m: ShardReply) => handler(m));
      worker.on('error', (e: Error) => handler({ kind: 'dead', message: e.message }));
      // Any exit ends the shard (after terminate() nothing is waiting for it).
      worker.on('exit', (code) => handler({ kind: 'dead', message: `worker exited with code ${code}` }));
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}

/** W1 over `workers` worker threads, each on `backend` (wasm: with the lean kernel calls unless told). */
export function nodeShardedW1(
  workers: number,
  backend: NodeBackend,
  shape: W1Shape = W1,
  leanCalls = true,
): Promise<ShardedW1> {
  return ShardedW1.open(
    Array.from({ length: workers }, () => nodeShardPort(backend, leanCalls)),
    shape,
  );
}
