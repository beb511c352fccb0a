// `npm run train:critic -- --checkpoint C --scenario two-rooms --out assets/checkpoints/two-rooms.critic.json`
// The resolve hooks must be registered before tfjs loads, hence the dynamic import.
import './tfjs-node-esm';

await import('./train-critic-main');
