// The built app under its Content Security Policy (index.html's meta tag, and the same policy as a
// header from `vite preview`, which is what a worker obeys): driving it (the agent planning and
// learning, a scenario file and a checkpoint imported) raises no violation in the page or in the
// agent's worker. The policy is shown to be in force in both (dynamic code is refused and reported),
// and 'wasm-unsafe-eval' to be needed: without it the WASM backend cannot start.
import { readFileSync } from 'node:fs';
import { expect, type Page, test, type Worker } from '@playwright/test';
import type { AgentStats } from '../src/ui/agent-controller';
import { captureErrors, openApp } from './helpers';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Installed before any page script runs. */
async function listenInPage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as unknown as { __csp: unknown[] };
    g.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      g.__csp.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile });
    });
  });
}

/** The agent's worker: it keeps its own violations from its first instant (workers/agent.worker.ts). */
function agentWorker(page: Page): Promise<Worker> {
  const existing = page.workers().find((w) => w.url().includes('agent.worker'));
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve) => {
    page.on('worker', (w) => {
      if (w.url().includes('agent.worker')) resolve(w);
    });
  });
}

const heardInWorker = () =>
  (globalThis as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? [];

/** Chromium also logs every violation to the console, from the first instant (before a hook). */
function cspConsole(page: Page): string[] {
  const lines: string[] = [];
  const take = (text: string) => {
    if (/Content Security Policy|Refused to/i.test(text)) lines.push(text);
  };
  page.on('console', (m) => take(m.text()));
  page.on('worker', (w) => w.on('console', (m) => take(m.text())));
  return lines;
}

const agentStats = (page: Page) =>
  page.evaluate(() => (window.__jepa as unknown as { agent: () => AgentStats }).agent());

test('driving the app raises no CSP violation in the page or the worker; the policy is in force in both', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const logged = cspConsole(page);
  await listenInPage(page);
  const workerReady = agentWorker(page);
  const response = await page.goto('./#scenario=two-rooms&seed=2&backend=wasm&K=8&H=8&iters=2');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await page.waitForFunction(() => !!window.__jepa);
  const worker = await workerReady;
  await expect.poll(async () => (await agentStats(page)).state, { timeout: 90_000 }).toBe('running');
  await expect.poll(async () => (await agentStats(page)).plans, { timeout: 60_000 }).toBeGreaterThan(3);
  const steps = page.locator('#panel-learning [data-field="steps"]');
  await expect
    .poll(async () => Number.parseInt(((await steps.textContent()) ?? '0').replace(/,/g, ''), 10) || 0, {
      timeout: 90_000,
    })
    .toBeGreaterThan(0);

  // File imports: a checkpoint and a scenario.
  await page.locator('#checkpoint-file').setInputFiles('assets/checkpoints/two-rooms.ckpt');
  await expect(page.locator('.message[data-key="agent-checkpoint"]')).toContainText('Loaded two-rooms.ckpt');
  await page.locator('#scenario-file').setInputFiles({
    name: 'open.json',
    mimeType: 'application/json',
    buffer: readFileSync('assets/scenarios/open.json'),
  });
  await expect.poll(async () => (await agentStats(page)).plans, { timeout: 60_000 }).toBeGreaterThan(6);

  const heard = () => (globalThis as unknown as { __csp?: Violation[] }).__csp ?? [];
  const inPage = await page.evaluate(heard);
  const inWorker = await worker.evaluate(heardInWorker);
  expect(inPage).toEqual([]);
  expect(inWorker).toEqual([]);
  expect(logged).toEqual([]);

  // The policy really applies, and a refusal is reported where it happens: an inline script in the
  // page (reported once per policy: the meta tag's and the header's), a request to another origin
  // from the worker.
  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.append(script);
    await new Promise((r) => setTimeout(r, 200));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  await worker.evaluate(() => fetch('https://example.invalid/').catch(() => null));
  await expect
    .poll(async () => [...new Set((await page.evaluate(heard)).map((v) => v.directive))])
    .toEqual(['script-src-elem']);
  await expect
    .poll(async () => (await worker.evaluate(heardInWorker)).map((v) => v.directive))
    .toEqual(['connect-src']);
  expect(
    errors.filter(
      (e) => !/ResizeObserver loop/.test(e) && !/Content Security Policy|Refused to|CSP violation/.test(e),
    ),
  ).toEqual([]);
});

test("without 'wasm-unsafe-eval' the WASM backend cannot start: the reason is shown and the agent runs elsewhere", async ({
  page,
}) => {
  // The worker's script is served with the policy minus 'wasm-unsafe-eval'.
  await page.route('**/assets/agent.worker*.js', async (route) => {
    const response = await route.fetch();
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("'wasm-unsafe-eval'");
    await route.fulfill({
      response,
      headers: { ...response.headers(), 'content-security-policy': csp.replace(" 'wasm-unsafe-eval'", '') },
    });
  });
  await openApp(page, '#scenario=two-rooms&seed=2&backend=wasm&learn=false');
  await expect(page.locator('.message[data-key="agent-backend"]')).toContainText(
    'The wasm backend could not start; the agent runs on',
    { timeout: 90_000 },
  );
  await expect(page.locator('.message[data-key="agent-backend"]')).toContainText(
    /WebAssembly.*violates the following Content Security policy directive/,
  );
  const stats = await agentStats(page);
  expect(stats.backend).not.toBe('wasm');
});
