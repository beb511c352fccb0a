// The heat map's colours, pure (no Phaser, testable in Node): cost -> RGBA per cell, with a scale
// from robust quantiles so one extreme cell does not flatten the rest.

export interface HeatmapGrid {
  cols: number;
  rows: number;
  /** Row-major, rows top to bottom; NaN cells (where the agent does not fit) stay clear. */
  values: Float32Array;
}

/** Cheap to dear: a magma-like ramp, dark and quiet where the agent wants to be. */
const RAMP: readonly (readonly [number, number, number])[] = [
  [13, 8, 135],
  [84, 2, 163],
  [139, 10, 165],
  [185, 50, 137],
  [219, 92, 104],
  [244, 136, 73],
  [254, 188, 43],
  [240, 249, 33],
];
/** Cells' own alpha (0-255): cheap cells fainter, so the floor stays readable where all is well. */
const ALPHA_LOW = 70;
const ALPHA_HIGH = 190;
/** Colours span these quantiles, so one extreme cell does not flatten the rest. */
const LOW_Q = 0.02;
const HIGH_Q = 0.98;

export interface HeatmapScale {
  lo: number;
  hi: number;
}

export function heatmapScale(values: ArrayLike<number>): HeatmapScale | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite.push(v);
  }
  if (finite.length === 0) return null;
  finite.sort((a, b) => a - b);
  const at = (q: number) =>
    finite[Math.min(finite.length - 1, Math.max(0, Math.round(q * (finite.length - 1))))]!;
  return { lo: at(LOW_Q), hi: at(HIGH_Q) };
}

/** RGBA bytes, one pixel per cell; NaN cells fully transparent. */
export function heatmapPixels(grid: HeatmapGrid): Uint8ClampedArray {
  const { cols, rows, values } = grid;
  if (values.length !== cols * rows) {
    throw new Error(`heatmapPixels: ${values.length} values for a ${cols} x ${rows} grid`);
  }
  const out = new Uint8ClampedArray(cols * rows * 4);
  const scale = heatmapScale(values);
  if (!scale) return out;
  const span = scale.hi - scale.lo;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    const t = span > 0 ? Math.min(1, Math.max(0, (v - scale.lo) / span)) : 0.5;
    const [r, g, b] = rampAt(t);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(ALPHA_LOW + (ALPHA_HIGH - ALPHA_LOW) * t);
  }
  return out;
}

function rampAt(t: number): [number, number, number] {
  const x = t * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!;
  const b = RAMP[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}
