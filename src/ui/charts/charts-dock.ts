// The dock beside the world: the module diagram on top, then the live charts. It folds to a thin
// strip (the world view then takes the room). Fed by the app a few times a second; charts redraw
// at most every REDRAW_MS and only when their data changed.
import type { AgentStatus, PredictionCurve } from '../../../workers/agent-api';
import type { PlanResult } from '../../agent/plan/mode2';
import { button, h } from '../dom';
import { ModuleDiagram } from '../module-diagram';
import type { DiagramInput } from '../module-diagram-model';
import type { ChartCard } from './chart-card';
import { EpisodeChart, type EpisodeEnd } from './episode-chart';
import { HorizonChart } from './horizon-chart';
import { LossChart } from './loss-chart';
import { PlanCostChart } from './plan-cost-chart';
import { TimingChart } from './timing-chart';

const REDRAW_MS = 400;
const STORAGE_KEY = 'jepa.dock.collapsed';

export interface DockView {
  now: number;
  status: AgentStatus | null;
  plan: PlanResult | null;
  curve: PredictionCurve | null;
  fps: number;
  diagram: DiagramInput;
}

export class ChartsDock {
  readonly diagram = new ModuleDiagram();
  private readonly loss = new LossChart();
  private readonly horizon = new HorizonChart();
  private readonly planCost = new PlanCostChart();
  private readonly episodes = new EpisodeChart();
  private readonly timing: TimingChart;
  private readonly toggleButton: HTMLButtonElement;
  private lastRedraw = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly root: HTMLElement,
    private readonly win: Window,
  ) {
    this.timing = new TimingChart(win.performance.now());
    this.toggleButton = button('', () => this.setCollapsed(!this.collapsed), {
      id: 'dock-toggle',
      class: 'dock-toggle',
      aria: { controls: 'dock-body' },
    });
    const body = h(
      'div',
      { class: 'dock-body', id: 'dock-body' },
      h(
        'section',
        { class: 'dock-card', aria: { label: 'Modules' } },
        h('h2', {}, 'Modules'),
        this.diagram.el,
      ),
      ...this.cards().map((c) => c.el),
    );
    root.replaceChildren(
      h('div', { class: 'dock-head' }, h('h2', {}, 'Inside the agent'), this.toggleButton),
      body,
    );
    this.setCollapsed(this.readCollapsed());
  }

  get collapsed(): boolean {
    return this.root.dataset['collapsed'] === 'true';
  }

  /** Every chart by id (the debug handle reads their point counts). */
  charts(): ChartCard[] {
    return this.cards();
  }

  setCollapsed(on: boolean): void {
    this.root.dataset['collapsed'] = String(on);
    this.toggleButton.textContent = on ? '›' : '‹';
    this.toggleButton.title = on ? 'Show charts and modules' : 'Hide charts and modules';
    this.toggleButton.setAttribute('aria-expanded', String(!on));
    try {
      this.win.localStorage.setItem(STORAGE_KEY, String(on));
    } catch {
      // Storage may be off (private mode); the dock just opens expanded next time.
    }
    // The world view's size changed: let Phaser's scale manager see it now, not on its next poll.
    this.win.dispatchEvent(new Event('resize'));
    if (!on) this.lastRedraw = Number.NEGATIVE_INFINITY;
  }

  episodeEnded(e: EpisodeEnd): void {
    this.episodes.ended(e);
  }

  worldChanged(): void {
    this.episodes.reset();
  }

  update(v: DockView): void {
    this.loss.update(v.status);
    this.horizon.update(v.curve);
    this.planCost.update(v.plan);
    this.timing.sample(v.now, v.plan?.timing.totalMs ?? null, v.fps);
    if (this.collapsed) return;
    this.diagram.update(v.diagram, v.now);
    if (v.now - this.lastRedraw < REDRAW_MS) return;
    this.lastRedraw = v.now;
    for (const c of this.cards()) c.flush();
  }

  private cards(): ChartCard[] {
    return [this.loss.card, this.horizon.card, this.planCost.card, this.episodes.card, this.timing.card];
  }

  private readCollapsed(): boolean {
    try {
      return this.win.localStorage.getItem(STORAGE_KEY) === 'true';
    } catch {
      return false;
    }
  }
}
