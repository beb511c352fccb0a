// One chart in the dock: a titled card around a uPlot instance that follows its card's size and
// redraws only when it has new data and is on screen. The owner builds the options and the data;
// this file knows nothing of what is plotted.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h, setText } from '../dom';

export interface ChartCardSpec {
  id: string;
  title: string;
  /** One sentence under the title: what to read in the chart. */
  hint: string;
  /** Everything but the size, which the card sets. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  height?: number;
}

export class ChartCard {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private plot: uPlot | null = null;
  private data: uPlot.AlignedData;
  private dirty = false;
  private readonly observer: ResizeObserver;

  constructor(private spec: ChartCardSpec) {
    this.data = spec.options.series.map(() => []) as unknown as uPlot.AlignedData;
    this.body = h('div', { class: 'chart-body' });
    this.note = h('p', { class: 'chart-note muted' });
    this.el = h(
      'figure',
      { class: 'chart-card', id: spec.id, dataset: { chart: spec.id } },
      h('figcaption', {}, h('b', {}, spec.title), h('span', { class: 'muted' }, ` ${spec.hint}`)),
      this.body,
      this.note,
    );
    // Resizing inside the observer's callback would change the observed box again (the browser
    // reports a "ResizeObserver loop"): fit on the next frame instead.
    let queued = false;
    this.observer = new ResizeObserver(() => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        this.fit();
      });
    });
    this.observer.observe(this.body);
  }

  /** A line under the chart (the latest numbers in words, or why there is nothing yet). */
  setNote(text: string): void {
    setText(this.note, text);
  }

  /** Replaces the data; drawn on the next flush. */
  setData(data: uPlot.AlignedData): void {
    this.data = data;
    this.dirty = true;
  }

  /** Draws pending data if the card is laid out (a collapsed dock has zero width). */
  flush(): void {
    if (!this.dirty) return;
    const plot = this.ensurePlot();
    if (!plot) return;
    plot.setData(this.data);
    this.dirty = false;
  }

  /** New series (a chart whose series are only known from the data): the plot is rebuilt on the next flush. */
  setOptions(options: ChartCardSpec['options'], data: uPlot.AlignedData): void {
    this.spec = { ...this.spec, options };
    this.plot?.destroy();
    this.plot = null;
    this.setData(data);
  }

  /** Drawn points of every y series (for tests and the debug handle); empty before the first draw. */
  seriesPoints(): { label: string; points: number }[] {
    const plot = this.plot;
    if (!plot) return [];
    return plot.series.slice(1).map((series, i) => {
      const ys = plot.data[i + 1] ?? [];
      let n = 0;
      for (let k = 0; k < ys.length; k++) if (ys[k] !== null && ys[k] !== undefined) n++;
      return { label: String(series.label ?? ''), points: n };
    });
  }

  get id(): string {
    return this.spec.id;
  }

  get uplot(): uPlot | null {
    return this.plot;
  }

  destroy(): void {
    this.observer.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  private size(): { width: number; height: number } | null {
    const width = Math.floor(this.body.clientWidth);
    if (width < 40) return null;
    return { width, height: this.spec.height ?? 150 };
  }

  private ensurePlot(): uPlot | null {
    if (this.plot) return this.plot;
    const size = this.size();
    if (!size) return null;
    this.plot = new uPlot({ ...this.spec.options, ...size }, this.data, this.body);
    this.dirty = false;
    return this.plot;
  }

  private fit(): void {
    const size = this.size();
    if (!size) return;
    if (!this.plot) {
      this.ensurePlot();
      return;
    }
    if (this.plot.width !== size.width || this.plot.height !== size.height) this.plot.setSize(size);
  }
}
