// Recording demo videos in a real Chromium: the file that downloads is read back with mediabunny
// (in Node for the container, in the page for decoding) and must be what was asked for.
import { readFileSync, writeFileSync } from 'node:fs';
import { type Download, expect, type Page, test } from '@playwright/test';
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import type { VideoReport } from '../src/ui/recorder/inspect';
import type { RecorderDebug } from '../src/ui/recorder/recording-controller';
import { artifactPath, captureErrors } from './helpers';

// A light planner (8 candidates, 2 iterations) and no background learning: each frame-exact step
// waits for a plan, and the test machine's cores are shared.
const HASH = '#scenario=two-rooms&seed=7&K=8&iters=2&learn=false';
const NAME = /^jepa-two-rooms-seed7-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.(mp4|webm)$/;

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}${HASH}`);
  await page.waitForFunction(() => {
    const j = window.__jepa as (typeof window.__jepa & { recorder?: unknown }) | undefined;
    return !!j?.recorder;
  });
}

function recorder(page: Page) {
  return {
    progress: () =>
      page.evaluate(() => (window.__jepa as unknown as { recorder: RecorderDebug }).recorder.progress()),
  };
}

async function choose(
  page: Page,
  o: { mode: string; size: string; fps: string; container: string; length: string },
): Promise<void> {
  await page.selectOption('#rec-mode', o.mode);
  await page.selectOption('#rec-size', o.size);
  await page.selectOption('#rec-fps', o.fps);
  await page.selectOption('#rec-container', o.container);
  await page.fill('#rec-length', o.length);
  await page.locator('#rec-length').blur();
}

/** What a player sees: container and codec from the file in Node, decoded frames in the page. */
async function readBack(page: Page, download: Download, tag: string) {
  const bytes = new Uint8Array(readFileSync((await download.path())!));
  expect(bytes.length, 'the downloaded file is empty').toBeGreaterThan(0);
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  expect(track, 'the file has a video track').not.toBeNull();
  const node = {
    format: (await input.getFormat()).name,
    codec: await track!.getCodec(),
    width: await track!.getDisplayWidth(),
    height: await track!.getDisplayHeight(),
    duration: await input.computeDuration(),
    frames: (await track!.computePacketStats()).packetCount,
    timestamps: [] as number[],
  };
  for await (const packet of new EncodedPacketSink(track!).packets()) node.timestamps.push(packet.timestamp);
  node.timestamps.sort((a, b) => a - b);
  input.dispose();
  const seen: VideoReport = await page.evaluate(
    (b64) => (window.__jepa as unknown as { recorder: RecorderDebug }).recorder.inspect(b64),
    Buffer.from(bytes).toString('base64'),
  );
  writeFileSync(artifactPath(`recording-${tag}.png`), Buffer.from(seen.png.split(',')[1]!, 'base64'));
  writeFileSync(artifactPath(`recording-${tag}.${download.suggestedFilename().split('.').pop()}`), bytes);
  // Not black, not flat: the arena's floor, walls and agent are all there.
  expect(seen.looks.length).toBeGreaterThanOrEqual(3);
  for (const look of seen.looks) {
    expect(look.mean, `frame at ${look.timestamp} s is too dark`).toBeGreaterThan(12);
    expect(look.spread, `frame at ${look.timestamp} s has no detail`).toBeGreaterThan(8);
  }
  return { node, seen, bytes };
}

test.describe.configure({ timeout: 300_000 });

/**
 * Records until the page has drawn `frames` frames, then stops with the button. Real time keeps
 * what the page draws, and a loaded machine draws a frame a second or less: waiting for frames
 * rather than for seconds keeps the test about the file, not the machine's speed.
 */
async function recordFrames(page: Page, frames: number): Promise<Download> {
  const downloading = page.waitForEvent('download', { timeout: 120_000 });
  await page.click('#record');
  await expect
    .poll(async () => (await recorder(page).progress()).frames, { timeout: 120_000 })
    .toBeGreaterThanOrEqual(frames);
  await page.click('#record');
  return downloading;
}

test('frame-exact recording in each container this browser can encode reads back as asked', async ({
  page,
}) => {
  // Two clips of 19 plans each, on whatever share of two cores the planner gets.
  test.setTimeout(600_000);
  const errors = captureErrors(page);
  await open(page);
  // The agent plans every step of the clip, so wait until it runs.
  await page.waitForFunction(
    () => (window.__jepa as unknown as { agent?: () => { state: string } }).agent?.().state === 'running',
    null,
    { timeout: 120_000 },
  );
  const encodable = await page.evaluate(async () => {
    const ask = async (codec: string) =>
      (await VideoEncoder.isConfigSupported({ codec, width: 854, height: 480, bitrate: 1e6, framerate: 30 }))
        .supported === true;
    return { mp4: await ask('avc1.42001f'), webm: await ask('vp09.00.10.08') };
  });
  const containers = (['mp4', 'webm'] as const).filter((c) => encodable[c]);
  expect(containers.length, 'Chromium here should encode at least one of H.264 and VP9').toBeGreaterThan(0);

  for (const container of containers) {
    await choose(page, { mode: 'frame-exact', size: '480p', fps: '30', container, length: '2' });
    const stepsBefore = await page.evaluate(() => window.__jepa!.stats().totalSteps);
    const plansBefore = await page.evaluate(
      () => (window.__jepa as unknown as { agent: () => { plans: number } }).agent().plans,
    );
    const downloading = page.waitForEvent('download', { timeout: 180_000 });
    await page.keyboard.press('v');
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(NAME);
    expect(download.suggestedFilename().endsWith(`.${container}`)).toBe(true);
    const { node } = await readBack(page, download, `frame-exact-${container}`);
    expect(node.format).toBe(container === 'mp4' ? 'MP4' : 'WebM');
    expect(node.codec).toBe(container === 'mp4' ? 'avc' : 'vp9');
    expect([node.width, node.height]).toEqual([854, 480]);
    expect(node.frames).toBe(60);
    expect(Math.abs(node.duration - 2)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    // Every frame exactly where frame-exact put it, whatever the planner's pace was.
    const offBy = node.timestamps.map((t, i) => Math.abs(t - i / 30));
    expect(Math.max(...offBy), `timestamps ${node.timestamps.join(', ')}`).toBeLessThan(1e-3);
    // 60 frames at 30 fps with 0.1 s control steps: 19 steps inside the clip, each with a fresh plan.
    const stepsAfter = await page.evaluate(() => window.__jepa!.stats().totalSteps);
    const plansAfter = await page.evaluate(
      () => (window.__jepa as unknown as { agent: () => { plans: number } }).agent().plans,
    );
    expect(stepsAfter - stepsBefore).toBeGreaterThanOrEqual(19);
    expect(plansAfter - plansBefore).toBeGreaterThanOrEqual(19);
    await expect(page.locator('#rec-status')).toContainText('Saved jepa-two-rooms-seed7-');
    await expect(page.locator('#rec-status')).toContainText('60 frames');
  }
  expect(errors).toEqual([]);
});

test('cancel stops the recording, downloads nothing and gives the world back to real time', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await open(page, '');
  let downloads = 0;
  page.on('download', () => downloads++);
  await choose(page, { mode: 'frame-exact', size: '480p', fps: '30', container: 'auto', length: '0' });
  await page.click('#record');
  await expect
    .poll(async () => (await recorder(page).progress()).frames, { timeout: 60_000 })
    .toBeGreaterThan(5);
  await expect(page.locator('#rec-status')).toContainText('frames');
  await page.click('#rec-cancel');
  await expect.poll(async () => (await recorder(page).progress()).phase).toBe('idle');
  await expect(page.locator('#rec-status')).toHaveText('Recording canceled; nothing was saved.');
  await expect(page.locator('#record')).toHaveText('● Record');
  // The game loop runs on its own again: the world keeps stepping in real time.
  const steps = await page.evaluate(() => window.__jepa!.stats().totalSteps);
  await expect
    .poll(() => page.evaluate(() => window.__jepa!.stats().totalSteps), { timeout: 10_000 })
    .toBeGreaterThan(steps + 3);
  expect(downloads).toBe(0);
  expect(errors).toEqual([]);
});

test('real-time recording produces a playable file', async ({ page }) => {
  const errors = captureErrors(page);
  await open(page);
  await choose(page, { mode: 'real-time', size: '480p', fps: '30', container: 'auto', length: '0' });
  const download = await recordFrames(page, 4);
  expect(download.suggestedFilename()).toMatch(NAME);
  const { node } = await readBack(page, download, 'real-time');
  expect([node.width, node.height]).toEqual([854, 480]);
  // Every frame the page drew while recording, stamped with the wall clock: gaps, not a fixed rate.
  expect(node.frames).toBeGreaterThanOrEqual(4);
  expect(node.duration).toBeGreaterThan(3 / 30);
  expect(errors).toEqual([]);
});

test('the MediaRecorder fallback records a WebM that reads back', async ({ page }) => {
  const errors = captureErrors(page);
  await open(page, '?recorder=mediarecorder');
  await choose(page, { mode: 'frame-exact', size: '480p', fps: '30', container: 'auto', length: '0' });
  const download = await recordFrames(page, 4);
  // MediaRecorder cannot stamp frames itself: the panel says it recorded in real time.
  await expect(page.locator('#rec-status')).toContainText('real time');
  expect(download.suggestedFilename()).toMatch(/\.webm$/);
  const { node } = await readBack(page, download, 'mediarecorder');
  expect(node.format).toBe('WebM');
  expect(['vp9', 'vp8']).toContain(node.codec);
  expect([node.width, node.height]).toEqual([854, 480]);
  expect(node.frames).toBeGreaterThanOrEqual(2);
  expect(node.duration).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
