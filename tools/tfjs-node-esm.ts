// Import this first in a CLI, before anything that loads tfjs (see tfjs-esm-hooks.mjs for why).
import { createRequire, register } from 'node:module';

register('./tfjs-esm-hooks.mjs', import.meta.url);
// tfjs-core's ESM build still calls require('util') on Node; give ES module scope one.
(globalThis as { require?: NodeRequire }).require ??= createRequire(import.meta.url);
