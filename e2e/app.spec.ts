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
  const [wallPx, agentPx] = await pixelsAt(page, [wallCentre, agent]);
  expectColorNear(wallPx!, rgb(PALETTE.wallTop));
  expectColorNear(agentPx!, rgb(PALETTE.agent));

  // The arena follows the canvas when the window changes size.
  const corner = await worldToClient(page, { x: 10, y: 10 });
  await page.setViewportSize({ width: 900, height: 560 });
  await expect.poll(async () => (await worldToClient(page, { x: 10, y: 10 })).y).toBeLessThan(corner.y - 100);
  const [wallSmall, agentSmall] = await pixelsAt(page, [wallCentre, agent]);
  expectColorNear(wallSmall!, rgb(PALETTE.wallTop));
  expectColorNear(agentSmall!, rgb(PALETTE.agent));
  await page.setViewportSize({ width: 1280, height: 800 });

  await expect(page.locator('#statusbar')).toContainText('two-rooms');
  await expect(page.locator('#statusbar')).toContainText('/ ' + snap.maxSteps);
  await page.screenshot({ path: artifactPath('app-loaded.png') });
  expect(errors).toEqual([]);
});

test('keeps a screenshot of a run for the README', async ({ page }) => {
  const errors = captureErrors(page);
  await openApp(page, '#scenario=two-rooms&seed=4&trail=300');
  await setPaused(page, true);
  const snap = await snapshot(page);
  const door = snap.doors[0]!;
  const doorCentre = { x: door.rect.x + door.rect.w / 2, y: door.rect.y + door.rect.h / 2 };
  // Goal in the far room, agent put down in the near one, then driven through the doorway.
  const left = snap.agent.position.x < doorCentre.x;
  const goal = { x: left ? 8.2 : 1.8, y: 7.6 };
  const g = await worldToClient(page, goal);
  await page.mouse.click(g.x, g.y);
  const from = await worldToClient(page, snap.agent.position);
  const to = await worldToClient(page, { x: left ? 1.5 : 8.5, y: 2 });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(5, 5);
  await setPaused(page, false);
  const toward = left ? 'ArrowRight' : 'ArrowLeft';
  await page.keyboard.down(toward);
  await page.keyboard.down('ArrowDown');
  await page.waitForFunction((y) => window.__jepa!.snapshot().agent.position.y > y, doorCentre.y - 0.3);
  await page.keyboard.up('ArrowDown');
  await page.waitForFunction(
    ([x, l]) =>
      l ? window.__jepa!.snapshot().agent.position.x > x : window.__jepa!.snapshot().agent.position.x < x,
    [doorCentre.x + (left ? 0.9 : -0.9), left] as const,
  );
  // Keys off: the agent takes over, and the shot waits for a couple of its plans (ghost trails).
  await page.keyboard.up(toward);
  const plans = () =>
    page.evaluate(
      () => (window.__jepa as unknown as { agent?: () => { plans: number } }).agent?.().plans ?? 0,
    );
  const before = await plans();
  await page
    .waitForFunction(
      (n) => ((window.__jepa as unknown as { agent?: () => { plans: number } }).agent?.().plans ?? 0) > n,
      before + 2,
      { timeout: 30_000 },
    )
    .catch(() => {});
  await page.keyboard.press('Escape');
  const file = artifactPath('readme-screenshot.png');
  await page.screenshot({ path: file });
  mkdirSync('docs', { recursive: true });
  copyFileSync(file, 'docs/screenshot.png');
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

test('draws the same world with either renderer and says which one and why', async ({ page }) => {
  const errors = captureErrors(page);
  const drawn = page.locator('#statusbar [data-field="draw"]');
  // This machine's WebGL is SwiftShader (a software rasteriser), so the page's own choice is Canvas 2D.
  for (const [hash, name, why] of [
    ['', 'Canvas 2D', 'SwiftShader'],
    ['&draw=webgl', 'WebGL', 'draw=webgl'],
    ['&draw=canvas', 'Canvas 2D', 'draw=canvas'],
  ] as const) {
    // The renderer is chosen when the page starts: load it afresh, not by a hash change.
    await page.goto('about:blank');
    await openApp(page, `#scenario=two-rooms&seed=1&agent=false${hash}`);
    await setPaused(page, true);
    await expect(drawn).toHaveText(name);
    expect(await drawn.getAttribute('title')).toContain(why);
    const snap = await snapshot(page);
    const wall = snap.walls.reduce((a, b) => (a.w * a.h > b.w * b.h ? a : b));
    const floor = { x: 1.5, y: snap.arena.height - 1.5 };
    const [wallPx, agentPx, floorPx] = await pixelsAt(page, [
      { x: wall.x + wall.w / 2, y: wall.y + wall.h / 2 },
      snap.agent.position,
      floor,
    ]);
    expectColorNear(wallPx!, rgb(PALETTE.wallTop));
    expectColorNear(agentPx!, rgb(PALETTE.agent));
    // The floor is filled under both (WebGL shades it with a faint gradient, Canvas 2D plainly).
    expectColorNear(floorPx!, rgb(PALETTE.floor), 14);
    // The imagined futures show under both (Canvas 2D bakes them into an image once per plan): a
    // synthetic plan whose chosen candidate ends in a dot at angle H x 0.05 rad, 0.4 x the arena out.
    await page.evaluate(() =>
      (window.__jepa as unknown as { benchImagination(K: number, H: number): number }).benchImagination(
        8,
        20,
      ),
    );
    const r = Math.min(snap.arena.width, snap.arena.height) * 0.4;
    const end = { x: snap.arena.width / 2 + r * Math.cos(1), y: snap.arena.height / 2 + r * Math.sin(1) };
    const [endPx] = await pixelsAt(page, [end]);
    expectColorNear(endPx!, rgb(PALETTE.agentOutline), 20);
  }
  expect(errors).toEqual([]);

  await page.goto('about:blank');
  await openApp(page, '#draw=vulkan');
  await expect(page.locator('.message[data-key="hash"]')).toContainText('draw');
  await expect(drawn).toHaveText('Canvas 2D');
});
