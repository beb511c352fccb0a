// `npx tsx tools/plan-bench.ts [wasm|cpu] [reps]`: planning speed (see plan-bench-main.ts).
import './tfjs-node-esm';

await import('./plan-bench-main');
