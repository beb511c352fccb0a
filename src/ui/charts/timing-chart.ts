// How fast the whole loop runs over time: the worker's planning time per act (left) and the page's
// frame rate (right). A plan-time spike with a frame-rate dip means the page, not the worker, stalled.
import type uPlot from 'uplot';
import { ChartCard } from './chart-card';
import { RingTable } from './ring';
import { axis, COLORS, compact, line } from './theme';

/** One point a second: five minutes. */
const CAPACITY = 300;
const EVERY_MS = 1000;

export class TimingChart {
  readonly card: ChartCard;
  private readonly table = new RingTable(CAPACITY, 3);
  private lastAt = Number.NEGATIVE_INFINITY;
  private readonly t0: number;

  constructor(now: number) {
    this.t0 = now;
    this.card = new ChartCard({
      id: 'chart-timing',
      title: 'Plan time and frame rate',
      hint: 'per second',
      options: {
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, fps: { range: [0, 65] } },
        axes: [
          axis({ label: 'seconds' }),
          axis({ scale: 'ms', size: 40, values: (_u, v) => v.map(compact) }),
          axis({ scale: 'fps', side: 1, grid: { show: false }, size: 32 }),
        ],
        series: [
          {},
          line('plan ms', COLORS.accent, { scale: 'ms', width: 2 }),
          line('fps', COLORS.warn, { scale: 'fps' }),
        ],
      },
    });
  }

  /** planMs: null while no plan has come in (agent starting, off or driven by keys). */
  sample(now: number, planMs: number | null, fps: number): void {
    if (now - this.lastAt < EVERY_MS) return;
    this.lastAt = now;
    this.table.push([(now - this.t0) / 1000, planMs, fps]);
    this.card.setData(this.table.columns() as uPlot.AlignedData);
    this.card.setNote(`plan ${planMs === null ? '–' : `${planMs.toFixed(0)} ms`} · ${fps.toFixed(0)} fps`);
  }
}
