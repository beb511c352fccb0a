// The agent in the page: the worker starts and reports a backend, the shipped checkpoint loads, the
// agent drives on its own and its imagined futures are drawn, it keeps learning from what the page's
// world shows it, and a bad checkpoint file is refused while the agent keeps acting.
import { existsSync, readdirSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { AgentStats } from '../src/ui/agent-controller';
import { artifactPath, captureErrors, distance, openApp, snapshot } from './helpers';

function agentStats(page: Page): Promise<AgentStats> {
  return page.evaluate(() => (window.__jepa as unknown as { agent: () => AgentStats }).agent());
}

const shipped = existsSync('assets/checkpoints')
  ? readdirSync('assets/checkpoints').filter((f) => f.endsWith('.ckpt'))
  : [];

test('the agent boots, loads its checkpoint, drives on its own, draws its plans and keeps learning', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=3&backend=wasm');
  await expect.poll(async () => (await agentStats(page)).state, { timeout: 60_000 }).toBe('running');
  const s0 = await agentStats(page);
  expect(s0.backend).toBe('wasm');
  await expect(page.locator('#backend-badge')).toHaveText('tfjs: wasm');
  if (shipped.length > 0) expect(shipped).toContain(s0.checkpoint);
  else await expect(page.locator('.message')).toContainText('learns from scratch');

  // No keys pressed: the agent moves by itself, and plans keep arriving.
  const start = (await snapshot(page)).agent.position;
  await expect.poll(async () => (await agentStats(page)).plans, { timeout: 30_000 }).toBeGreaterThan(5);
  await expect
    .poll(async () => distance((await snapshot(page)).agent.position, start), { timeout: 30_000 })
    .toBeGreaterThan(0.3);
  await expect(page.locator('[data-field="driver"]')).toHaveText('the agent (planning)');
  await expect(page.locator('#plan-breakdown')).toContainText('goal');
  // The shipped two-rooms model reads the dividing wall from what it sees: its 32 x 32 wall map marks
  // about two columns of cells, less the door (and the planner charges imagined steps through them).
  const seen = (await agentStats(page)).lastPlan?.seenWallCells;
  expect(seen).toBeGreaterThan(40);
  expect(seen).toBeLessThan(80);
  // Around that map it measures the route to the goal: never shorter than the straight line (less
  // the probe's and the grid's error), and short of wandering the whole arena.
  // The plan and the snapshot are read at slightly different moments (an episode may even end between
  // them), so poll for a pair that agrees.
  await expect
    .poll(
      async () => {
        const route = (await agentStats(page)).lastPlan?.routeLength ?? -1;
        const snap = await snapshot(page);
        const straight = distance(snap.agent.position, snap.goal.position);
        return route > straight - 1.5 && route < 20;
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  // What the page's world shows reaches the worker's memory and training steps follow.
  await expect.poll(async () => (await agentStats(page)).framesSent, { timeout: 20_000 }).toBeGreaterThan(20);
  const memory = page.locator('#panel-learning [data-field="memory"]');
  await expect.poll(async () => Number.parseInt((await memory.textContent()) ?? '0', 10)).toBeGreaterThan(0);
  const steps = page.locator('#panel-learning [data-field="steps"]');
  const stepsBefore = Number.parseInt(((await steps.textContent()) ?? '0').replace(/,/g, ''), 10) || 0;
  await expect
    .poll(async () => Number.parseInt(((await steps.textContent()) ?? '0').replace(/,/g, ''), 10) || 0, {
      timeout: 60_000,
    })
    .toBeGreaterThan(stepsBefore);
  await page.screenshot({ path: artifactPath('agent-planning.png') });

  // A file that is not a checkpoint is refused by name; the agent is untouched and keeps planning.
  await page.locator('#checkpoint-file').setInputFiles({
    name: 'not-a-model.ckpt',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is not a checkpoint'),
  });
  await expect(page.locator('.message[data-key="agent-checkpoint-bad"]')).toContainText(
    'not-a-model.ckpt was refused',
  );
  const after = await agentStats(page);
  expect(after.checkpoint).toBe(s0.checkpoint);
  await expect
    .poll(async () => (await agentStats(page)).plans, { timeout: 20_000 })
    .toBeGreaterThan(after.plans + 3);
  expect((await agentStats(page)).state).toBe('running');

  // Save to a file named for the scenario, load it back; keep it in IndexedDB and restore it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#checkpoint-save').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^jepa-two-rooms-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.ckpt$/);
  const saved = artifactPath('agent-saved.ckpt');
  await download.saveAs(saved);
  await page.locator('#checkpoint-file').setInputFiles(saved);
  await expect(page.locator('.message[data-key="agent-checkpoint"]')).toContainText(
    'Loaded agent-saved.ckpt',
  );
  await page.locator('#checkpoint-idb-save').click();
  await expect(page.locator('.message[data-key="agent-checkpoint"]')).toContainText(
    'Kept the agent for two-rooms',
  );
  await page.locator('#checkpoint-idb-load').click();
  await expect(page.locator('.message[data-key="agent-checkpoint"]')).toContainText(
    'Loaded browser (two-rooms)',
  );
  await expect(page.locator('#panel-learning [data-field="checkpoint"]')).toHaveText('browser (two-rooms)');
  expect(errors).toEqual([]);
});

test('agent=false in the link: no plans, the keys drive', async ({ page }) => {
  await openApp(page, '#scenario=two-rooms&seed=3&agent=false&backend=cpu&learn=false');
  await expect.poll(async () => (await agentStats(page)).state, { timeout: 60_000 }).toBe('running');
  await page.waitForTimeout(500);
  expect((await agentStats(page)).plans).toBe(0);
  await expect(page.locator('[data-field="driver"]')).toContainText('agent off');
});

test('when the worker dies the page says so, draws no plans, and the keys still drive', async ({ page }) => {
  await openApp(page, '#scenario=two-rooms&seed=3&backend=cpu&learn=false');
  await expect.poll(async () => (await agentStats(page)).state, { timeout: 60_000 }).toBe('running');
  await page.evaluate(() =>
    (window.__jepa as unknown as { agentFault: (k: string) => Promise<void> }).agentFault('throw'),
  );
  await expect(page.locator('.message[data-key="agent"]')).toContainText('The agent stopped working', {
    timeout: 20_000,
  });
  await expect(page.locator('#backend-badge')).toHaveText('agent: stopped');
  expect((await agentStats(page)).state).toBe('dead');
  const before = (await snapshot(page)).agent.position;
  await page.keyboard.down('ArrowRight');
  await expect
    .poll(async () => (await snapshot(page)).agent.position.x, { timeout: 10_000 })
    .toBeGreaterThan(before.x + 0.2);
  await page.keyboard.up('ArrowRight');
  // The worker's error is the agent's card only, not also a page-level "Something failed".
  await expect(page.locator('.message[data-key="uncaught"]')).toHaveCount(0);
});

test('the planner panel changes K, H and the action repeat live, and a bad value is named and not applied', async ({
  page,
}) => {
  await openApp(page, '#scenario=two-rooms&seed=5&backend=wasm&learn=false');
  await expect.poll(async () => (await agentStats(page)).lastPlan?.K, { timeout: 60_000 }).toBe(16);
  await page.locator('#planner-K').fill('8');
  await page.locator('#planner-K').press('Enter');
  await page.locator('#planner-H').fill('6');
  await page.locator('#planner-H').press('Enter');
  await expect.poll(async () => new URL(page.url()).hash).toContain('H=6');
  // lastPlan.H counts imagined steps: 6 planned actions, each held for the default repeat of 3.
  await expect
    .poll(async () => (await agentStats(page)).lastPlan, { timeout: 20_000 })
    .toMatchObject({ K: 8, H: 18 });
  await page.locator('#planner-repeat').fill('1');
  await page.locator('#planner-repeat').press('Enter');
  await expect.poll(async () => new URL(page.url()).hash).toContain('repeat=1');
  await expect
    .poll(async () => (await agentStats(page)).lastPlan, { timeout: 20_000 })
    .toMatchObject({ K: 8, H: 6 });
  await page.locator('#planner-K').fill('0');
  await page.locator('#planner-K').press('Enter');
  await expect(page.locator('#planner-error')).toContainText('K');
  expect(new URL(page.url()).hash).toContain('K=8');
  const plans = (await agentStats(page)).plans;
  await expect
    .poll(async () => (await agentStats(page)).plans, { timeout: 20_000 })
    .toBeGreaterThan(plans + 2);
  expect((await agentStats(page)).lastPlan).toMatchObject({ K: 8, H: 6 });
});
