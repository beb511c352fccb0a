// Rasterises world geometry into one channel of a CHW image, anti-aliased so that sub-pixel motion
// changes pixel values (the encoder can only learn what the pixels show). Rectangles use exact area
// coverage; discs and rotated boxes use coverage from the signed distance to their edge in pixels.
import { orientedBoxSdf } from './geometry';
import type { HazardState, Rect } from './types';

/** Where a channel lives and how world units map to its pixels. */
export interface Canvas {
  data: Float32Array;
  /** Index of the channel's first pixel. */
  offset: number;
  size: number;
  /** Pixels per world unit along x and y. */
  sx: number;
  sy: number;
}

function axisCoverage(lo: number, hi: number, i: number, scale: number): number {
  const a = Math.max(lo * scale, i);
  const b = Math.min(hi * scale, i + 1);
  return b > a ? b - a : 0;
}

/** Adds a rectangle's area coverage (call clampChannel after several overlapping rects). */
export function addRect(c: Canvas, r: Rect): void {
  const { data, offset, size, sx, sy } = c;
  const i0 = Math.max(0, Math.floor(r.x * sx));
  const i1 = Math.min(size - 1, Math.ceil((r.x + r.w) * sx) - 1);
  const j0 = Math.max(0, Math.floor(r.y * sy));
  const j1 = Math.min(size - 1, Math.ceil((r.y + r.h) * sy) - 1);
  for (let j = j0; j <= j1; j++) {
    const cy = axisCoverage(r.y, r.y + r.h, j, sy);
    if (cy === 0) continue;
    const row = offset + j * size;
    for (let i = i0; i <= i1; i++) {
      const cx = axisCoverage(r.x, r.x + r.w, i, sx);
      if (cx > 0) data[row + i] = data[row + i]! + cx * cy;
    }
  }
}

export function clampChannel(c: Canvas): void {
  const end = c.offset + c.size * c.size;
  for (let k = c.offset; k < end; k++) if (c.data[k]! > 1) c.data[k] = 1;
}

/** Draws a shape given by its signed distance (world units) over a bounding box, max-blended. */
function drawSdf(
  c: Canvas,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  sdf: (x: number, y: number) => number,
): void {
  const { data, offset, size, sx, sy } = c;
  const scale = (sx + sy) / 2;
  // One pixel of margin: the anti-aliased edge reaches half a pixel beyond the shape.
  const i0 = Math.max(0, Math.floor(x0 * sx) - 1);
  const i1 = Math.min(size - 1, Math.ceil(x1 * sx));
  const j0 = Math.max(0, Math.floor(y0 * sy) - 1);
  const j1 = Math.min(size - 1, Math.ceil(y1 * sy));
  for (let j = j0; j <= j1; j++) {
    const py = (j + 0.5) / sy;
    const row = offset + j * size;
    for (let i = i0; i <= i1; i++) {
      const v = 0.5 - sdf((i + 0.5) / sx, py) * scale;
      if (v <= 0) continue;
      const cov = v > 1 ? 1 : v;
      if (cov > data[row + i]!) data[row + i] = cov;
    }
  }
}

export function drawDisc(c: Canvas, cx: number, cy: number, r: number): void {
  drawSdf(c, cx - r, cy - r, cx + r, cy + r, (x, y) => Math.hypot(x - cx, y - cy) - r);
}

export function drawOrientedBox(
  c: Canvas,
  cx: number,
  cy: number,
  w: number,
  h: number,
  angle: number,
): void {
  const half = Math.hypot(w, h) / 2;
  drawSdf(c, cx - half, cy - half, cx + half, cy + half, (x, y) =>
    orientedBoxSdf(x, y, cx, cy, w / 2, h / 2, angle),
  );
}

export function drawHazards(c: Canvas, hazards: readonly HazardState[]): void {
  for (const h of hazards) {
    if (h.shape === 'rect') addRect(c, h.rect);
  }
  clampChannel(c);
  for (const h of hazards) {
    if (h.shape === 'circle' && h.center && h.radius !== undefined)
      drawDisc(c, h.center.x, h.center.y, h.radius);
  }
}

export function drawRects(c: Canvas, rects: readonly Rect[]): void {
  for (const r of rects) addRect(c, r);
  clampChannel(c);
}
