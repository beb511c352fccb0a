import { describe, expect, it } from 'vitest';
import { heatmapPixels, heatmapScale } from './cost-heatmap-colours';

describe('cost heat map colours', () => {
  it('leaves NaN cells clear and makes dear cells brighter and more opaque than cheap ones', () => {
    const values = Float32Array.from([0, 1, 2, 3, Number.NaN, 10]);
    const px = heatmapPixels({ cols: 3, rows: 2, values });
    const alpha = (i: number) => px[i * 4 + 3]!;
    const lum = (i: number) => px[i * 4]! + px[i * 4 + 1]! + px[i * 4 + 2]!;
    expect(alpha(4)).toBe(0);
    expect(alpha(0)).toBeGreaterThan(0);
    expect(alpha(5)).toBeGreaterThan(alpha(0));
    expect(lum(3)).toBeGreaterThan(lum(1));
    expect(lum(1)).toBeGreaterThan(lum(0));
  });

  it('spans the 2nd..98th percentile, so one outlier does not wash out the rest', () => {
    const values = new Float32Array(100).map((_, i) => i);
    values[99] = 1e6;
    const s = heatmapScale(values);
    expect(s?.lo).toBe(2);
    expect(s?.hi).toBe(97);
    expect(heatmapScale(Float32Array.from([Number.NaN]))).toBeNull();
  });

  it('refuses a grid whose size does not match its values', () => {
    expect(() => heatmapPixels({ cols: 2, rows: 2, values: new Float32Array(3) })).toThrow(
      /3 values for a 2 x 2/,
    );
  });
});
