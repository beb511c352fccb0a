import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// The Content Security Policy lives in index.html's meta tag (it travels with a static deploy). A
// worker does not inherit the page's policy: it gets the one sent with its own script, so `vite
// preview` (what the e2e tests and a local demo serve) sends the same policy as a header on every
// response. 'wasm-unsafe-eval' is there only because tfjs's WASM backend compiles WebAssembly
// (without it: "Refused to compile or instantiate WebAssembly module", e2e/csp.spec.ts).
const CSP = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
  readFileSync(new URL('./index.html', import.meta.url), 'utf8'),
)?.[1];
if (!CSP) throw new Error('vite.config: index.html has no Content-Security-Policy meta tag');

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
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': CSP } },
});
