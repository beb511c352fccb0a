// Hindsight shortest paths over one remembered episode: the fewest steps between any two of its
// states, along the transitions the agent really made plus "same place" links between states the
// agent visited at different times. An explorer wanders: the time between two of its states
// overstates the distance, and from a handful of crossings TD rarely learns that the door side of a
// wall is nearer than the point just opposite the goal. The graph turns every loop into a shortcut
// and every real crossing into the only way across, so the distances go round the wall through the
// door this layout has (measured: docs/RESULTS.md, session 4).
//
// A "same place" link needs both the decoded positions (the model's position probe) within
// `linkRadius` metres and the latents within the `linkQuantile` of one-step latent moves. States on
// the two sides of a wall are at least its thickness plus the agent's diameter apart (1 m in
// two-rooms), far above the 0.2 m default, so a link never crosses a wall unless the probe errs by
// more than 0.4 m on both states at once.

export interface HindsightGraphOptions {
  /** Metres between decoded positions that count as the same place. */
  linkRadius?: number;
  /** Links also need a latent distance at most this quantile of the one-step latent moves. */
  linkQuantile?: number;
}

/** No path (cannot happen within one episode: consecutive states are always linked). */
export const UNREACHABLE = 0xffff;

/**
 * Steps between every pair of an episode's states [n * n], row i = from state i.
 * `latents` [n * D], `positions` [n * 2] (decoded, metres), in time order.
 */
export function hindsightDistances(
  latents: Float32Array,
  positions: Float32Array,
  D: number,
  opts: HindsightGraphOptions = {},
): Uint16Array {
  const n = latents.length / D;
  if (!Number.isInteger(n) || n < 2 || positions.length !== 2 * n)
    throw new Error(
      `hindsightDistances: need >= 2 latents of ${D} values and 2 positions each, got ${latents.length} and ${positions.length}`,
    );
  if (n > UNREACHABLE) throw new Error(`hindsightDistances: at most ${UNREACHABLE} states, got ${n}`);
  const r = opts.linkRadius ?? 0.2;
  const q = opts.linkQuantile ?? 0.9;
  const lat = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < D; d++) {
      const x = latents[i * D + d]! - latents[j * D + d]!;
      s += x * x;
    }
    return Math.sqrt(s);
  };
  const moves = Array.from({ length: n - 1 }, (_, i) => lat(i, i + 1)).sort((a, b) => a - b);
  const maxLat = moves[Math.min(n - 2, Math.floor(q * (n - 1)))]!;
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i + 1 < n; i++) {
    adj[i]!.push(i + 1);
    adj[i + 1]!.push(i);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      const dx = positions[2 * i]! - positions[2 * j]!;
      const dy = positions[2 * i + 1]! - positions[2 * j + 1]!;
      if (dx * dx + dy * dy > r * r || lat(i, j) > maxLat) continue;
      adj[i]!.push(j);
      adj[j]!.push(i);
    }
  }
  const dist = new Uint16Array(n * n).fill(UNREACHABLE);
  const queue = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const row = s * n;
    dist[row + s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      const du = dist[row + u]!;
      for (const v of adj[u]!) {
        if (dist[row + v] !== UNREACHABLE) continue;
        dist[row + v] = du + 1;
        queue[tail++] = v;
      }
    }
  }
  return dist;
}
