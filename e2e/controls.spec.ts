// A person's controls: keys drive the agent, clicks move the goal and toggle doors, dragging
// moves the agent, and the run controls pause, step and change speed.
import { expect, type Page, test } from '@playwright/test';
import {
  artifactPath,
  captureErrors,
  distance,
  openApp,
  setPaused,
  settings,
  snapshot,
  type Vec2,
  worldToClient,
} from './helpers';

async function holdKey(page: Page, key: string, ms: number) {
  await page.keyboard.down(key);
  await page.waitForTimeout(ms);
  await page.keyboard.up(key);
}

test('arrow keys and WASD move the agent in the direction pressed', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=open&seed=2&speed=4');
  const start = (await snapshot(page)).agent.position;
  const [hKey, hSign] = start.x < 5 ? ['ArrowRight', 1] : ['ArrowLeft', -1];
  await holdKey(page, hKey, 700);
  const afterH = (await snapshot(page)).agent.position;
  expect((afterH.x - start.x) * hSign).toBeGreaterThan(0.5);

  const [vKey, vSign] = afterH.y < 5 ? ['s', 1] : ['w', -1];
  await holdKey(page, vKey, 700);
  const afterV = (await snapshot(page)).agent.position;
  expect((afterV.y - afterH.y) * vSign).toBeGreaterThan(0.5);
  expect(errors).toEqual([]);
});

test('clicking the floor moves the goal there', async ({ page }) => {
  await openApp(page, '#scenario=open&seed=3');
  await setPaused(page, true);
  const snap = await snapshot(page);
  const a = snap.agent.position;
  const target: Vec2 = { x: a.x < 5 ? 7.5 : 2.5, y: a.y < 5 ? 7.25 : 2.75 };
  const c = await worldToClient(page, target);
  await page.mouse.click(c.x, c.y);
  const goal = (await snapshot(page)).goal.position;
  expect(distance(goal, target)).toBeLessThan(0.1);
});

test('dragging the agent puts it where it is dropped', async ({ page }) => {
  await openApp(page, '#scenario=open&seed=5');
  const before = await snapshot(page);
  const a = before.agent.position;
  const target: Vec2 = { x: a.x < 5 ? 7 : 3, y: a.y < 5 ? 6.5 : 3.5 };
  const from = await worldToClient(page, a);
  const to = await worldToClient(page, target);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
  const after = (await snapshot(page)).agent.position;
  expect(distance(after, target)).toBeLessThan(0.15);
  // The goal did not move: a drag is not a click on the floor.
  expect((await snapshot(page)).goal.position).toEqual(before.goal.position);
});

test('clicking a door opens or closes it, and O toggles all doors', async ({ page }) => {
  await openApp(page, '#scenario=two-rooms&seed=1');
  await setPaused(page, true);
  const door = (await snapshot(page)).doors[0]!;
  const centre = { x: door.rect.x + door.rect.w / 2, y: door.rect.y + door.rect.h / 2 };
  expect(distance((await snapshot(page)).agent.position, centre)).toBeGreaterThan(1);
  const c = await worldToClient(page, centre);
  await page.mouse.click(c.x, c.y);
  expect((await snapshot(page)).doors[0]!.open).toBe(!door.open);
  await page.keyboard.press('o');
  expect((await snapshot(page)).doors[0]!.open).toBe(true);
});

test('space pauses, . steps exactly once, number keys change speed, ? shows help', async ({ page }) => {
  await openApp(page, '#scenario=open&seed=1');
  await page.keyboard.press(' ');
  await expect(page.locator('#pause')).toHaveText('Resume');
  const s0 = (await snapshot(page)).step;
  await page.waitForTimeout(400);
  expect((await snapshot(page)).step).toBe(s0);
  await page.keyboard.press('.');
  expect((await snapshot(page)).step).toBe(s0 + 1);
  await page.keyboard.press('n');
  expect((await snapshot(page)).step).toBe(s0 + 2);
  await page.keyboard.press(' ');
  await expect(page.locator('#pause')).toHaveText('Pause');

  await page.keyboard.press('2');
  expect((await settings(page)).speed).toBe('4');
  await page.keyboard.press('3');
  expect((await settings(page)).speed).toBe('max');
  await expect(page.locator('[data-speed="max"]')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('1');
  expect((await settings(page)).speed).toBe('1');

  await page.keyboard.press('?');
  await expect(page.locator('#help')).toBeVisible();
  await expect(page.locator('#help')).toContainText('drive the agent');
  await page.screenshot({ path: artifactPath('help.png') });
  await page.keyboard.press('Escape');
  await expect(page.locator('#help')).toBeHidden();
});
