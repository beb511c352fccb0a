// Entry of a W1 shard's worker thread (w1-shard-node.ts). Node starts workers from JavaScript
// only, so this registers tsx's loader (as the `tsx` command does for the main thread) and then
// loads the TypeScript side.
import { register } from 'tsx/esm/api';

register();
await import('./w1-shard.node-worker.ts');
