// The length of the shortest route to the goal over the walls the agent sees now: a distance field
// over the wall map's grid (LatentProbes.wallMap, read from the current state), computed by
// Dijkstra from the goal's probed position. Plain numbers, no tfjs: the planner turns the field into
// a tensor once per plan and the 'route' cost term samples it at every imagined position.

export interface RouteGrid {
  /** Cells per side. */
  grid: number;
  /** Arena size (m) the grid covers. */
  width: number;
  height: number;
}

export interface RouteFieldOptions {
  /** A cell is a wall when the map reads above this. */
  threshold?: number;
  /**
   * Each cell deeper into a wall (or into floor the map walls off) rises this many cell widths
   * above its highest neighbour: the gradient points back to open floor on both sides of a wall.
   */
  wallFactor?: number;
}

const NEIGHBOURS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

/** The cell (column, row) holding (x, y) m, clamped to the grid. */
export function cellOf(g: RouteGrid, x: number, y: number): [number, number] {
  const clamp = (v: number) => Math.min(g.grid - 1, Math.max(0, Math.floor(v)));
  return [clamp((x / g.width) * g.grid), clamp((y / g.height) * g.grid)];
}

/**
 * Metres from each cell centre to the goal along the shortest 8-connected route, row-major with
 * row = y cell (as the wall map). Diagonal moves may not cut a wall corner.
 */
export function routeField(
  walls: ArrayLike<number>,
  g: RouteGrid,
  goal: readonly [number, number],
  opts: RouteFieldOptions = {},
): Float32Array {
  const G = g.grid;
  if (!Number.isInteger(G) || G < 1)
    throw new RangeError(`routeField: grid must be a positive integer, got ${G}`);
  if (walls.length !== G * G)
    throw new RangeError(`routeField: expected ${G * G} map cells, got ${walls.length}`);
  if (!goal.every(Number.isFinite))
    throw new RangeError(`routeField: goal must be finite, got [${goal.join(', ')}]`);
  const threshold = opts.threshold ?? 0.5;
  const wallFactor = opts.wallFactor ?? 4;
  const blocked = new Uint8Array(G * G);
  for (let i = 0; i < G * G; i++) blocked[i] = walls[i]! > threshold ? 1 : 0;
  const dist = new Float64Array(G * G).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(G * G);
  const [gi, gj] = cellOf(g, goal[0], goal[1]);
  dist[gj * G + gi] = 0;
  // 1. The route over open floor only: walls are impassable (the goal's own cell may be in one).
  dijkstra(dist, done, blocked, g, gj * G + gi);
  // 2. Walls, and any floor the map cuts off, are ridges: layer by layer inwards, each cell sits
  //    above its highest already-valued neighbour, so from either side a wall is uphill.
  const rise = (wallFactor * Math.min(g.width, g.height)) / G;
  let layer = neighboursOf(done, G);
  while (layer.length > 0) {
    const values = layer.map((c) => highestNeighbour(dist, done, c, G) + rise);
    layer.forEach((c, k) => {
      dist[c] = values[k]!;
      done[c] = 1;
    });
    layer = neighboursOf(done, G, layer);
  }
  return Float32Array.from(dist);
}

/** Cells not yet valued next to a valued one (next to `from` when given, else anywhere). */
function neighboursOf(done: Uint8Array, G: number, from?: readonly number[]): number[] {
  const out = new Set<number>();
  const cells = from ?? Array.from({ length: G * G }, (_, i) => i).filter((i) => done[i]);
  for (const c of cells) {
    const ci = c % G;
    const cj = (c - ci) / G;
    for (const [di, dj] of NEIGHBOURS) {
      const ni = ci + di;
      const nj = cj + dj;
      if (ni >= 0 && nj >= 0 && ni < G && nj < G && !done[nj * G + ni]) out.add(nj * G + ni);
    }
  }
  return [...out];
}

function highestNeighbour(dist: Float64Array, done: Uint8Array, c: number, G: number): number {
  const ci = c % G;
  const cj = (c - ci) / G;
  let best = Number.NEGATIVE_INFINITY;
  for (const [di, dj] of NEIGHBOURS) {
    const ni = ci + di;
    const nj = cj + dj;
    if (ni >= 0 && nj >= 0 && ni < G && nj < G && done[nj * G + ni])
      best = Math.max(best, dist[nj * G + ni]!);
  }
  return best;
}

/** Dijkstra over open cells from `source` (dist set); wall cells and wall corners are impassable. */
function dijkstra(
  dist: Float64Array,
  done: Uint8Array,
  blocked: Uint8Array,
  g: RouteGrid,
  source: number,
): void {
  const { grid: G, width, height } = g;
  const cw = width / G;
  const ch = height / G;
  const heap = new MinHeap();
  heap.push(source, dist[source]!);
  while (heap.size > 0) {
    const [c, d] = heap.pop();
    if (done[c]) continue;
    done[c] = 1;
    const ci = c % G;
    const cj = (c - ci) / G;
    for (const [di, dj] of NEIGHBOURS) {
      const ni = ci + di;
      const nj = cj + dj;
      if (ni < 0 || nj < 0 || ni >= G || nj >= G) continue;
      const n = nj * G + ni;
      if (done[n]) continue;
      const diagonal = di !== 0 && dj !== 0;
      // A diagonal between two open cells that squeezes past a wall corner counts as through the wall.
      if (blocked[n] || (diagonal && (blocked[cj * G + ni] || blocked[nj * G + ci]))) continue;
      const nd = d + (diagonal ? Math.hypot(cw, ch) : di !== 0 ? cw : ch);
      if (nd < dist[n]!) {
        dist[n] = nd;
        heap.push(n, nd);
      }
    }
  }
}

/**
 * The route the field describes from (x, y): cell centres (m) downhill to the goal's cell, as
 * [x0, y0, x1, y1, ...]. Stops where no neighbour is lower (the goal, or a flat spot).
 */
export function routePath(field: ArrayLike<number>, g: RouteGrid, x: number, y: number): Float32Array {
  const G = g.grid;
  let [i, j] = cellOf(g, x, y);
  const pts: number[] = [];
  const centre = (ci: number, cj: number) =>
    pts.push(((ci + 0.5) * g.width) / G, ((cj + 0.5) * g.height) / G);
  centre(i, j);
  for (let n = 0; n < G * G; n++) {
    let best = field[j * G + i]!;
    let bi = -1;
    let bj = -1;
    for (const [di, dj] of NEIGHBOURS) {
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= G || nj >= G) continue;
      const v = field[nj * G + ni]!;
      if (v < best) {
        best = v;
        bi = ni;
        bj = nj;
      }
    }
    if (bi < 0) break;
    i = bi;
    j = bj;
    centre(i, j);
  }
  return Float32Array.from(pts);
}

/** A binary min-heap of (cell, distance) for Dijkstra. */
class MinHeap {
  private cells: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.cells.length;
  }

  push(cell: number, key: number): void {
    const { cells, keys } = this;
    let i = cells.length;
    cells.push(cell);
    keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      cells[i] = cells[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    cells[i] = cell;
    keys[i] = key;
  }

  pop(): [number, number] {
    const { cells, keys } = this;
    const top: [number, number] = [cells[0]!, keys[0]!];
    const lastCell = cells.pop()!;
    const lastKey = keys.pop()!;
    const n = cells.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && keys[r]! < keys[l]! ? r : l;
        if (keys[m]! >= lastKey) break;
        cells[i] = cells[m]!;
        keys[i] = keys[m]!;
        i = m;
      }
      cells[i] = lastCell;
      keys[i] = lastKey;
    }
    return top;
  }
}
