// The cost panel's two drawings on the world: the cost heat map (asked of the worker when the goal,
// the layout or the cost changes, debounced, and now and then while the model learns) and the plan
// divergence marker (a plan's imagined path against where the agent really went). Runs once per
// frame after the simulation step; draws only when something changed.
import Phaser from 'phaser';
import type { ArenaTransform } from '../view/arena-transform';
import { CostHeatmapLayer } from '../view/cost-heatmap';
import type { ViewHandle } from '../view/create-game';
import { type Divergence, DivergenceTracker, divergenceAlpha, drawDivergence } from '../view/divergence';
import type { AgentController } from './agent-controller';
import { costKeyOf } from './cost-panel-model';
import type { Settings } from './settings';
import type { SimDriver } from './sim-driver';

/** Quiet time after the last change before the map is asked for: a dragged slider asks once. */
const DEBOUNCE_MS = 350;
/** While learning the weights move: the map is refreshed this often even if nothing else changed. */
const REFRESH_MS = 15_000;
const RETRY_MS = 1500;
/** Cells per metre (capped): 20 x 20 on the built-in 10 x 10 arenas, about 0.3 s in the worker. */
const CELLS_PER_METRE = 2;
const MAX_CELLS = 32;

export interface HeatmapInfo {
  shown: boolean;
  /** Maps received from the worker since the page opened. */
  maps: number;
  cols: number;
  rows: number;
  ms: number;
  /** Finite cells and their cost range, for tests and the console. */
  cells: number;
  min: number;
  max: number;
  error: string | null;
  /** The latest place the imagined and the real path parted: world step of the plan, and j steps later. */
  divergence: { planStep: number; splitAt: number } | null;
}

export class CostOverlays {
  private readonly heatmap: CostHeatmapLayer;
  private readonly divergenceGfx: Phaser.GameObjects.Graphics;
  private readonly tracker = new DivergenceTracker();
  private drawnSplit: Divergence | null = null;
  private drawnTransform: ArenaTransform | null = null;
  private offered: object | null = null;
  private wanted = '';
  private shown = '';
  private changedAt = 0;
  private fetchedAt = 0;
  private inFlight = false;
  private retryAt = 0;
  readonly info: HeatmapInfo = {
    shown: false,
    maps: 0,
    cols: 0,
    rows: 0,
    ms: 0,
    cells: 0,
    min: Number.NaN,
    max: Number.NaN,
    error: null,
    divergence: null,
  };

  constructor(
    private readonly view: ViewHandle,
    private readonly agent: AgentController,
    private readonly driver: SimDriver,
    private readonly settings: () => Settings,
  ) {
    this.heatmap = new CostHeatmapLayer(view.scene);
    // Above the ghost trails (depth 1), below the actors (2).
    this.divergenceGfx = view.scene.add.graphics().setDepth(1.5);
    view.game.events.on(Phaser.Core.Events.POST_STEP, () => this.frame());
  }

  /** One line for the panel. */
  get note(): string {
    const i = this.info;
    if (!this.settings().heatmap)
      return 'Heat map off (M): the cost of being at each spot, as the agent sees it.';
    if (i.error) return `Heat map: ${i.error}`;
    if (!i.shown) return 'Heat map: waiting for the agent…';
    return `Heat map: cost of being at each of ${i.cols} x ${i.rows} cells (dark: cheap, bright: dear), ${i.ms.toFixed(0)} ms in the worker.`;
  }

  private frame(): void {
    const t = this.view.scene.arenaTransform;
    if (!t) return;
    this.followPlan(t);
    this.followHeatmap(t);
  }

  private followPlan(t: ArenaTransform): void {
    const d = this.driver;
    const episode = d.episodeRevision;
    const plan = this.agent.plan;
    const at = this.agent.planAt;
    const now = { episode, step: d.info.step };
    if (plan && at && plan !== this.offered) {
      this.offered = plan;
      const steps = plan.H + 1;
      const imagined = [];
      for (let j = 0; j < steps; j++) {
        const o = (plan.chosen * steps + j) * 2;
        imagined.push({ x: plan.trajectories[o]!, y: plan.trajectories[o + 1]! });
      }
      this.tracker.offer({ episode: at.episode, step: at.step, imagined }, now);
    }
    if (!plan) this.tracker.clear();
    this.tracker.observe(episode, now.step, d.info.position);
    const split = this.tracker.lastSplit;
    const splitStep = split && split.splitAt !== null ? split.plan.step + split.splitAt : null;
    this.info.divergence =
      split && split.splitAt !== null ? { planStep: split.plan.step, splitAt: split.splitAt } : null;
    // Steps since the split, in whole steps: the drawing fades with it and is redrawn once per step.
    const age = splitStep === null ? 0 : Math.max(0, now.step - splitStep);
    const drawn = `${split?.real.length}:${age}`;
    if (split !== this.drawnSplit || t !== this.drawnTransform || drawn !== this.drawnState) {
      drawDivergence(this.divergenceGfx, split, t, divergenceAlpha(age));
      this.drawnSplit = split;
      this.drawnTransform = t;
      this.drawnState = drawn;
    }
  }

  private drawnState = '';

  private followHeatmap(t: ArenaTransform): void {
    const s = this.settings();
    this.heatmap.layout(t);
    if (!s.heatmap || this.agent.state !== 'running') {
      if (this.info.shown) {
        this.heatmap.show(null);
        this.info.shown = false;
      }
      this.shown = '';
      return;
    }
    const d = this.driver;
    const goal = d.info.goal;
    const key = `${costKeyOf(s)}|${d.episodeRevision}|${d.layoutRevision}|${goal.x.toFixed(2)},${goal.y.toFixed(2)}`;
    const now = performance.now();
    if (key !== this.wanted) {
      this.wanted = key;
      this.changedAt = now;
    }
    const stale = key !== this.shown || (s.learn && now - this.fetchedAt > REFRESH_MS);
    if (!stale || this.inFlight || now - this.changedAt < DEBOUNCE_MS || now < this.retryAt) return;
    void this.fetch(key, t);
  }

  private async fetch(key: string, t: ArenaTransform): Promise<void> {
    this.inFlight = true;
    this.fetchedAt = performance.now();
    const cols = Math.min(MAX_CELLS, Math.max(4, Math.round(t.arena.width * CELLS_PER_METRE)));
    const rows = Math.min(MAX_CELLS, Math.max(4, Math.round(t.arena.height * CELLS_PER_METRE)));
    try {
      const map = await this.agent.costMap(cols, rows);
      // The setting may have been switched off while the worker was busy.
      if (!this.settings().heatmap) return;
      this.heatmap.show(map);
      this.shown = key;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let cells = 0;
      for (const v of map.values) {
        if (!Number.isFinite(v)) continue;
        cells++;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      Object.assign(this.info, { shown: true, cols, rows, ms: map.ms, cells, min, max, error: null });
      this.info.maps++;
    } catch (e) {
      this.info.error = (e as Error).message;
      this.retryAt = performance.now() + RETRY_MS;
    } finally {
      this.inFlight = false;
    }
  }
}
