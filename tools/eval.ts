// `npm run eval -- --scenario two-rooms --episodes 100 --seed 0 --planner hybrid --checkpoint C`
// The resolve hooks must be registered before tfjs loads, hence the dynamic import.
import './tfjs-node-esm';

await import('./eval-main');
