import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { tf } from './core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { fastWasmCalls } from './wasm-calls';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Starts tfjs in Node on the wasm backend (default, 15-20x faster than cpu here) or cpu.
 * tfjs-node cannot be installed on these machines (it downloads a binary). On wasm the lean
 * kernel calls (wasm-calls.ts) go in unless `leanCalls` is false (the benchmark's before).
 */
export async function initNodeBackend(name: NodeBackend = 'wasm', leanCalls = true): Promise<NodeBackend> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${wasmDir}/`);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend '${name}' failed to start in Node`);
  await tf.ready();
  if (name === 'wasm' && leanCalls && !fastWasmCalls()) {
    throw new Error(
      'tfjs wasm backend: the lean kernel calls could not be installed (unexpected tfjs-backend-wasm build)',
    );
  }
  return name;
}
