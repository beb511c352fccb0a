// The dock beside the world: every live chart draws real data from the running agent, the
// compounding-error curve (computed in the worker on the newest frames) shows the shipped model
// below "nothing changes", and the module diagram's numbers move and open into details.
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { PredictionCurve } from '../workers/agent-api';
import { artifactPath, captureErrors, openApp } from './helpers';

interface ChartInfo {
  id: string;
  series: { label: string; points: number }[];
}

const shipped = existsSync('assets/checkpoints')
  ? readdirSync('assets/checkpoints').filter((f) => f.endsWith('.ckpt'))
  : [];

type Handle = {
  charts: () => ChartInfo[];
  predictionCurve: () => PredictionCurve | null;
  agent: () => { state: string; plans: number };
};

function charts(page: Page): Promise<ChartInfo[]> {
  return page.evaluate(() => (window.__jepa as unknown as Handle).charts());
}

function curve(page: Page): Promise<PredictionCurve | null> {
  return page.evaluate(() => (window.__jepa as unknown as Handle).predictionCurve());
}

/** Pixels of each chart's canvas close to one of the series colours (axes and grid are not). */
function seriesPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const colours = [
      '#d8deea',
      '#4cc9f0',
      '#f2a93b',
      '#b892ff',
      '#3ddc84',
      '#ff4d6d',
      '#ffe66d',
      '#d4a876',
    ].map((c) => [1, 3, 5].map((i) => Number.parseInt(c.slice(i, i + 2), 16)));
    const out: Record<string, number> = {};
    for (const card of document.querySelectorAll<HTMLElement>('.chart-card')) {
      const canvas = card.querySelector('canvas');
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) {
        out[card.id] = -1;
        continue;
      }
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3]! < 200) continue;
        if (
          colours.some(
            (c) =>
              Math.abs(c[0]! - px[i]!) + Math.abs(c[1]! - px[i + 1]!) + Math.abs(c[2]! - px[i + 2]!) < 40,
          )
        )
          n++;
      }
      out[card.id] = n;
    }
    return out;
  });
}

const boxText = (page: Page, id: string) => page.locator(`[data-module="${id}"]`).textContent();

test('the dock draws live charts, the model beats "nothing changes", and the module diagram is live', async ({
  page,
}) => {
  // Waits for real training steps, two ended episodes and a curve from the worker: minutes on a busy machine.
  test.setTimeout(300_000);
  const errors = captureErrors(page);
  // Real time, as people see it: an episode ends within 20 s (200 steps at 10 Hz).
  await openApp(page, '#scenario=two-rooms&seed=3&backend=wasm');
  await expect
    .poll(async () => await page.evaluate(() => (window.__jepa as unknown as Handle).agent().state), {
      timeout: 60_000,
    })
    .toBe('running');
  await expect(page.locator('#dock')).toHaveAttribute('data-collapsed', 'false');
  const memoryBefore = await boxText(page, 'memory');
  const modelBefore = await boxText(page, 'worldModel');

  // Every chart gets more than one point in its first series (and the episodes chart in one of its two).
  await expect
    .poll(
      async () =>
        (await charts(page))
          .filter((c) => {
            const pts = c.series.map((s) => s.points);
            return c.id === 'chart-episodes' ? pts[0]! + pts[1]! > 1 : pts[0]! > 1;
          })
          .map((c) => c.id)
          .sort(),
      { timeout: 120_000, intervals: [1000] },
    )
    .toEqual(['chart-episodes', 'chart-horizon', 'chart-loss', 'chart-plan-cost', 'chart-timing']);
  const pixels = await seriesPixels(page);
  for (const [id, n] of Object.entries(pixels))
    expect(n, `${id}: series-coloured pixels`).toBeGreaterThan(20);

  // The compounding-error curve: 16 horizons, the model under the static baseline from h = 4 on,
  // judged once the newest-frames slice spans several episodes (a lone stretch of the agent pressed
  // against a wall is one that "nothing changes" predicts well).
  await expect
    .poll(
      async () => {
        const k = await curve(page);
        return k?.ok ? k.window : 0;
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBeGreaterThanOrEqual(400);
  const c = await curve(page);
  expect(c?.ok, c && !c.ok ? c.reason : 'no curve').toBe(true);
  if (c?.ok) {
    expect(c.model).toHaveLength(16);
    expect(c.static).toHaveLength(16);
    const horizon = (await charts(page)).find((x) => x.id === 'chart-horizon')!;
    expect(horizon.series.map((s) => s.points)).toEqual([16, 16]);
    if (shipped.length > 0) {
      for (let h = 4; h <= 16; h++) expect(c.model[h - 1]!, `h=${h}`).toBeLessThan(c.static[h - 1]!);
    }
    console.log(
      `curve: model ${c.model.map((v) => v.toFixed(4)).join(' ')} | static ${c.static.map((v) => v.toFixed(4)).join(' ')}`,
    );
  }

  // The diagram's numbers move: memory fills, the world model trains; arrows march while data flows.
  await expect.poll(() => boxText(page, 'memory'), { timeout: 20_000 }).not.toBe(memoryBefore);
  await expect.poll(() => boxText(page, 'worldModel'), { timeout: 60_000 }).not.toBe(modelBefore);
  await expect.poll(() => page.locator('.md-arrow.md-flow').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-module="actor"]')).toContainText('plans/s');
  // Every line stays inside its box, however long a term name or number gets (they are squeezed);
  // the configurator's right-aligned line would spill to the left.
  const spills = await page.evaluate(() =>
    [...document.querySelectorAll<SVGGElement>('.md-box')].flatMap((g) => {
      const box = g.querySelector('rect')!.getBoundingClientRect();
      return [...g.querySelectorAll<SVGTextElement>('text')]
        .filter((t) => {
          const r = t.getBoundingClientRect();
          return t.textContent && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
        })
        .map((t) => `${g.dataset['module']}: '${t.textContent}'`);
    }),
  );
  expect(spills).toEqual([]);
  await page.screenshot({ path: artifactPath('charts-dock.png') });
  await page.locator('#dock-body').evaluate((e) => e.scrollTo(0, e.scrollHeight));
  await page.waitForTimeout(500);
  await page.locator('#dock').screenshot({ path: artifactPath('charts-dock-lower.png') });
  await page.locator('#dock-body').evaluate((e) => e.scrollTo(0, 0));

  // A box opens its details: what it is, its numbers, which panel controls it; Escape closes it.
  await page.locator('[data-module="memory"]').click();
  const details = page.locator('#module-details');
  await expect(details).toBeVisible();
  await expect(details).toContainText('Short-term memory');
  await expect(details).toContainText('frames');
  await expect(details).toContainText('Learning panel');
  await page.screenshot({ path: artifactPath('charts-module-details.png') });
  await page.locator('[data-module="perception"]').click();
  await expect(details).toContainText('encoder');
  await expect(details).toContainText('mean per-dim std');
  await details.locator('button').click();
  await expect(details).toBeHidden();

  // Folding the dock gives the room back to the world view; unfolding redraws the charts.
  const worldWidth = () => page.locator('#game canvas').evaluate((e) => e.getBoundingClientRect().width);
  const wide = await worldWidth();
  await page.locator('#dock-toggle').click();
  await expect(page.locator('#dock')).toHaveAttribute('data-collapsed', 'true');
  await expect.poll(worldWidth).toBeGreaterThan(wide + 200);
  await page.locator('#dock-toggle').click();
  await expect.poll(worldWidth).toBeLessThan(wide + 5);

  // The README's picture: the world with the dock's diagram and charts beside it, taken only while
  // the agent is planning and no message covers the view.
  const file = artifactPath('readme-charts.png');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: file });
  const agentState = await page.evaluate(() => (window.__jepa as unknown as Handle).agent().state);
  if (agentState === 'running' && (await page.locator('.message').count()) === 0) {
    copyFileSync(file, 'docs/screenshot.png');
  }
  expect(errors).toEqual([]);
});
