// `npm run bench:browser -- [--quick] [--backends wasm,webgl,webgpu,cpu|none] [--threads N] [--workers N] [--seconds S] [--json PATH] [--plain-wasm-calls] [--pace N] [--app-params K=V&...]`
// Serves the project with Vite's dev server, drives Debian's Chromium with Playwright: the benchmark
// suite in a worker on every backend (page.ts), then the app itself while its agent plans and
// learns (page-watch.ts). Prints a table and writes JSON (default bench-results/browser.json).
// --threads N asks for the threaded wasm build (served cross-origin isolated) instead of one thread.
// --workers N also times W1 split by candidate over N nested module workers on wasm (default: the
// machine's core count; 0 leaves it out).
// --plain-wasm-calls times the suite with tfjs's own glue around the wasm kernels (the before of
// src/agent/tf/wasm-calls.ts; the app page always runs the lean calls).
// --pace N watches the app with one learning step per N plans while it acts (the link's pace=;
// default: the app's own, 2). --app-params adds settings to the app's link, e.g. 'agent=false&learn=false'
// to see what the page's frame rate is with the worker idle.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { chromiumFound, chromiumLaunchOptions, chromiumPath } from '../../e2e/browser';
import { LEARNING_PACES } from '../../workers/agent-api';
import type { SuiteResult } from '../bench/suite';
import { formatTable } from '../bench/table';
import { observeLongTasks, type PageWatch, watchPage } from './page-watch';
import type { BackendOutcome } from './protocol';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Args {
  quick: boolean;
  backends: string;
  threads: number;
  seconds: number;
  /** W1 split over this many nested workers on wasm (0: not run). */
  workers: number;
  plainCalls: boolean;
  /** The app's pace= (plans per learning step); '' keeps its default. */
  pace: string;
  /** More of the app's link (settings), appended as they are. */
  appParams: string;
  json: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    quick: false,
    backends: 'wasm,webgl,webgpu,cpu',
    threads: 0,
    seconds: 20,
    // One per core, at most one per W1 candidate (64).
    workers: Math.min(cpus().length, 64),
    json: '',
    plainCalls: false,
    pace: '',
    appParams: '',
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`bench:browser: ${k} needs a value`);
      return v;
    };
    if (k === '--quick') a.quick = true;
    else if (k === '--backends') a.backends = value();
    else if (k === '--threads') a.threads = Number(value());
    else if (k === '--workers') a.workers = Number(value());
    else if (k === '--plain-wasm-calls') a.plainCalls = true;
    else if (k === '--seconds') a.seconds = Number(value());
    else if (k === '--json') a.json = resolve(value());
    else if (k === '--pace') a.pace = value();
    else if (k === '--app-params') a.appParams = value();
    else
      throw new Error(
        `bench:browser: unknown option '${k}' (known: --quick --backends --threads --workers --seconds --json --plain-wasm-calls --pace --app-params)`,
      );
  }
  for (const b of a.backends === 'none' ? [] : a.backends.split(',')) {
    if (!['wasm', 'webgl', 'webgpu', 'cpu'].includes(b))
      throw new Error(`bench:browser: unknown backend '${b}'`);
  }
  if (!Number.isInteger(a.threads) || a.threads < 0)
    throw new Error('bench:browser: --threads must be an integer >= 0');
  if (!Number.isInteger(a.workers) || a.workers < 0 || a.workers > 64)
    throw new Error('bench:browser: --workers must be a whole number 0-64');
  if (!(a.seconds > 0)) throw new Error('bench:browser: --seconds must be > 0');
  if (a.pace && !LEARNING_PACES.includes(a.pace as (typeof LEARNING_PACES)[number]))
    throw new Error(`bench:browser: --pace must be one of ${LEARNING_PACES.join(', ')}, got '${a.pace}'`);
  if (!/^([A-Za-z0-9]+=[\w.,+-]*)(&[A-Za-z0-9]+=[\w.,+-]*)*$|^$/.test(a.appParams))
    throw new Error(`bench:browser: --app-params must be key=value pairs joined by &, got '${a.appParams}'`);
  if (a.quick && !argv.includes('--seconds')) a.seconds = 8;
  a.json ||= resolve(root, a.threads ? 'bench-results/browser-threads.json' : 'bench-results/browser.json');
  return a;
}

const a = parseArgs(process.argv.slice(2));
if (!chromiumFound()) throw new Error(`bench:browser: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH)`);
const log = (s: string) => process.stderr.write(`${s}\n`);
const load0 = loadavg();
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
// A production build, unminified (as the app ships and as e2e tests it): Vite's dev server would load tfjs-core
// twice in the worker (pre-bundled and raw), and dev timings are not what people get.
const outDir = resolve(root, 'bench-results/site');
log('building the app and the benchmark page (vite build)...');
await build({
  root,
  configFile: resolve(root, 'vite.config.ts'),
  logLevel: 'error',
  build: {
    outDir,
    emptyOutDir: true,
    // Readable function names in the main-thread profile; minifying changes size, not speed.
    minify: false,
    rollupOptions: {
      input: { main: resolve(root, 'index.html'), bench: resolve(root, 'tools/bench-browser/index.html') },
    },
  },
});
const server = await preview({
  root,
  configFile: resolve(root, 'vite.config.ts'),
  logLevel: 'error',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0, strictPort: false, ...(a.threads ? { headers: isolation } : {}) },
});
const addr = server.httpServer?.address();
const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 4173}`;
const browser = await chromium.launch(chromiumLaunchOptions());
let outcomes: BackendOutcome[] = [];
let isolated = false;
let watch: PageWatch | null = null;
let pageError: string | null = null;
try {
  if (a.backends !== 'none') {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') log(`[page] ${m.text()} ${m.location().url}`);
    });
    const q = new URLSearchParams({
      quick: a.quick ? '1' : '0',
      backends: a.backends,
      threads: String(a.threads),
      workers: String(a.workers),
      plainCalls: a.plainCalls ? '1' : '0',
    });
    await page.goto(`${base}/tools/bench-browser/index.html?${q}`);
    let seen = 0;
    const deadline = Date.now() + (a.quick ? 15 : 40) * 60_000;
    for (;;) {
      const s = await page.evaluate(() => {
        const b = (window as unknown as { __bench?: { done: boolean; log: string[]; error: string | null } })
          .__bench;
        return b ? { done: b.done, log: b.log, error: b.error } : null;
      });
      for (const line of s?.log.slice(seen) ?? []) log(line);
      seen = s?.log.length ?? seen;
      if (s?.error) throw new Error(`benchmark worker: ${s.error}`);
      if (s?.done) break;
      if (Date.now() > deadline)
        throw new Error('bench:browser: the worker benchmark did not finish in time');
      await page.waitForTimeout(1000);
    }
    ({ outcomes, isolated } = await page.evaluate(() => {
      const b = (
        window as unknown as { __bench: { outcomes: BackendOutcome[]; crossOriginIsolated: boolean } }
      ).__bench;
      return { outcomes: b.outcomes, isolated: b.crossOriginIsolated };
    }));
    await page.close();
  }

  // The app as people see it: default backend choice pinned to wasm, the shipped checkpoint, learning on.
  if (!a.threads) {
    const app = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await observeLongTasks(app);
    const extra = `${a.pace ? `&pace=${a.pace}` : ''}${a.appParams ? `&${a.appParams}` : ''}`;
    await app.goto(`${base}/#scenario=two-rooms&seed=3&backend=wasm${extra}`);
    // Running and planning; with agent=false in the link, running is enough (nothing plans).
    await app.waitForFunction(
      () => {
        const j = (
          window as unknown as {
            __jepa?: { agent?: () => { plans: number; state: string }; settings?: () => { agent: boolean } };
          }
        ).__jepa;
        const s = j?.agent?.();
        return s?.state === 'running' && (s.plans > 3 || j?.settings?.().agent === false);
      },
      undefined,
      { timeout: 180_000, polling: 500 },
    );
    log(`page: the agent is running${extra ? ` (${extra.slice(1)})` : ''}; watching for ${a.seconds} s`);
    watch = await watchPage(app, a.seconds);
    await app.close();
  }
} catch (e) {
  pageError = (e as Error).message;
  log(`bench:browser: ${pageError}`);
} finally {
  await browser.close();
  await server.close();
}
const load1 = loadavg();
const results: SuiteResult[] = outcomes.flatMap((o) =>
  o.result
    ? [
        {
          ...o.result,
          backend: o.software ? `${o.backend} (software)` : o.threads > 1 ? `wasm x${o.threads}` : o.backend,
        },
      ]
    : [],
);
const out = {
  when: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model ?? '?',
    cores: cpus().length,
    loadAverage: { start: load0.map((x) => +x.toFixed(2)), end: load1.map((x) => +x.toFixed(2)) },
    chromium: browser.version(),
  },
  quick: a.quick,
  wasmCalls: a.plainCalls ? 'plain' : 'lean',
  pace: a.pace || 'default',
  appParams: a.appParams,
  crossOriginIsolated: isolated,
  outcomes,
  page: watch,
  error: pageError,
};
mkdirSync(dirname(a.json), { recursive: true });
writeFileSync(a.json, `${JSON.stringify(out, null, 2)}\n`);
if (results.length) process.stdout.write(`${formatTable(results, null)}\n`);
for (const o of outcomes) {
  if (o.skipped) process.stdout.write(`${o.backend}: skipped (${o.skipped})\n`);
  if (o.software) process.stdout.write(`${o.backend}: software renderer: ${o.software}\n`);
  for (const f of o.result?.failed ?? [])
    process.stdout.write(`${o.backend} ${f.workload} ${f.variant}: not run (${f.error})\n`);
  if (o.backend === 'wasm')
    process.stdout.write(`wasm threads: ${o.threads} (crossOriginIsolated: ${isolated})\n`);
}
if (watch) {
  const w = watch;
  process.stdout.write(
    `page drawn with ${w.renderer.name}: ${w.renderer.why}\n` +
      `page (agent planning + learning, ${w.seconds} s): ${w.fps} fps, longest frame gap ${w.maxFrameGapMs} ms, ` +
      `long tasks ${w.longTasks.count} (total ${w.longTasks.totalMs} ms, longest ${w.longTasks.maxMs} ms), ` +
      `${w.plansPerSec} plans/s, ${w.trainStepsPerSec} train steps/s\n` +
      `worker tfjs memory: ${w.workerMemory.tensors.join(' -> ')} tensors, ${w.workerMemory.bytes.join(' -> ')} bytes\nmain thread: JavaScript ${w.mainThread.jsMs} ms, GC ${w.mainThread.gcMs} ms, ` +
      `native (program) ${w.mainThread.programMs} ms, idle ${w.mainThread.idleMs} ms\nmain-thread self time:\n` +
      w.hotspots.map((h) => `  ${String(h.selfMs).padStart(6)} ms  ${h.fn}  ${h.url}`).join('\n') +
      '\n',
  );
}
process.stdout.write(
  `load average ${load0.map((x) => x.toFixed(1)).join(' ')} -> ${load1.map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores (shared machine); JSON: ${a.json}\n`,
);
if (pageError) process.exitCode = 1;
