// The last plan's search: the best cost after each sampling iteration, then each gradient step
// through the world model. A falling gradient segment is planning by gradient descent at work.
import type uPlot from 'uplot';
import type { PlanResult } from '../../agent/plan/mode2';
import { ChartCard } from './chart-card';
import { axis, COLORS, line } from './theme';

export class PlanCostChart {
  readonly card: ChartCard;
  private shown: PlanResult | null = null;

  constructor() {
    this.card = new ChartCard({
      id: 'chart-plan-cost',
      title: 'Cost per planning iteration',
      hint: 'the last plan',
      options: {
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [axis({ label: 'iteration' }), axis({ size: 48 })],
        series: [
          {},
          line('sampling', COLORS.warn, { width: 2, points: { show: true, size: 4 } }),
          line('gradient', COLORS.accent, { width: 2, points: { show: true, size: 4 } }),
        ],
      },
    });
    this.card.setNote('Waiting for the agent’s first plan.');
  }

  update(plan: PlanResult | null): void {
    if (!plan || plan === this.shown) return;
    this.shown = plan;
    const hist = Array.from(plan.costHistory);
    if (hist.length === 0) return;
    // The segments share their boundary point so the line is unbroken where sampling hands over.
    const S = Math.min(plan.samplingIterations, hist.length);
    const sampling = hist.map((v, i) => (i < S ? v : null));
    const gradient = hist.map((v, i) => (i >= Math.max(0, S - 1) ? v : null));
    this.card.setData([hist.map((_, i) => i), sampling, gradient] as uPlot.AlignedData);
    const first = hist[0]!;
    const last = hist[hist.length - 1]!;
    this.card.setNote(
      `${first.toPrecision(4)} → ${last.toPrecision(4)} (${(((last - first) / Math.abs(first || 1)) * 100).toFixed(1)}%) over ${hist.length} iterations (${S} sampling); K=${plan.K}, H=${plan.H}, ${plan.method}, ${plan.timing.totalMs.toFixed(0)} ms`,
    );
  }
}
