// World-model loss over training steps: the total and every term the learner reports, log scale,
// so a term that collapses to 0 or blows up is visible next to the others.
import type uPlot from 'uplot';
import type { AgentStatus } from '../../../workers/agent-api';
import { ChartCard } from './chart-card';
import { RingTable } from './ring';
import { axis, COLORS, compact, line, logTicks, SERIES_COLORS } from './theme';

/** Training steps kept (one point per status poll, about one a second). */
const CAPACITY = 600;
const MIN_SHOWN = 1e-5;

export class LossChart {
  readonly card: ChartCard;
  private names: string[] = [];
  private table: RingTable | null = null;
  private lastStep = -1;

  constructor() {
    this.card = new ChartCard({
      id: 'chart-loss',
      title: 'World-model loss',
      hint: 'per training step, log scale',
      options: options([]),
    });
    this.card.setNote('Waiting for the first training step (learning on, memory filling).');
  }

  update(status: AgentStatus | null): void {
    const loss = status?.lastLoss;
    if (!status || !loss || status.trainSteps === this.lastStep) return;
    // A new model (checkpoint loaded) restarts the step count: start the chart over.
    if (status.trainSteps < this.lastStep) this.table?.clear();
    this.lastStep = status.trainSteps;
    const names = Object.keys(loss.terms);
    if (!this.table || names.join() !== this.names.join()) {
      this.names = names;
      this.table = new RingTable(CAPACITY, names.length + 2);
      this.card.setOptions(options(names), this.table.columns() as uPlot.AlignedData);
    }
    // A term that has gone to (nearly) zero is a gap: a log axis stretched down to 1e-21 hides the rest.
    const positive = (v: number | undefined) => (v !== undefined && v > MIN_SHOWN ? v : null);
    this.table.push([status.trainSteps, positive(loss.total), ...names.map((n) => positive(loss.terms[n]))]);
    this.card.setData(this.table.columns() as uPlot.AlignedData);
    this.card.setNote(
      `step ${status.trainSteps.toLocaleString('en-US')}: total ${compact(loss.total)}; ` +
        names.map((n) => `${n} ${compact(loss.terms[n] ?? null)}`).join(', '),
    );
  }
}

function options(names: string[]): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [axis({ label: 'training step' }), axis({ values: logTicks, size: 50 })],
    series: [
      {},
      line('total', COLORS.text, { width: 2 }),
      ...names.map((n, i) => line(n, SERIES_COLORS[(i + 1) % SERIES_COLORS.length]!)),
    ],
  };
}
