import { describe, expect, it } from 'vitest';
import { frameTime, realTimeSlot, stepsBefore, stepsBy } from './schedule';

describe('frame-exact schedule', () => {
  it('stamps frame i at exactly i / fps', () => {
    for (const fps of [24, 30, 60]) {
      let worstGap = 0;
      for (let i = 0; i < 36_000; i++) {
        const t = frameTime(i, fps);
        if (t.timestamp !== i / fps || t.duration !== 1 / fps) throw new Error(`frame ${i} at ${fps} fps`);
        // Each frame ends where the next begins: no gaps or overlaps accumulate over 10-20 minutes.
        worstGap = Math.max(worstGap, Math.abs(t.timestamp + t.duration - frameTime(i + 1, fps).timestamp));
      }
      expect(worstGap).toBeLessThan(1e-9);
    }
  });

  it('takes one 0.1 s step every third frame at 30 fps in real time', () => {
    const before = Array.from({ length: 10 }, (_, i) => stepsBefore(i, 30, 0.1, 1));
    expect(before).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(stepsBy(60, 30, 0.1, 1)).toBe(20);
  });

  it('keeps the world at the chosen speed over long recordings and odd frame rates', () => {
    // 25 fps does not divide 0.1 s steps evenly: 2.5 frames per step, alternating 2 and 3.
    let total = 0;
    for (let i = 0; i <= 25 * 60; i++) total += stepsBefore(i, 25, 0.1, 1);
    expect(total).toBe(600);
    expect(stepsBy(24 * 3600, 24, 0.1, 1)).toBe(36_000);
    // 4x: four times the steps, at most 2 per frame at 60 fps.
    const fast = Array.from({ length: 61 }, (_, i) => stepsBefore(i, 60, 0.1, 4));
    expect(fast.reduce((a, b) => a + b, 0)).toBe(40);
    expect(Math.max(...fast)).toBe(1);
    expect(stepsBy(0, 30, 0.1, 1)).toBe(0);
  });
});

describe('real-time slots', () => {
  it('fills each slot once and skips slots the page missed', () => {
    expect(realTimeSlot(0, 30, -1)).toBe(0);
    expect(realTimeSlot(0.02, 30, 0)).toBeNull();
    expect(realTimeSlot(1 / 30, 30, 0)).toBe(1);
    expect(realTimeSlot(0.5, 30, 1)).toBe(15);
  });
});
