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

/** Pixel index bounds of a world-space box, widened by one pixel for the half-pixel anti-aliased edge. */
function pixelBounds(
  c: Canvas,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): [number, number, number, number] {
  return [
    Math.max(0, Math.floor(x0 * c.sx) - 1),
    Math.max(0, Math.floor(y0 * c.sy) - 1),
    Math.min(c.size - 1, Math.ceil(x1 * c.sx)),
    Math.min(c.size - 1, Math.ceil(y1 * c.sy)),
  ];
}

/** Draws a shape given by its signed distance (world units), max-blended. */
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
  const [i0, j0, i1, j1] = pixelBounds(c, x0, y0, x1, y1);
  for (let j = j0; j <= j1; j++) {
    const py = (j + 0.5) / sy;
    const row = offset + j * size;
    for (let i = i0; i <= i1; i++) {
      const v = 0.5 - sdf((i + 0.5) / sx, py) * scale;
      if (v <= 0) continue;
      const cov = Math.min(v, 1);
      if (cov > data[row + i]!) data[row + i] = cov;
    }
  }
}

/** The agent is drawn on every observation, so the disc is inlined rather than going through drawSdf. */
export function drawDisc(c: Canvas, cx: number, cy: number, r: number): void {
  const { data, offset, size, sx, sy } = c;
  const scale = (sx + sy) / 2;
  const [i0, j0, i1, j1] = pixelBounds(c, cx - r, cy - r, cx + r, cy + r);
  for (let j = j0; j <= j1; j++) {
    const dy = (j + 0.5) / sy - cy;
    const row = offset + j * size;
    for (let i = i0; i <= i1; i++) {
      const dx = (i + 0.5) / sx - cx;
      const v = 0.5 - (Math.sqrt(dx * dx + dy * dy) - r) * scale;
      if (v <= 0) continue;
      const cov = Math.min(v, 1);
      if (cov > data[row + i]!) data[row + i] = cov;
    }
  }
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
