// `npm run train -- --scenario two-rooms --steps N --seed S --out assets/checkpoints/NAME`
// The resolve hooks must be registered before tfjs loads, hence the dynamic import.
import './tfjs-node-esm';

await import('./train-main');
