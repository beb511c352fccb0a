// Diagonal stripes ('/' direction) clipped to a rectangle or a circle, as line segments in the
// same units as the input. Used to draw hazard zones and closed doors with a striped look.

export type Segment = readonly [x1: number, y1: number, x2: number, y2: number];

export function hatchRect(x: number, y: number, w: number, h: number, spacing: number): Segment[] {
  if (!(spacing > 0) || w <= 0 || h <= 0) return [];
  const out: Segment[] = [];
  const x1 = x + w;
  const y1 = y + h;
  // Lines x + y = c, from the top-left corner to the bottom-right one.
  for (let c = x + y + spacing / 2; c < x1 + y1; c += spacing) {
    const xa = Math.max(x, c - y1);
    const xb = Math.min(x1, c - y);
    if (xb > xa) out.push([xa, c - xa, xb, c - xb]);
  }
  return out;
}

export function hatchCircle(cx: number, cy: number, r: number, spacing: number): Segment[] {
  if (!(spacing > 0) || r <= 0) return [];
  const out: Segment[] = [];
  const s = Math.SQRT1_2;
  const reach = r * Math.SQRT2;
  for (let c = cx + cy - reach + spacing / 2; c < cx + cy + reach; c += spacing) {
    const d = (c - cx - cy) * s; // signed distance from the centre to the line
    if (Math.abs(d) >= r) continue;
    const half = Math.sqrt(r * r - d * d);
    const fx = cx + d * s;
    const fy = cy + d * s;
    out.push([fx - half * s, fy + half * s, fx + half * s, fy - half * s]);
  }
  return out;
}
