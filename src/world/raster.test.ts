import { describe, expect, it } from 'vitest';
import { addRect, type Canvas, clampChannel, drawDisc, drawOrientedBox } from './raster';

function canvas(size = 32, arena = 10): Canvas {
  return { data: new Float32Array(size * size), offset: 0, size, sx: size / arena, sy: size / arena };
}
const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
function centroid(c: Canvas): [number, number] {
  let m = 0;
  let x = 0;
  let y = 0;
  for (let j = 0; j < c.size; j++)
    for (let i = 0; i < c.size; i++) {
      const v = c.data[j * c.size + i]!;
      m += v;
      x += v * (i + 0.5);
      y += v * (j + 0.5);
    }
  return [x / m / c.sx, y / m / c.sy];
}

describe('raster', () => {
  it('covers a rectangle by its exact area, including partial pixels', () => {
    const c = canvas();
    addRect(c, { x: 1.23, y: 2.71, w: 3.3, h: 0.17 });
    // 3.2 px per unit: area in pixels = w*h*3.2^2.
    expect(sum(c.data)).toBeCloseTo(3.3 * 0.17 * 3.2 * 3.2, 4);
    expect(Math.max(...c.data)).toBeLessThanOrEqual(1);
  });

  it('clamps overlapping rectangles to 1', () => {
    const c = canvas();
    addRect(c, { x: 0, y: 0, w: 5, h: 5 });
    addRect(c, { x: 2, y: 2, w: 5, h: 5 });
    clampChannel(c);
    expect(Math.max(...c.data)).toBe(1);
  });

  it('anti-aliases a disc: total coverage matches its area and sub-pixel moves shift the centroid', () => {
    const c = canvas(64);
    drawDisc(c, 5.01, 4.37, 0.3);
    const px = 6.4;
    expect(sum(c.data)).toBeCloseTo(Math.PI * (0.3 * px) ** 2, 0);
    const [cx, cy] = centroid(c);
    expect(Math.abs(cx - 5.01)).toBeLessThan(0.01);
    expect(Math.abs(cy - 4.37)).toBeLessThan(0.01);
    // A move of a twentieth of a pixel must still change the image.
    const d = canvas(64);
    drawDisc(d, 5.01 + 0.05 / px, 4.37, 0.3);
    expect(d.data).not.toEqual(c.data);
    expect(centroid(d)[0]).toBeGreaterThan(cx);
  });

  it('draws a rotated box with its area and orientation', () => {
    const c = canvas(64);
    drawOrientedBox(c, 5, 5, 2, 0.5, Math.PI / 4);
    // Distance-based coverage rounds the corners a little: within 3% of the area.
    expect(Math.abs(sum(c.data) / (2 * 0.5 * 6.4 * 6.4) - 1)).toBeLessThan(0.03);
    // Along the rotated long axis the box is present, along the unrotated one it is not.
    const at = (x: number, y: number) => c.data[Math.floor(y * 6.4) * 64 + Math.floor(x * 6.4)]!;
    expect(at(5.5, 5.5)).toBe(1);
    expect(at(5.9, 5)).toBe(0);
  });

  it('clips shapes at the image border', () => {
    const c = canvas(16);
    drawDisc(c, 0, 0, 1);
    addRect(c, { x: 9.5, y: 9.5, w: 0.5, h: 0.5 });
    expect(c.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(c.data[0]).toBe(1);
  });
});
