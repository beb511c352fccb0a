// A W1 shard in a browser worker (tools/bench/w1-shards.ts): single-threaded wasm with the lean
// kernel calls (the worker's name is 'plain' for tfjs's own glue), then the shard's messages.
// Spawned by the benchmark worker, one per shard: plain module workers, no blob or eval.

import { tf } from '../../src/agent/tf/core';
import { fastWasmCalls } from '../../src/agent/tf/wasm-calls';
import { setBundledWasmPaths } from '../../src/agent/tf/wasm-paths';
import { type ShardReply, type ShardRequest, serveShard } from '../bench/w1-shards';

const post = (m: ShardReply) => (self as unknown as Worker).postMessage(m);
// Requests that arrive while tfjs starts wait here (a message with no listener would be lost).
const early: ShardRequest[] = [];
let handler: ((m: ShardRequest) => void) | null = null;
self.onmessage = (e: MessageEvent<ShardRequest>) => (handler ? handler(e.data) : early.push(e.data));

async function start(): Promise<void> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setBundledWasmPaths();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start in the shard worker');
  await tf.ready();
  if (self.name !== 'plain' && !fastWasmCalls())
    throw new Error('the lean wasm kernel calls could not be installed');
}

start().then(
  () =>
    serveShard({
      post,
      listen: (h) => {
        handler = h;
        for (const m of early.splice(0)) h(m);
      },
    }),
  (e: Error) => {
    handler = () => post({ kind: 'error', message: e.message });
    for (const _ of early.splice(0)) post({ kind: 'error', message: e.message });
  },
);
