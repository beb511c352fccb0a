// `npm run bench -- [--quick] [--backend wasm|cpu|all] [--json PATH] [--no-torch] [--workers N]`
// Planner and training speed in Node beside PyTorch and the backend's matMul ceiling
// (node-main.ts). The resolve hooks must be registered before tfjs loads, hence the dynamic import.
import '../tfjs-node-esm';

await import('./node-main');
