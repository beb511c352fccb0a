import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tensorflow\/tfjs-core$/, replacement: '@tensorflow/tfjs-core/dist/index.js' },
      {
        find: /^@tensorflow\/tfjs-backend-([a-z]+)$/,
        replacement: '@tensorflow/tfjs-backend-$1/dist/index.js',
      },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // 2-core machines: tfjs tests are CPU-bound, more workers only thrash.
    maxWorkers: 2,
    // Expose gc() so the soak test samples the heap after a full collection: without it the
    // heap it reads swings 60-170 MB with GC timing and the bound flakes.
    execArgv: ['--expose-gc'],
    // Let Vite bundle tfjs from its ESM build: Node would load tfjs-core's CommonJS main while
    // src/agent/tf/core.ts imports the ESM gradient registrations, giving two tfjs instances
    // whose tensors crash in backprop (e.g. the AddN gradient).
    server: { deps: { inline: [/@tensorflow\/tfjs-/] } },
  },
});
