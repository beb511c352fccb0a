// `npm run train:map -- --checkpoint assets/checkpoints/two-rooms.ckpt --out assets/checkpoints/two-rooms.ckpt`
// The resolve hooks must be registered before tfjs loads, hence the dynamic import.
import './tfjs-node-esm';

await import('./train-map-main');
