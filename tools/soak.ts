// `npm run soak -- --ticks N --every M`; the resolve hooks must be registered before tfjs loads.
import './tfjs-node-esm';

await import('./soak-main');
