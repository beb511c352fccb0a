// Maps world metres to canvas pixels and back: the arena scaled to fit the canvas, aspect kept,
// centred, with a margin so wall shadows and the goal ring are not clipped at the edges.
import type { Rect, Vec2 } from '../world/types';

export interface ArenaTransform {
  /** Pixels per metre. */
  readonly scale: number;
  /** Canvas position of the arena's top-left corner. */
  readonly offsetX: number;
  readonly offsetY: number;
  readonly arena: { readonly width: number; readonly height: number };
}

export function fitArena(
  arena: { width: number; height: number },
  viewWidth: number,
  viewHeight: number,
  marginPx = 16,
): ArenaTransform {
  if (!(arena.width > 0 && arena.height > 0)) {
    throw new Error(`fitArena: arena size must be positive, got ${arena.width} x ${arena.height}`);
  }
  const w = Math.max(1, viewWidth - 2 * marginPx);
  const h = Math.max(1, viewHeight - 2 * marginPx);
  const scale = Math.min(w / arena.width, h / arena.height);
  return {
    scale,
    offsetX: (viewWidth - arena.width * scale) / 2,
    offsetY: (viewHeight - arena.height * scale) / 2,
    arena: { width: arena.width, height: arena.height },
  };
}

export function toScreen(t: ArenaTransform, p: Vec2): Vec2 {
  return { x: t.offsetX + p.x * t.scale, y: t.offsetY + p.y * t.scale };
}

export function toWorld(t: ArenaTransform, x: number, y: number): Vec2 {
  return { x: (x - t.offsetX) / t.scale, y: (y - t.offsetY) / t.scale };
}

export function rectToScreen(t: ArenaTransform, r: Rect): Rect {
  return { x: t.offsetX + r.x * t.scale, y: t.offsetY + r.y * t.scale, w: r.w * t.scale, h: r.h * t.scale };
}

export function insideArena(t: ArenaTransform, p: Vec2): boolean {
  return p.x >= 0 && p.y >= 0 && p.x <= t.arena.width && p.y <= t.arena.height;
}
