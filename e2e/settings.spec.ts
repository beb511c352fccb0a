// Settings live in the URL hash: a link reproduces the view, bad links are reported and ignored,
// and a bad scenario file never replaces the running world.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { PALETTE } from '../src/view/palette';
import {
  artifactPath,
  captureErrors,
  expectColorNear,
  openApp,
  pixelsAt,
  rgb,
  setPaused,
  settings,
  snapshot,
} from './helpers';

test('a link with settings applies them, and changing a setting rewrites the link', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=u-trap&seed=7&speed=4');
  expect(await settings(page)).toMatchObject({ scenario: 'u-trap', seed: 7, speed: '4' });
  expect((await snapshot(page)).scenario).toBe('u-trap');
  await expect(page.locator('#scenario')).toHaveValue('u-trap');
  await expect(page.locator('#seed')).toHaveValue('7');
  await expect(page.locator('[data-speed="4"]')).toHaveAttribute('aria-pressed', 'true');
  // The link is written back whole, defaults included, so it keeps its meaning.
  // The agent's rows follow the world's; only the world's are checked here.
  expect(new URL(page.url()).hash).toMatch(/^#scenario=u-trap&seed=7&speed=4&trail=90&agent=true&/);

  await page.locator('#seed').fill('9');
  await page.locator('#seed').press('Enter');
  await expect.poll(() => new URL(page.url()).hash).toContain('seed=9');
  expect((await settings(page)).seed).toBe(9);

  await page.locator('[data-speed="max"]').click();
  await expect.poll(() => new URL(page.url()).hash).toContain('speed=max');

  await page.locator('#scenario').selectOption('maze');
  await expect.poll(() => new URL(page.url()).hash).toContain('scenario=maze');
  expect((await snapshot(page)).scenario).toBe('maze');

  // Editing the hash by hand (hashchange) applies it; absent keys go back to their defaults.
  await page.evaluate(() => {
    location.hash = '#scenario=hazards&seed=3';
  });
  await expect.poll(async () => (await snapshot(page)).scenario).toBe('hazards');
  expect(await settings(page)).toMatchObject({ scenario: 'hazards', seed: 3, speed: '1' });
  await expect(page.locator('#seed')).toHaveValue('3');

  // Reloading the rewritten link reproduces the same world.
  const before = await snapshot(page);
  await page.reload();
  await openApp(page, new URL(page.url()).hash);
  const after = await snapshot(page);
  expect(after.walls).toEqual(before.walls);
  expect(after.goal.position).toEqual(before.goal.position);
  expect(errors).toEqual([]);
});

test('a bad link is reported by key, ignored, and the page still works', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=maze&seed=abc&bogus=1&speed=9&=&trail=5000');
  const card = page.locator('.message[data-key="hash"]');
  await expect(card).toBeVisible();
  for (const text of ['seed', '"abc"', 'bogus', 'speed', 'trail', '5000'])
    await expect(card).toContainText(text);
  await page.screenshot({ path: artifactPath('bad-link.png') });
  // Good keys applied, bad ones at their defaults.
  expect(await settings(page)).toMatchObject({ scenario: 'maze', seed: 1, speed: '1', trail: 90 });
  expect(new URL(page.url()).hash).toMatch(/^#scenario=maze&seed=1&speed=1&trail=90&agent=true&/);
  // Still alive: the simulation advances and the view draws.
  const s0 = (await page.evaluate(() => window.__jepa!.stats())).totalSteps;
  await expect
    .poll(async () => (await page.evaluate(() => window.__jepa!.stats())).totalSteps)
    .toBeGreaterThan(s0);
  await setPaused(page, true);
  const [agentPx] = await pixelsAt(page, [(await snapshot(page)).agent.position]);
  expectColorNear(agentPx!, rgb(PALETTE.agent));
  await card.getByRole('button', { name: 'Dismiss message' }).click();
  await expect(card).toBeHidden();
  expect(errors).toEqual([]);

  await openApp(page, '#' + 'x'.repeat(20_000));
  await expect(page.locator('.message[data-key="hash"]')).toContainText('characters long');
  expect((await snapshot(page)).scenario).toBe('two-rooms');
});

test('a bad scenario file shows what is wrong and leaves the world as it was', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=2');
  const before = await snapshot(page);
  const good = JSON.parse(readFileSync('assets/scenarios/u-trap.json', 'utf8'));
  const bad = { ...good, name: 'broken', arena: { width: 'wide', height: 10 } };
  await page.locator('#scenario-file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const card = page.locator('.message[data-key="scenario-file"]');
  await expect(card).toBeVisible();
  await expect(card).toContainText('broken.json');
  await expect(card).toContainText('arena.width');
  await page.screenshot({ path: artifactPath('bad-scenario-file.png') });
  const after = await snapshot(page);
  expect(after.scenario).toBe('two-rooms');
  expect(after.walls).toEqual(before.walls);
  expect(after.episode).toBe(before.episode);

  // Not JSON at all: same treatment.
  await page.locator('#scenario-file').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('walls: lots'),
  });
  await expect(card).toContainText('notes.txt');
  expect((await snapshot(page)).scenario).toBe('two-rooms');

  // A good file (with a pushable box) replaces the world, clears the error, and is drawn.
  const crate = { id: 'crate', x: 1.6, y: 8.6, w: 0.9, h: 0.7, angle: 0.4 };
  await page.locator('#scenario-file').setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...good, name: 'my-trap', boxes: [crate] })),
  });
  await expect.poll(async () => (await snapshot(page)).scenario).toBe('my-trap');
  await expect(card).toBeHidden();
  await expect(page.locator('#statusbar')).toContainText('my-trap (file)');
  await setPaused(page, true);
  const box = (await snapshot(page)).boxes[0]!;
  const [boxPx] = await pixelsAt(page, [{ x: box.x, y: box.y }]);
  expectColorNear(boxPx!, rgb(PALETTE.boxTop));
  await page.screenshot({ path: artifactPath('file-scenario.png') });
  expect(errors).toEqual([]);
});
