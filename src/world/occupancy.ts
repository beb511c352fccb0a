// Where the agent's centre cannot be, as a coarse grid over the arena: the ground truth a wall-map
// readout is fitted to (tools/train-map.ts) and graded against. Walls and closed doors count; open
// doors, hazards and boxes do not.
import type { Rect, WorldSnapshot } from './types';

/** Distance from (x, y) to the rectangle (0 inside). */
function rectDistance(x: number, y: number, r: Rect): number {
  const dx = Math.max(r.x - x, 0, x - (r.x + r.w));
  const dy = Math.max(r.y - y, 0, y - (r.y + r.h));
  return Math.hypot(dx, dy);
}

/** Metres from (x, y) to the nearest wall or closed door (0 inside one; Infinity with none). */
export function wallClearance(snap: Pick<WorldSnapshot, 'walls' | 'doors'>, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const r of blocksOf(snap)) best = Math.min(best, rectDistance(x, y, r));
  return best;
}

function blocksOf(snap: Pick<WorldSnapshot, 'walls' | 'doors'>): Rect[] {
  return [...snap.walls, ...snap.doors.filter((d) => !d.open).map((d) => d.rect)];
}

/**
 * A grid x grid map, row-major with row = y cell and column = x cell: 1 where the cell's centre is
 * within `margin` metres of a wall or a closed door (inside counts), else 0.
 */
export function wallOccupancy(
  snap: Pick<WorldSnapshot, 'arena' | 'walls' | 'doors'>,
  grid: number,
  margin: number,
): Float32Array {
  if (!Number.isInteger(grid) || grid < 1)
    throw new RangeError(`wallOccupancy: grid must be a positive integer, got ${grid}`);
  if (!(margin >= 0)) throw new RangeError(`wallOccupancy: margin must be >= 0, got ${margin}`);
  const blocks = blocksOf(snap);
  const cw = snap.arena.width / grid;
  const ch = snap.arena.height / grid;
  const out = new Float32Array(grid * grid);
  for (let j = 0; j < grid; j++) {
    const y = (j + 0.5) * ch;
    for (let i = 0; i < grid; i++) {
      const x = (i + 0.5) * cw;
      if (blocks.some((r) => rectDistance(x, y, r) <= margin)) out[j * grid + i] = 1;
    }
  }
  return out;
}
