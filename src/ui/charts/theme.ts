// The charts' look, taken from the app's palette (style.css :root, src/view/palette.ts) so a line
// in a chart has the colour its thing has in the world: goal green, hazard red, agent cyan.
import type uPlot from 'uplot';

export const COLORS = {
  text: '#d8deea',
  muted: '#8a94ab',
  grid: '#232c42',
  accent: '#4cc9f0',
  ok: '#3ddc84',
  warn: '#f2a93b',
  error: '#ff4d6d',
  violet: '#b892ff',
  yellow: '#ffe66d',
  steel: '#7a88b8',
  sand: '#d4a876',
} as const;

/** Series colours in a fixed order: a term keeps its colour while the chart runs. */
export const SERIES_COLORS = [
  COLORS.text,
  COLORS.accent,
  COLORS.warn,
  COLORS.violet,
  COLORS.ok,
  COLORS.error,
  COLORS.yellow,
  COLORS.sand,
  COLORS.steel,
] as const;

const FONT = '11px ui-sans-serif, system-ui, sans-serif';

export function axis(extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: COLORS.muted,
    font: FONT,
    labelFont: FONT,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { stroke: COLORS.grid, width: 1, size: 4 },
    size: 40,
    labelSize: 16,
    gap: 3,
    ...extra,
  };
}

export function line(label: string, color: string, extra: Partial<uPlot.Series> = {}): uPlot.Series {
  return { label, stroke: color, width: 1.5, points: { show: false }, spanGaps: false, ...extra };
}

/** Compact numbers for axes and legends: 0.0012, 3.4, 1.2k. */
export function compact(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 10) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  if (a >= 1e-3) return v.toPrecision(2);
  return v.toExponential(1);
}

/** Log-axis ticks as powers of ten only: 1e-3, 0.01, 0.1, 1. */
export function logTicks(_u: uPlot, splits: number[]): string[] {
  return splits.map((v) => {
    const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
    return Math.abs(mantissa - 1) < 1e-6 ? compact(v) : '';
  });
}
