import { describe, expect, it } from 'vitest';
import { bitrateFor, checkRecordOptions, evenFloor, frameLimit, LIMITS } from './options';

const good = {
  mode: 'frame-exact',
  width: 1280,
  height: 720,
  fps: 30,
  quality: 'medium',
  container: 'auto',
  stopAfter: 2,
};

describe('checkRecordOptions', () => {
  it('accepts a sensible request unchanged', () => {
    expect(checkRecordOptions(good)).toEqual({ ok: true, options: good });
  });

  it('names every bad field at once', () => {
    const r = checkRecordOptions({
      ...good,
      mode: 'slow-mo',
      width: 1281,
      height: 10,
      fps: 0,
      quality: 'ultra',
      container: 'avi',
      stopAfter: -1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    for (const word of [
      'mode "slow-mo"',
      'width 1281',
      'height 10',
      'fps 0',
      'quality "ultra"',
      'container "avi"',
      'stop after -1',
    ]) {
      expect(text).toContain(word);
    }
    expect(r.problems).toHaveLength(7);
  });

  it('refuses odd sizes, fractional frame rates, NaN and endless lengths', () => {
    expect(checkRecordOptions({ ...good, width: 641 }).ok).toBe(false);
    expect(checkRecordOptions({ ...good, fps: 29.97 }).ok).toBe(false);
    expect(checkRecordOptions({ ...good, stopAfter: Number.NaN }).ok).toBe(false);
    expect(checkRecordOptions({ ...good, stopAfter: LIMITS.maxSeconds + 1 }).ok).toBe(false);
    expect(checkRecordOptions({ ...good, width: LIMITS.maxWidth + 2 }).ok).toBe(false);
    expect(checkRecordOptions({ ...good, stopAfter: 0 }).ok).toBe(true);
  });
});

describe('bitrateFor', () => {
  it('grows with pixels, frame rate and quality, within the encoder limits', () => {
    const medium = bitrateFor({ width: 1280, height: 720, fps: 30, quality: 'medium' });
    expect(medium).toBe(Math.round(1280 * 720 * 30 * 0.08));
    expect(bitrateFor({ width: 1280, height: 720, fps: 30, quality: 'high' })).toBe(2 * medium);
    expect(bitrateFor({ width: 1280, height: 720, fps: 60, quality: 'medium' })).toBe(2 * medium);
    expect(bitrateFor({ width: 64, height: 64, fps: 1, quality: 'low' })).toBe(LIMITS.minBitrate);
    expect(bitrateFor({ width: 3840, height: 2160, fps: 60, quality: 'high' })).toBe(LIMITS.maxBitrate);
  });
});

describe('evenFloor and frameLimit', () => {
  it('rounds sizes down to even and never below the minimum', () => {
    expect(evenFloor(901)).toBe(900);
    expect(evenFloor(900)).toBe(900);
    expect(evenFloor(3)).toBe(LIMITS.minSide);
  });

  it('counts frames for a length, and no limit for 0', () => {
    expect(frameLimit(2, 30)).toBe(60);
    expect(frameLimit(0.01, 30)).toBe(1);
    expect(frameLimit(0, 30)).toBe(Number.POSITIVE_INFINITY);
  });
});
