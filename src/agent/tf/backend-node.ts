import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { tf } from './core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

/**
 * Starts tfjs in Node on the wasm backend (default, 15-20x faster than cpu here) or cpu.
 * tfjs-node cannot be installed on these machines (it downloads a binary).
 */
export async function initNodeBackend(name: NodeBackend = 'wasm'): Promise<NodeBackend> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${wasmDir}/`);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend '${name}' failed to start in Node`);
  await tf.ready();
  return name;
}
