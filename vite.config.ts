import { defineConfig } from 'vite';

// Phaser does not tree-shake (about 1.4 MB minified): give it its own chunk so app code changes
// do not invalidate it. The agent worker is bundled as an ES module worker.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // The worker harness is a second page used only by e2e/worker.spec.ts.
      input: { main: 'index.html', 'worker-harness': 'e2e/pages/worker-harness.html' },
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/phaser')) return 'phaser';
          return undefined;
        },
      },
    },
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: true },
});
