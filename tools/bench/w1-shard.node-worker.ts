// A W1 shard in a Node worker thread: tfjs on the backend it was given, then the shard's messages.
import '../tfjs-node-esm';

const { parentPort, workerData } = await import('node:worker_threads');
const { initNodeBackend } = await import('../../src/agent/tf/backend-node');
const { serveShard } = await import('./w1-shards');

const port = parentPort;
if (!port) throw new Error('w1-shard.node-worker: not started as a worker thread');
const { backend, leanCalls } = workerData as { backend: 'wasm' | 'cpu'; leanCalls: boolean };
await initNodeBackend(backend, leanCalls);
serveShard({
  post: (m) => port.postMessage(m),
  listen: (handler) => port.on('message', handler),
});
