// The model controls of the Planner and Learning panels: the control rate (plans per world second
// follow it, and it is in the link), picking a shipped checkpoint (its critic, or none), and resetting
// the model to fresh weights after a confirmation (training restarts from step 0, the agent plans on).
import { expect, type Page, test } from '@playwright/test';
import { agentPlanning, agentStats, captureErrors, morePlans, openApp } from './helpers';

/** The built-in scenarios' control period (schema default): one world step is 0.1 s of world time. */
const CONTROL_DT = 0.1;

/** Plans per second of world time (not wall time) over `ms` of real time. */
async function plansPerWorldSecond(
  page: Page,
  ms: number,
): Promise<{ rate: number; plans: number; seconds: number }> {
  const read = () =>
    page.evaluate(() => ({
      plans: (window.__jepa as unknown as { agent: () => { plans: number } }).agent().plans,
      steps: window.__jepa!.stats().totalSteps,
    }));
  const a = await read();
  await page.waitForTimeout(ms);
  const b = await read();
  const seconds = (b.steps - a.steps) * CONTROL_DT;
  return { rate: (b.plans - a.plans) / seconds, plans: b.plans - a.plans, seconds };
}

const field = (page: Page, key: string) => page.locator(`#panel-learning [data-field="${key}"]`);
/** Points drawn in the world-model loss chart (its total series). */
const lossPoints = (page: Page) =>
  page.evaluate(() => {
    const charts = (
      window.__jepa as unknown as {
        charts: () => { id: string; series: { label: string; points: number }[] }[];
      }
    ).charts();
    return charts.find((c) => c.id === 'chart-loss')?.series[0]?.points ?? 0;
  });
const trainSteps = async (page: Page) =>
  Number.parseInt(((await field(page, 'steps').textContent()) ?? '').replace(/,/g, ''), 10);

test('the control rate sets how many plans the agent makes per world second, and the link keeps it', async ({
  page,
}) => {
  const errors = captureErrors(page);
  // A cheap plan (8 x 8 steps, no critic): this measures the rate, not how long the default 36-step
  // plan takes (0.6-1.2 s in a worker on a loaded machine, longer than the 0.5 s between decisions at 2 Hz).
  await openApp(page, '#scenario=two-rooms&seed=4&backend=wasm&learn=false&K=8&H=8&repeat=1&critic=false');
  await agentPlanning(page);
  await expect(page.locator('#planner-rate')).toHaveValue('max');

  await page.locator('#planner-rate').selectOption('2');
  await expect.poll(() => new URL(page.url()).hash).toContain('rate=2&');
  const two = await plansPerWorldSecond(page, 8000);
  console.log(`2 Hz: ${two.plans} plans in ${two.seconds.toFixed(1)} world s = ${two.rate.toFixed(2)}/s`);
  expect(two.seconds).toBeGreaterThan(3);
  // One decision every 5 world steps, plus one at each new episode; a slow plan may delay one.
  expect(two.rate).toBeGreaterThan(1);
  expect(two.rate).toBeLessThan(2.6);

  await page.locator('#planner-rate').selectOption('0.5');
  const half = await plansPerWorldSecond(page, 12_000);
  console.log(
    `0.5 Hz: ${half.plans} plans in ${half.seconds.toFixed(1)} world s = ${half.rate.toFixed(2)}/s`,
  );
  expect(half.rate).toBeGreaterThan(0.2);
  expect(half.rate).toBeLessThan(0.9);
  // Between decisions the plan is played: the agent still moves.
  expect(await page.locator('[data-field="driver"]').textContent()).toBe('the agent (planning)');

  // The link reproduces it.
  await page.locator('#planner-rate').selectOption('2');
  await expect.poll(() => new URL(page.url()).hash).toContain('rate=2&');
  await page.reload();
  await openApp(page, new URL(page.url()).hash);
  await expect(page.locator('#planner-rate')).toHaveValue('2');
  expect((await page.evaluate(() => window.__jepa!.settings())).rate).toBe('2');
  expect(errors).toEqual([]);
});

test('frame-exact recording keeps the control rate: one plan every five world steps at 2 Hz', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=7&K=8&iters=2&learn=false&rate=2');
  await agentPlanning(page);
  await page.selectOption('#rec-mode', 'frame-exact');
  await page.selectOption('#rec-fps', '30');
  await page.click('#record');
  const progress = () =>
    page.evaluate(() =>
      (window.__jepa as unknown as { recorder: { progress: () => { frames: number } } }).recorder.progress(),
    );
  await expect.poll(async () => (await progress()).frames, { timeout: 60_000 }).toBeGreaterThan(3);
  // Every step waits for its decision when one is due, so the count is the rate's, however slow the machine.
  const r = await plansPerWorldSecond(page, 10_000);
  await page.click('#rec-cancel');
  console.log(
    `frame-exact at 2 Hz: ${r.plans} plans in ${r.seconds.toFixed(1)} world s = ${r.rate.toFixed(2)}/s`,
  );
  expect(r.seconds).toBeGreaterThanOrEqual(2);
  expect(r.rate).toBeGreaterThan(1.5);
  expect(r.rate).toBeLessThan(2.6);
  expect(errors).toEqual([]);
});

test('a bad control rate in the link is named and the default stays', async ({ page }) => {
  await openApp(page, '#scenario=open&rate=300');
  await expect(page.locator('.message[data-key="hash"]')).toContainText(
    'rate: "300" is not one of max, 10, 5, 2, 1, 0.5; the default max was used',
  );
  await expect(page.locator('#planner-rate')).toHaveValue('max');
});

test('the learning pace from the link reaches the worker, and the Learning panel changes it and the link', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const pace = () =>
    page.evaluate(
      () =>
        (
          window.__jepa as unknown as { agentStatus: () => { plansPerLearningStep: number } | null }
        ).agentStatus()?.plansPerLearningStep ?? null,
    );
  await openApp(page, '#scenario=two-rooms&seed=4&backend=wasm&pace=8');
  await agentPlanning(page);
  await expect(page.locator('#learn-pace')).toHaveValue('8');
  await expect.poll(pace, { timeout: 15_000 }).toBe(8);
  await page.locator('#learn-pace').selectOption('1');
  await expect.poll(() => new URL(page.url()).hash).toMatch(/pace=1(&|$)/);
  await expect.poll(pace, { timeout: 15_000 }).toBe(1);
  await morePlans(page, 2);
  expect(errors).toEqual([]);
});

test('picking hazards.ckpt on two-rooms loads it with its own critic, the link keeps it, and the agent plans', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=3&backend=wasm&learn=false');
  await agentPlanning(page);
  await expect(field(page, 'checkpoint')).toHaveText('two-rooms.ckpt');
  await expect(field(page, 'critic')).toHaveText('trained offline, frozen (two-rooms.critic.json)');
  const options = await page.locator('#checkpoint-pick option').allTextContents();
  expect(options.join('\n')).toContain(
    'hazards.ckpt + critic (trained on hazards · 800 steps · probe error 0.35 m)',
  );

  await page.locator('#checkpoint-pick').selectOption('hazards');
  const card = page.locator('.message[data-key="agent-checkpoint"]');
  await expect(card).toContainText('Loaded the shipped checkpoint hazards.ckpt');
  await expect(card).toContainText('critic hazards.critic.json');
  await expect(field(page, 'checkpoint')).toHaveText('hazards.ckpt');
  await expect(field(page, 'critic')).toHaveText('trained offline, frozen (hazards.critic.json)');
  expect(new URL(page.url()).hash).toContain('ckpt=hazards');
  await morePlans(page, 3);

  // The link starts a new page on the same weights, with hazards' critic, not two-rooms'.
  await page.reload();
  await openApp(page, new URL(page.url()).hash);
  await agentPlanning(page);
  await expect(field(page, 'checkpoint')).toHaveText('hazards.ckpt');
  await expect(page.locator('#checkpoint-pick')).toHaveValue('hazards');
  await expect(field(page, 'critic')).toHaveText('trained offline, frozen (hazards.critic.json)');
  expect(errors).toEqual([]);
});

test('reset the model asks first, then training restarts from step 0 and the agent keeps planning', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=2&backend=wasm');
  await agentPlanning(page);
  await expect.poll(() => trainSteps(page), { timeout: 60_000 }).toBeGreaterThan(0);

  // Cancelled: nothing changes.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.locator('#model-reset').click();
  await expect.poll(() => asked).toContain('lost unless you saved it');
  await expect(field(page, 'checkpoint')).toHaveText('two-rooms.ckpt');

  // ckpt=none typed into the address bar asks the same question; declined, the link goes back.
  asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    void d.dismiss();
  });
  await page.evaluate(() => {
    location.hash = location.hash.replace(/ckpt=[^&]*/, '').replace(/&?$/, '&ckpt=none');
  });
  await expect.poll(() => asked).toContain('lost unless you saved it');
  await expect.poll(() => new URL(page.url()).hash).not.toContain('ckpt=none');
  await expect(field(page, 'checkpoint')).toHaveText('two-rooms.ckpt');

  // The loss chart has a few training steps drawn before the reset.
  await expect.poll(() => lossPoints(page), { timeout: 60_000 }).toBeGreaterThan(2);
  const before = await trainSteps(page);
  const drawn = await lossPoints(page);
  page.once('dialog', (d) => void d.accept());
  await page.locator('#model-reset').click();
  const card = page.locator('.message[data-key="agent-checkpoint"]');
  await expect(card).toContainText('The model was reset to fresh random weights');
  await expect(card).toContainText('two-rooms.critic.json was unloaded');
  await expect(field(page, 'checkpoint')).toHaveText('fresh random weights (reset)');
  await expect(field(page, 'critic')).toContainText('no trained critic');
  expect(new URL(page.url()).hash).toContain('ckpt=none');
  await expect.poll(() => trainSteps(page), { timeout: 10_000 }).toBeLessThan(before);
  // The chart starts over with the new model's steps instead of appending them to the old curve.
  await expect.poll(() => lossPoints(page), { timeout: 20_000 }).toBeLessThan(drawn);
  await expect(page.locator('[data-module="critic"]')).not.toContainText('trained, frozen');
  // Memory was kept, so the fresh model trains at once, and the agent plans with it.
  await expect.poll(() => trainSteps(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect
    .poll(async () => (await page.locator('[data-module="worldModel"]').textContent()) ?? '', {
      timeout: 30_000,
    })
    .toMatch(/loss \d/);
  await morePlans(page, 3);
  expect((await agentStats(page)).actErrors).toBe(0);
  expect(errors).toEqual([]);
});
