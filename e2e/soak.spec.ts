// The browser soak: the real app, its agent planning and learning in its worker on wasm, for 2,000
// plans, with the worker's live tfjs tensors sampled as it goes: they must stay flat. Slow (minutes on
// a shared machine), so it runs only when asked: `npm run soak:browser` (SOAK=1).
import { expect, test } from '@playwright/test';
import type { AgentStats } from '../src/ui/agent-controller';
import { captureErrors, openApp } from './helpers';

const PLANS = Number(process.env.SOAK_PLANS ?? 2000);

test.skip(!process.env.SOAK, 'the browser soak runs with SOAK=1 (npm run soak:browser)');
test.setTimeout(40 * 60_000);

test(`${PLANS} plans with learning in the worker: tfjs tensors stay flat`, async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=6&backend=wasm&K=8&H=8&iters=2&speed=4&autosave=60');
  const worker = await new Promise<import('@playwright/test').Worker>((resolve) => {
    const found = page.workers().find((w) => w.url().includes('agent.worker'));
    if (found) resolve(found);
    else page.on('worker', (w) => w.url().includes('agent.worker') && resolve(w));
  });
  const stats = () => page.evaluate(() => (window.__jepa as unknown as { agent: () => AgentStats }).agent());
  // tfjs-core keeps its engine on the global object: its count is the worker's live tensors.
  const tensors = () =>
    worker.evaluate(
      () =>
        (globalThis as unknown as { _tfengine: { state: { numTensors: number } } })._tfengine.state
          .numTensors,
    );
  const heapMB = () =>
    page.evaluate(
      () =>
        ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) /
        2 ** 20,
    );
  await expect.poll(async () => (await stats()).state, { timeout: 90_000 }).toBe('running');
  const samples: { plans: number; tensors: number; heapMB: number; s: number }[] = [];
  const t0 = Date.now();
  let next = 0;
  for (;;) {
    const s = await stats();
    expect(s.state).toBe('running');
    if (s.plans >= next) {
      samples.push({
        plans: s.plans,
        tensors: await tensors(),
        heapMB: await heapMB(),
        s: (Date.now() - t0) / 1000,
      });
      const last = samples.at(-1)!;
      console.log(
        `plans ${last.plans}: tensors ${last.tensors}, page heap ${last.heapMB.toFixed(1)} MB, ${last.s.toFixed(0)} s`,
      );
      next = s.plans + PLANS / 20;
    }
    if (s.plans >= PLANS) break;
    await page.waitForTimeout(1000);
  }
  // After a warm-up fifth (optimiser slots, actor build, the memory filling), no growth.
  const warm = samples.filter((x) => x.plans >= PLANS / 5);
  const cap = Math.max(...warm.slice(0, 3).map((x) => x.tensors));
  console.log(
    `tensors after warm-up: ${Math.min(...warm.map((x) => x.tensors))}..${Math.max(...warm.map((x) => x.tensors))} (first samples' max ${cap})`,
  );
  expect(Math.max(...warm.map((x) => x.tensors))).toBeLessThanOrEqual(cap);
  expect((await stats()).workers).toBe(1);
  expect(errors.filter((e) => !/ResizeObserver loop/.test(e))).toEqual([]);
});
