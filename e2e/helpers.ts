// Shared pieces of the end-to-end tests: console-error capture, waiting for the app, and the
// `window.__jepa` debug handle (documented in src/ui/debug-handle.ts) seen from Node.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { AgentStats } from '../src/ui/agent-controller';

export interface Vec2 {
  x: number;
  y: number;
}

export const ARTIFACTS = path.resolve('e2e/artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Collects console errors and uncaught page errors from the moment it is called. */
export function captureErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page: ${err.message}`));
  return errors;
}

/** Opens the app (optionally with a hash) and waits until the world has been drawn. */
export async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto('./' + hash);
  await page.waitForFunction(() => {
    try {
      return !!window.__jepa && window.__jepa.worldToClient({ x: 0, y: 0 }) !== null;
    } catch {
      return false;
    }
  });
}

export function snapshot(page: Page) {
  return page.evaluate(() => window.__jepa!.snapshot());
}

export function settings(page: Page) {
  return page.evaluate(() => window.__jepa!.settings());
}

export function setPaused(page: Page, paused: boolean) {
  return page.evaluate((p) => window.__jepa!.setPaused(p), paused);
}

export function worldToClient(page: Page, p: Vec2): Promise<Vec2> {
  return page.evaluate((q) => window.__jepa!.worldToClient(q), p);
}

export function pixelsAt(page: Page, points: Vec2[]): Promise<[number, number, number][]> {
  return page.evaluate((ps) => window.__jepa!.pixelsAt(ps), points);
}

export function rgb(color: number): [number, number, number] {
  return [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
}

export function expectColorNear(
  actual: readonly number[],
  expected: readonly number[],
  tolerance = 12,
): void {
  const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
  expect(
    worst,
    `pixel ${JSON.stringify(actual)} vs expected ${JSON.stringify(expected)}`,
  ).toBeLessThanOrEqual(tolerance);
}

export function distance(a: Vec2, b: Vec2): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** The agent's counters (src/ui/agent-controller.ts AgentStats) through the debug handle. */
export function agentStats(page: Page): Promise<AgentStats> {
  return page.evaluate(() => (window.__jepa as unknown as { agent: () => AgentStats }).agent());
}

/** Waits until the agent's worker runs and its first plan has arrived. */
export async function agentPlanning(page: Page): Promise<void> {
  await expect.poll(async () => (await agentStats(page)).state, { timeout: 90_000 }).toBe('running');
  await expect.poll(async () => (await agentStats(page)).plans, { timeout: 30_000 }).toBeGreaterThan(0);
}

/** Waits for `more` plans beyond the count now: the agent keeps planning. */
export async function morePlans(page: Page, more: number): Promise<void> {
  const n = (await agentStats(page)).plans;
  await expect
    .poll(async () => (await agentStats(page)).plans, { timeout: 30_000 })
    .toBeGreaterThan(n + more);
}
