// The compounding-error curve, live: how far the imagined latent drifts from the real one h steps
// ahead, against "nothing changes". A useful world model stays under the static line.
import type uPlot from 'uplot';
import type { PredictionCurve } from '../../../workers/agent-api';
import { ChartCard } from './chart-card';
import { axis, COLORS, compact, line, logTicks } from './theme';

export class HorizonChart {
  readonly card: ChartCard;
  private shown: PredictionCurve | null = null;

  constructor() {
    this.card = new ChartCard({
      id: 'chart-horizon',
      title: 'Prediction error vs horizon',
      hint: 'imagined h steps ahead, newest frames',
      options: {
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [axis({ label: 'steps ahead (h)' }), axis({ values: logTicks, size: 50 })],
        series: [
          {},
          line('world model', COLORS.accent, { width: 2, points: { show: true, size: 4 } }),
          line('nothing changes', COLORS.muted, { dash: [4, 4] }),
        ],
      },
    });
    this.card.setNote('Computed every few seconds once memory holds 17 consecutive frames.');
  }

  update(curve: PredictionCurve | null): void {
    if (!curve || curve === this.shown) return;
    this.shown = curve;
    if (!curve.ok) {
      this.card.setNote(curve.reason);
      return;
    }
    const positive = (v: number) => (v > 0 ? v : null);
    this.card.setData([
      curve.model.map((_, i) => i + 1),
      curve.model.map(positive),
      curve.static.map(positive),
    ] as uPlot.AlignedData);
    const h = curve.model.length;
    const m = curve.model[h - 1]!;
    const s = curve.static[h - 1]!;
    const ratio = m > 0 ? s / m : Number.POSITIVE_INFINITY;
    const verdict =
      ratio >= 1
        ? `${ratio.toFixed(ratio >= 10 ? 0 : 1)}x below static`
        : `${(1 / ratio).toFixed(1)}x above static`;
    this.card.setNote(
      `h=${h}: model ${compact(m)}, static ${compact(s)} (${verdict}); ${curve.sequences} sequences from the newest ${curve.window} frames, step ${curve.trainSteps.toLocaleString('en-US')}`,
    );
  }
}
