// The agent worker in a real Chromium: backend selection (forced and calibrated), training through the
// typed comlink boundary, and death detection. Driven through e2e/pages/worker-harness.html.
import { expect, type Page, test } from '@playwright/test';
import type { BackendReport } from '../workers/agent-api';
import { captureErrors } from './helpers';

const HARNESS = './e2e/pages/worker-harness.html';

async function openHarness(page: Page): Promise<void> {
  await page.goto(HARNESS);
  await page.waitForFunction(() => !!window.__worker);
}

test('forced WebGPU (software adapter): the worker boots on webgpu, trains a few steps, and refuses to plan', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await openHarness(page);
  const report = await page.evaluate(() => window.__worker.boot('webgpu'));
  console.log(
    `forced webgpu (${report.chosen}, ${report.how}):\n${report.summary}\n${report.syncReadbackNote ?? ''}`,
  );
  expect(report.overrideError).toBeUndefined();
  expect(report.chosen).toBe('webgpu');
  expect(report.how).toBe('override');
  // dataSync is not probed on webgpu (in a worker it breaks the device); training reads back asynchronously.
  expect(report.syncReadback).toBe(false);
  expect(report.syncReadbackNote).toMatch(/not probed on webgpu/);
  for (const o of report.outcomes.filter((x) => x.backend !== 'webgpu')) {
    expect(o).toMatchObject({ status: 'skipped', reason: 'override backend=webgpu' });
  }
  const { losses, memory } = await page.evaluate(() => window.__worker.practiceAndTrain(200, 3));
  console.log(`losses on webgpu: ${losses.map((l) => l.total.toFixed(4)).join(', ')}`);
  expect(memory).toBeGreaterThanOrEqual(200);
  expect(losses).toHaveLength(3);
  for (const l of losses) {
    expect(Number.isFinite(l.total)).toBe(true);
    expect(l.total).not.toBe(0);
    for (const v of Object.values(l.terms)) expect(Number.isFinite(v)).toBe(true);
  }
  expect(new Set(losses.map((l) => l.total)).size).toBeGreaterThan(1);
  const planned = await page.evaluate(() => window.__worker.tryToPlan());
  const refusal =
    /^planning on webgpu needs synchronous readback, which this adapter lacks; the agent keeps learning — choose wasm\/webgl for planning$/;
  expect(planned.startEpisode).toMatch(refusal);
  expect(planned.act).toMatch(refusal);
  // The refusal touched nothing: the device still trains, and a checkpoint reads back.
  const more = await page.evaluate(() => window.__worker.practiceAndTrain(200, 1));
  expect(Number.isFinite(more.losses[0]?.total)).toBe(true);
  const status = await page.evaluate(() => window.__worker.status());
  expect(status.backend).toBe('webgpu');
  expect(status.syncReadback).toBe(false);
  expect(status.trainSteps).toBe(4);
  const ckpt = await page.evaluate(() => window.__worker.checkpointRoundTrip());
  expect(ckpt.bytes).toBeGreaterThan(1000);
  expect(ckpt.good.ok).toBe(true);
  const events = await page.evaluate(() => window.__worker.events());
  expect(events.filter((e) => e.type === 'device-lost')).toEqual([]);
  expect(errors).toEqual([]);
});

function expectEveryLoserExplained(report: BackendReport): void {
  expect(report.outcomes.map((o) => o.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  const chosen = report.outcomes.filter((o) => o.status === 'chosen');
  expect(chosen).toHaveLength(1);
  expect(chosen[0]?.backend).toBe(report.chosen);
  for (const o of report.outcomes) {
    if (o.status === 'chosen') continue;
    // A measured time against the winner's, or the reason in words.
    // (A near tie within 10 % may go to the backend earlier in preference order.)
    if (o.status === 'slower') expect(o.ms * 1.1).toBeGreaterThanOrEqual(o.chosenMs);
    else expect('reason' in o && o.reason.length > 0).toBe(true);
  }
}

test('without an override, calibration picks a backend and says why each other one lost', async ({
  page,
}) => {
  await openHarness(page);
  const report: BackendReport = await page.evaluate(() => window.__worker.boot());
  console.log(`calibration (${report.totalMs.toFixed(0)} ms, ${report.workload}):\n${report.summary}`);
  expect(report.how).toBe('calibration');
  expectEveryLoserExplained(report);
  // Headless Chromium here has only SwiftShader: the software GPUs are named as such, not timed.
  for (const o of report.outcomes.slice(0, 2)) {
    if (o.status === 'skipped') expect(o.reason).toMatch(/software adapter \(.*swiftshader/i);
  }
  const { losses } = await page.evaluate(() => window.__worker.practiceAndTrain(200, 2));
  expect(losses.every((l) => Number.isFinite(l.total))).toBe(true);
});

test('calibrating software GPUs too: each one is timed against the winner or refused with its reason', async ({
  page,
}) => {
  await openHarness(page);
  const report: BackendReport = await page.evaluate(() => window.__worker.boot(undefined, false, true));
  console.log(`full calibration (${report.totalMs.toFixed(0)} ms):\n${report.summary}`);
  expectEveryLoserExplained(report);
  for (const o of report.outcomes.slice(0, 2)) expect(o.status).not.toBe('skipped');
});

test('continuous learning keeps answering calls and the heartbeat does not mistake it for death', async ({
  page,
}) => {
  await openHarness(page);
  await page.evaluate(() => window.__worker.boot('wasm'));
  await page.evaluate(() => window.__worker.practiceAndTrain(200, 1));
  const r = await page.evaluate(() => window.__worker.learnFor(4000));
  expect(r.alive).toBe(true);
  expect(r.stepsAfter).toBeGreaterThan(r.stepsBefore);
  expect(r.polls).toBeGreaterThan(5);
  const ckpt = await page.evaluate(() => window.__worker.checkpointRoundTrip());
  expect(ckpt.bytes).toBeGreaterThan(1000);
  expect(ckpt.bad.ok).toBe(false);
  expect(ckpt.good.ok).toBe(true);
});

for (const kind of ['hang', 'throw', 'kill'] as const) {
  test(`a pending call rejects with WorkerDied within about 2 s when the worker is broken (${kind})`, async ({
    page,
  }) => {
    await openHarness(page);
    await page.evaluate((raw) => window.__worker.boot('wasm', raw), kind === 'kill');
    if (kind !== 'hang') await page.evaluate(() => window.__worker.practiceAndTrain(200, 1));
    const probe = await page.evaluate((k) => window.__worker.deathOfPendingCall(k), kind);
    console.log(`${kind}: ${probe.name} after ${probe.ms.toFixed(0)} ms: ${probe.message}`);
    expect(probe.rejected).toBe(true);
    expect(probe.name).toBe('WorkerDied');
    expect(probe.message).toMatch(kind === 'throw' ? /uncaught error in the worker/ : /no heartbeat/);
    expect(probe.ms).toBeLessThan(2500);
  });
}
