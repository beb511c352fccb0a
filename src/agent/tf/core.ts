// The one place the agent imports tfjs from. tfjs-core alone has no gradients registered; the full
// `@tensorflow/tfjs` bundle would pull in layers/converter we do not use. Backends are registered by
// backend-node.ts (Node) and the worker's backend chooser (browser).
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * as tf from '@tensorflow/tfjs-core';
