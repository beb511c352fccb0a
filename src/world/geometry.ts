// Exact 2D geometry shared by spawning, snapping, ground truth and the never-inside-walls tests.
import type { Rect, Vec2 } from './types';

/** Distance from a point to an axis-aligned rectangle (0 inside). */
export function pointRectDistance(px: number, py: number, r: Rect): number {
  const dx = Math.max(r.x - px, 0, px - (r.x + r.w));
  const dy = Math.max(r.y - py, 0, py - (r.y + r.h));
  return Math.hypot(dx, dy);
}

/** Signed distance from a point to a rectangle of half-size (hw, hh) centred at c, rotated by angle. */
export function orientedBoxSdf(
  px: number,
  py: number,
  cx: number,
  cy: number,
  hw: number,
  hh: number,
  angle: number,
): number {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const dx = px - cx;
  const dy = py - cy;
  // Rotate the point into the box frame.
  const lx = Math.abs(c * dx + s * dy) - hw;
  const ly = Math.abs(-s * dx + c * dy) - hh;
  const ox = Math.max(lx, 0);
  const oy = Math.max(ly, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(lx, ly), 0);
}

export function pointInRect(px: number, py: number, r: Rect): boolean {
  return px >= r.x && px <= r.x + r.w && py >= r.y && py <= r.y + r.h;
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * The point nearest to p outside the rectangle inflated by radius (a rounded rectangle), pushed out by
 * an extra clearance. Used to snap a disc out of a wall.
 */
export function pushOutOfRect(p: Vec2, r: Rect, radius: number): Vec2 {
  const cx = Math.min(Math.max(p.x, r.x), r.x + r.w);
  const cy = Math.min(Math.max(p.y, r.y), r.y + r.h);
  const dx = p.x - cx;
  const dy = p.y - cy;
  const d = Math.hypot(dx, dy);
  if (d > 0) return { x: cx + (dx / d) * radius, y: cy + (dy / d) * radius };
  // Centre inside the rectangle: leave through the nearest side.
  const left = p.x - r.x;
  const right = r.x + r.w - p.x;
  const top = p.y - r.y;
  const bottom = r.y + r.h - p.y;
  const m = Math.min(left, right, top, bottom);
  if (m === left) return { x: r.x - radius, y: p.y };
  if (m === right) return { x: r.x + r.w + radius, y: p.y };
  if (m === top) return { x: p.x, y: r.y - radius };
  return { x: p.x, y: r.y + r.h + radius };
}
