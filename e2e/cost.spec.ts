// The cost panel in a real Chromium: a preset changes what the planner avoids, a bad formula is shown
// at its position while the last good one keeps planning, a link reproduces the cost settings, and
// the cost heat map is drawn over the arena.
import { existsSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { WorldSnapshot } from '../src/world/types';
import { artifactPath, captureErrors, openApp, pixelsAt, setPaused, snapshot, type Vec2 } from './helpers';

interface CostDebug {
  formulas: { id: string; error: { message: string; start: number } | null; active: string | null }[];
  heatmap: { shown: boolean; maps: number; cells: number; min: number; max: number; error: string | null };
  plan: { K: number; H: number; points: number[] } | null;
  breakdown: Record<string, number>;
}

function cost(page: Page): Promise<CostDebug> {
  return page.evaluate(() => (window.__jepa as unknown as { cost: () => CostDebug }).cost());
}

function plans(page: Page): Promise<number> {
  return page.evaluate(() => (window.__jepa as unknown as { agent: () => { plans: number } }).agent().plans);
}

async function agentRunning(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() => (window.__jepa as unknown as { agent: () => { state: string } }).agent().state),
      {
        timeout: 90_000,
      },
    )
    .toBe('running');
  await expect.poll(() => plans(page), { timeout: 60_000 }).toBeGreaterThan(2);
}

function inHazard(s: WorldSnapshot, p: Vec2): boolean {
  return s.hazards.some((h) =>
    h.shape === 'circle' && h.center && h.radius !== undefined
      ? Math.hypot(p.x - h.center.x, p.y - h.center.y) <= h.radius
      : p.x >= h.rect.x && p.x <= h.rect.x + h.rect.w && p.y >= h.rect.y && p.y <= h.rect.y + h.rect.h,
  );
}

/** Mean fraction of the chosen plan's imagined points inside hazard zones, over `count` new plans. */
async function hazardFraction(page: Page, count: number): Promise<number> {
  const fractions: number[] = [];
  let seen = await plans(page);
  while (fractions.length < count) {
    await expect.poll(() => plans(page), { timeout: 30_000 }).toBeGreaterThan(seen);
    seen = await plans(page);
    const [c, s] = await Promise.all([cost(page), snapshot(page)]);
    if (!c.plan) continue;
    const pts = c.plan.points;
    let inside = 0;
    for (let i = 2; i < pts.length; i += 2) if (inHazard(s, { x: pts[i]!, y: pts[i + 1]! })) inside++;
    fractions.push(inside / (pts.length / 2 - 1));
  }
  return fractions.reduce((a, b) => a + b, 0) / fractions.length;
}

// The shipped two-rooms model never saw a hazard: its hazard probe reads ~0 everywhere in the hazards
// scenario (measured: mean 5e-6 inside hazards, 3e-6 outside) and its position probe is 2.4 m off
// there, so no hazard weight can steer it. This runs once a hazards checkpoint ships.
test('in the hazards scenario, the hazard-averse preset moves the chosen plan out of the hazards', async ({
  page,
}) => {
  test.skip(
    !existsSync('assets/checkpoints/hazards.ckpt'),
    'needs assets/checkpoints/hazards.ckpt: the two-rooms model has no hazard probe worth the name in this scenario',
  );
  // The cost terms alone (no critic, no surprise memory, no route, one step per action, goal at 1): with the critic and a 36-step
  // look-ahead the plans of this seed skirt the hazards even at weight 0, so the weight would have nothing to show.
  // Where the agent's path runs between the hazards varies from run to run (plans land on different world steps): measured over
  // 8 plans, the share before was 4.2-27.1% in 8 runs (CI saw the 4.2%), 27-28% in 3 runs over 12 plans, and 0.0% after in
  // every run, so this averages 12 plans and the floor below is 2%.
  await openApp(
    page,
    '#scenario=hazards&seed=4&backend=wasm&learn=false&wHazard=0&critic=false&repeat=1&wGoal=1&onSurprise=false&onRoute=false',
  );
  await agentRunning(page);
  // Both measurements start from the same episode start (R restarts from the seed), so they compare the
  // weights and not two different stretches of the agent's path.
  await page.keyboard.press('r');
  await hazardFraction(page, 1); // a plan made before the restart may still be in flight
  const before = await hazardFraction(page, 12);
  await page.locator('#cost-pane [data-key="preset"] select').selectOption('hazard-averse');
  await expect.poll(() => new URL(page.url()).hash).toContain('wHazard=25');
  await hazardFraction(page, 2); // plans already in flight with the old weight
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // keys in a field are not commands
  await page.keyboard.press('r');
  await hazardFraction(page, 1);
  const after = await hazardFraction(page, 12);
  console.log(
    `hazard-averse: ${(100 * before).toFixed(1)}% of imagined steps in hazards before, ${(100 * after).toFixed(1)}% after`,
  );
  await page.screenshot({ path: artifactPath('cost-hazard-averse.png') });
  expect(before).toBeGreaterThan(0.02);
  expect(after).toBeLessThan(before / 2);
});

test('a bad formula is shown at its position while the last good one keeps planning', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, `#scenario=two-rooms&seed=3&backend=wasm&f1=${encodeURIComponent('relu(3 - x)^2')}`);
  await agentRunning(page);
  await expect.poll(async () => (await cost(page)).formulas[0]?.active).toBe('relu(3 - x)^2');
  await expect.poll(async () => Object.keys((await cost(page)).breakdown)).toContain('f1');

  // A typo: the page's parser shows it under the column at fault before anything is sent.
  const input = page.locator('#formula-f1');
  await input.fill('relu(3 - xx)^2');
  const error = page.locator('#formula-f1-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText("unknown name 'xx' at 9");
  await expect(error).toHaveAttribute('data-start', '9');
  await expect(error.locator('.formula-bad')).toHaveText('xx');
  await expect(error.locator('.formula-caret')).toHaveText(`${' '.repeat(9)}^~`);
  await input.press('Enter');
  await page.locator('#panel-cost').scrollIntoViewIfNeeded();
  await page.screenshot({ path: artifactPath('cost-formula-error.png') });
  // Not applied: the link and the worker keep the good formula, and plans keep coming with it.
  expect(new URL(page.url()).hash).toContain(`f1=${encodeURIComponent('relu(3 - x)^2')}`);
  const n = await plans(page);
  await expect.poll(() => plans(page), { timeout: 30_000 }).toBeGreaterThan(n + 2);
  expect((await cost(page)).formulas[0]?.active).toBe('relu(3 - x)^2');
  expect(Object.keys((await cost(page)).breakdown)).toContain('f1');

  // One the parser accepts but the worker refuses (infinite where hazard = 0): the worker's message,
  // positioned the same way, and the previous formula still in force.
  await input.fill('1/hazard');
  await input.press('Enter');
  await expect(error).toContainText('not finite', { timeout: 30_000 });
  await expect(page.locator('[data-slot="f1"] .formula-note')).toContainText(
    'planning with the last good formula: relu(3 - x)^2',
  );
  expect((await cost(page)).formulas[0]).toMatchObject({ id: 'f1', active: 'relu(3 - x)^2' });
  const m = await plans(page);
  await expect.poll(() => plans(page), { timeout: 30_000 }).toBeGreaterThan(m + 2);

  // Fixed: the error goes, the new formula plans.
  await input.fill('relu(2 - x)^2');
  await input.press('Enter');
  await expect(error).toBeHidden();
  await expect.poll(async () => (await cost(page)).formulas[0]?.active).toBe('relu(2 - x)^2');
  expect(errors).toEqual([]);
});

test('a link with cost, formula and planner settings reproduces them in the panel and the agent', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const hash =
    '#scenario=two-rooms&seed=2&backend=wasm&K=24&H=10&wHazard=7.5&onEnergy=false&wallMargin=0.3' +
    `&preset=custom&f2=${encodeURIComponent('-vx')}&f2w=2.5&f2on=true`;
  await openApp(page, hash);
  const pane = page.locator('#cost-pane');
  await expect(pane.locator('[data-key="wHazard"] input')).toHaveValue('7.50');
  await expect(pane.locator('[data-key="wallMargin"] input')).toHaveValue('0.30');
  await expect(pane.locator('[data-key="onEnergy"] input[type="checkbox"]')).not.toBeChecked();
  await expect(pane.locator('[data-key="onGoal"] input[type="checkbox"]')).toBeChecked();
  await expect(pane.locator('[data-key="preset"] select')).toHaveValue('custom');
  await expect(page.locator('#formula-f2')).toHaveValue('-vx');
  await expect(page.locator('[data-slot="f2"] .formula-weight')).toHaveText('2.50');
  await expect(page.locator('#formula-f1')).toBeHidden();
  await expect(page.locator('#planner-K')).toHaveValue('24');
  await expect(page.locator('#planner-H')).toHaveValue('10');
  // The worker has them too: its formula verdict, and plans of the linked shape.
  await agentRunning(page);
  await expect
    .poll(async () => (await cost(page)).formulas)
    .toEqual([{ id: 'f2', error: null, active: '-vx' }]);
  await expect.poll(async () => (await cost(page)).plan?.K).toBe(24);
  // Choosing a preset rewrites the cost rows and the link; the formula is the user's and stays.
  await pane.locator('[data-key="preset"] select').selectOption('cautious');
  await expect.poll(() => new URL(page.url()).hash).toContain('preset=cautious');
  const h = new URL(page.url()).hash;
  expect(h).toContain('wallMargin=0.4');
  expect(h).toContain('onSpeed=true');
  expect(h).toContain('f2=-vx');
  await expect(pane.locator('[data-key="wallMargin"] input')).toHaveValue('0.40');
  await page.locator('#panel-cost').scrollIntoViewIfNeeded();
  await page.locator('#panel-cost').screenshot({ path: artifactPath('cost-panel.png') });
  expect(errors).toEqual([]);
});

test('the cost heat map draws over the arena when switched on (M)', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=3&backend=wasm&learn=false');
  await agentRunning(page);
  await setPaused(page, true);
  const s = await snapshot(page);
  // Floor points on a grid, away from the walls.
  const points: Vec2[] = [];
  for (let i = 1; i < 10; i++) for (let j = 1; j < 10; j++) points.push({ x: i + 0.1, y: j + 0.1 });
  const floor = points.filter((p) => s.walls.every((w) => p.x < w.x - 0.3 || p.x > w.x + w.w + 0.3));
  const off = await pixelsAt(page, floor);
  await page.keyboard.press('m');
  await expect.poll(async () => (await cost(page)).heatmap.maps, { timeout: 90_000 }).toBeGreaterThan(0);
  const map = (await cost(page)).heatmap;
  expect(map.shown).toBe(true);
  expect(map.cells).toBeGreaterThan(200);
  expect(map.max).toBeGreaterThan(map.min);
  const on = await pixelsAt(page, floor);
  const changed = on.filter((px, i) => px.some((v, k) => Math.abs(v - off[i]![k]!) > 12)).length;
  await page.screenshot({ path: artifactPath('cost-heatmap.png') });
  expect(changed / floor.length).toBeGreaterThan(0.6);
  await expect(page.locator('#heatmap-note')).toContainText('cost of being at each of 20 x 20 cells');
  expect(new URL(page.url()).hash).toContain('heatmap=true');
  // Off again: the floor is as it was.
  await page.keyboard.press('m');
  await expect
    .poll(async () => {
      const back = await pixelsAt(page, floor);
      return back.filter((px, i) => px.some((v, k) => Math.abs(v - off[i]![k]!) > 12)).length / floor.length;
    })
    .toBeLessThan(0.1);
  expect(errors).toEqual([]);
});

test('the shipped critic loads with the checkpoint, and its goal-via-critic term plans when switched on', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=3&backend=wasm&learn=false');
  await agentRunning(page);
  await expect(page.locator('#panel-learning [data-field="critic"]')).toHaveText(
    'trained offline, frozen (two-rooms.critic.json)',
  );
  // Off by default: the critic is in force but no plan reads it per step.
  expect((await cost(page)).breakdown['goalSteps'] ?? 0).toBe(0);
  const on = page.locator('#cost-pane [data-key="onSteps"] input[type="checkbox"]');
  await expect(on).not.toBeChecked();
  // Tweakpane hides the input behind its own box: click what the user clicks.
  await page.locator('#cost-pane [data-key="onSteps"] .tp-ckbv_w').click();
  await expect(on).toBeChecked();
  await expect.poll(() => new URL(page.url()).hash).toContain('onSteps=true');
  await expect
    .poll(async () => (await cost(page)).breakdown['goalSteps'] ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(page.locator('#cost-shares [data-term="goalSteps"]')).toContainText('goal via critic (steps)');
  expect(new URL(page.url()).hash).not.toContain('preset=custom');

  // A broken critic file from disk (Learning panel): refused by name, the shipped critic stays.
  await page.locator('#critic-file').setInputFiles({
    name: 'bad.critic.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"jepa-critic/1","latentDim":32'),
  });
  const card = page.locator('.message[data-key="agent-critic"]');
  await expect(card).toContainText('The critic file bad.critic.json was refused; the critic in force stays');
  await expect(card).toContainText('critic file: not JSON');
  await expect(page.locator('#panel-learning [data-field="critic"]')).toHaveText(
    'trained offline, frozen (two-rooms.critic.json)',
  );
  const n = await plans(page);
  await expect.poll(() => plans(page), { timeout: 30_000 }).toBeGreaterThan(n + 1);
  expect((await cost(page)).breakdown['goalSteps'] ?? 0).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
