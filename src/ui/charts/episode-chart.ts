// Episodes as they end in the page's world: steps each one took (green when the goal was reached)
// and the success rate over the last ROLLING episodes.
import type uPlot from 'uplot';
import { ChartCard } from './chart-card';
import { RingTable, rollingRate } from './ring';
import { axis, COLORS, line } from './theme';

const CAPACITY = 300;
export const ROLLING = 20;

export interface EpisodeEnd {
  episode: number;
  success: boolean;
  steps: number;
}

export class EpisodeChart {
  readonly card: ChartCard;
  private readonly table = new RingTable(CAPACITY, 4);
  private readonly recent: boolean[] = [];
  private count = 0;

  constructor() {
    this.card = new ChartCard({
      id: 'chart-episodes',
      title: 'Episodes',
      hint: `steps to the end, success over the last ${ROLLING}`,
      options: {
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, rate: { range: [0, 100] } },
        axes: [
          axis({ label: 'episode' }),
          axis({ scale: 'steps', size: 36 }),
          axis({ scale: 'rate', side: 1, grid: { show: false }, values: (_u, v) => v.map((x) => `${x}%`) }),
        ],
        series: [
          {},
          line('reached', COLORS.ok, { scale: 'steps', paths: () => null, points: { show: true, size: 6 } }),
          line('not reached', COLORS.error, {
            scale: 'steps',
            paths: () => null,
            points: { show: true, size: 6 },
          }),
          line('success %', COLORS.text, { scale: 'rate', width: 2 }),
        ],
      },
    });
    this.card.setNote('Each point is an episode that ended (goal reached or out of steps).');
  }

  /** A new world (scenario or seed) restarts the count. */
  reset(): void {
    this.table.clear();
    this.recent.length = 0;
    this.count = 0;
    this.card.setData(this.table.columns() as uPlot.AlignedData);
  }

  ended(e: EpisodeEnd): void {
    this.recent.push(e.success);
    if (this.recent.length > ROLLING) this.recent.shift();
    const rate = rollingRate(this.recent, ROLLING).at(-1)! * 100;
    this.count++;
    this.table.push([this.count, e.success ? e.steps : null, e.success ? null : e.steps, rate]);
    this.card.setData(this.table.columns() as uPlot.AlignedData);
    this.card.setNote(
      `${this.count} episodes; last: ${e.success ? 'reached' : 'not reached'} in ${e.steps} steps; success ${rate.toFixed(0)}% over the last ${this.recent.length}`,
    );
  }
}
