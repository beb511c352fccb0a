import { describe, expect, it } from 'vitest';
import { captionHeight, fitScene } from './capture-compose';

describe('fitScene', () => {
  it('keeps the aspect ratio and centres the scene (letterbox or pillarbox)', () => {
    expect(fitScene(800, 600, 1280, 720 - 32)).toEqual({
      x: (1280 - 917.3333333333334) / 2,
      y: 0,
      w: 917.3333333333334,
      h: 688,
    });
    const wide = fitScene(1600, 400, 800, 600);
    expect(wide).toEqual({ x: 0, y: 200, w: 800, h: 200 });
  });
});

describe('captionHeight', () => {
  it('is even, readable on small frames and a small share of large ones', () => {
    for (const h of [240, 480, 720, 1080, 2160]) {
      const c = captionHeight(h);
      expect(c % 2).toBe(0);
      expect(c).toBeGreaterThanOrEqual(20);
      expect(c / h).toBeLessThanOrEqual(0.085);
    }
  });
});
