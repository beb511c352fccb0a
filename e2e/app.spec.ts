// The page loads cleanly and the canvas really shows the world the simulation describes.
import { copyFileSync, mkdirSync } from 'node:fs';
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
  snapshot,
  worldToClient,
} from './helpers';

test('loads without console errors and draws walls and the agent where the world has them', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=1');
  await setPaused(page, true);
  const snap = await snapshot(page);
  expect(snap.scenario).toBe('two-rooms');
  expect(snap.walls.length).toBeGreaterThan(0);

  const wall = snap.walls.reduce((a, b) => (a.w * a.h > b.w * b.h ? a : b));
  const wallCentre = { x: wall.x + wall.w / 2, y: wall.y + wall.h / 2 };
  const agent = snap.agent.position;
  // A floor point: the middle of the arena's left column of cells, away from walls and agent.
  const [wallPx, agentPx] = await pixelsAt(page, [wallCentre, agent]);
  expectColorNear(wallPx!, rgb(PALETTE.wallTop));
  expectColorNear(agentPx!, rgb(PALETTE.agent));

  await expect(page.locator('#statusbar')).toContainText('two-rooms');
  await expect(page.locator('#statusbar')).toContainText('/ ' + snap.maxSteps);
  await page.screenshot({ path: artifactPath('app-loaded.png') });
  expect(errors).toEqual([]);
});

test('keeps a screenshot of a run for the README', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=4');
  const snap = await snapshot(page);
  // Drive towards the doorway for a moment so the trail and the velocity arrow show.
  const door = snap.doors[0]!;
  const key = door.rect.x > snap.agent.position.x ? 'ArrowRight' : 'ArrowLeft';
  await page.keyboard.down(key);
  await page.keyboard.down(door.rect.y + door.rect.h / 2 > snap.agent.position.y ? 'ArrowDown' : 'ArrowUp');
  await page.waitForTimeout(1200);
  await page.keyboard.up('ArrowDown');
  await page.keyboard.up('ArrowUp');
  await page.waitForTimeout(600);
  await page.keyboard.up(key);
  await page.waitForTimeout(150);
  const file = artifactPath('readme-screenshot.png');
  await page.screenshot({ path: file });
  mkdirSync('docs', { recursive: true });
  copyFileSync(file, 'docs/screenshot.png');
  // Sanity: the page still maps world to screen (the screenshot is of a live world).
  const c = await worldToClient(page, { x: 5, y: 5 });
  expect(c.x).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('every built-in scenario draws, with walls and the agent where the world has them', async ({ page }) => {
  const errors = captureErrors(page);
  for (const name of ['open', 'two-rooms', 'u-trap', 'maze', 'hazards']) {
    await openApp(page, `#scenario=${name}&seed=1`);
    await setPaused(page, true);
    const snap = await snapshot(page);
    expect(snap.scenario).toBe(name);
    const points = [snap.agent.position];
    const wall = snap.walls.reduce<(typeof snap.walls)[number] | null>(
      (a, b) => (a && a.w * a.h > b.w * b.h ? a : b),
      null,
    );
    if (wall) points.push({ x: wall.x + wall.w / 2, y: wall.y + wall.h / 2 });
    const [agentPx, wallPx] = await pixelsAt(page, points);
    expectColorNear(agentPx!, rgb(PALETTE.agent));
    if (wallPx) expectColorNear(wallPx, rgb(PALETTE.wallTop));
    await page.screenshot({ path: artifactPath(`scenario-${name}.png`) });
  }
  expect(errors).toEqual([]);
});
