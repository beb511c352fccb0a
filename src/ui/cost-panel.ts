// The side column's "Cost" panel (tweakpane): a preset list, and per built-in term an on/off
// switch, a weight slider and its parameters; under them each term's share of the last plan's cost
// as one stacked bar. Every control is a settings-table row, so the link records it; the app sends
// the changed rows to the worker and the next plan uses them. User formulas: formula-editor.ts.
import type { FormulaTermStatus } from '../../workers/agent-api';
import { COST_KEYS, type CRITIC_COST_KEYS, TERM_ROWS, type TermShare, termShares } from './cost-panel-model';
import { createPane, type TpBinding, type TpList, type TpPane } from './cost-panel-tweakpane';
import {
  COST_PRESET_NAMES,
  COST_PRESETS,
  COST_VALUE_KEYS,
  type CostPresetName,
  type CostValues,
  matchPreset,
  presetValues,
} from './cost-presets';
import { CRITIC_DEFAULTS } from './critic-defaults';
import { h, panel, setText } from './dom';
import { FormulaEditor } from './formula-editor';
import type { Settings } from './settings';

export interface CostPanelActions {
  /** Several rows at once: a preset's values, or one control plus the preset the result matches. */
  changeMany(patch: Partial<Settings>): void;
}

export interface CostPanelView {
  settings: Settings;
  /** The chosen plan's cost split by term id (null before the first plan). */
  breakdown: Record<string, number> | null;
  formulas: readonly FormulaTermStatus[];
  /** One line about the heat map (what it shows, or why it is not there). */
  heatmapNote: string;
  /**
   * Whether a trained temporal-distance critic is loaded: the goalSteps row reads only that one, so
   * without it the row says so instead of silently adding nothing.
   */
  trainedCritic: boolean;
}

/** Colours of the share bar, one per term; formulas take the later ones in slot order. */
const SHARE_COLOURS: Record<string, string> = {
  goal: '#3ddc84',
  goalSteps: '#1fa463',
  hazard: '#ff4d6d',
  wall: '#7a88b8',
  speed: '#ffe66d',
  energy: '#4cc9f0',
  smooth: '#9b8cff',
  critic: '#8a94ab',
  f1: '#f2a93b',
  f2: '#e573d6',
  f3: '#5ee0c2',
  f4: '#d9d46a',
};

type Model = CostValues & Pick<Settings, (typeof CRITIC_COST_KEYS)[number]> & { heatmap: boolean };

export class CostPanel {
  private readonly pane: TpPane;
  private readonly model: Model;
  private readonly preset: TpList<CostPresetName>;
  private readonly presetNote: HTMLElement;
  private readonly switches = new Map<string, TpBinding<boolean>>();
  private readonly sliders = new Map<string, TpBinding<number>[]>();
  private readonly bar: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly heatmapNote: HTMLElement;
  private readonly heatLegend: HTMLElement;
  private readonly formulas: FormulaEditor;
  private syncing = false;
  private settings: Settings | null = null;
  private lastShares = '';

  constructor(root: HTMLElement, actions: CostPanelActions) {
    const host = h('div', { class: 'cost-pane', id: 'cost-pane' });
    this.bar = h('div', { class: 'cost-share-bar', id: 'cost-share-bar', role: 'img' });
    this.legend = h('div', { class: 'cost-share-legend', id: 'cost-shares' }, 'no plan yet');
    this.presetNote = h('p', { class: 'cost-note', id: 'cost-preset-note' });
    this.heatmapNote = h('p', { class: 'cost-note', id: 'heatmap-note' });
    this.heatLegend = h(
      'div',
      { class: 'heat-legend', hidden: true, aria: { hidden: 'true' } },
      h('span', {}, 'cheap'),
      h('i', { class: 'heat-ramp' }),
      h('span', {}, 'dear'),
    );
    const formulaHost = h('div', { class: 'formula-host' });
    root.append(
      panel(
        'Cost',
        'panel-cost',
        host,
        this.presetNote,
        h('div', { class: 'cost-share-title' }, "Share of the last plan's cost"),
        this.bar,
        this.legend,
        formulaHost,
        this.heatLegend,
        this.heatmapNote,
      ),
    );
    this.pane = createPane(host);
    this.model = {
      ...(presetValues('balanced') as CostValues),
      wSteps: CRITIC_DEFAULTS.stepsWeight,
      onSteps: CRITIC_DEFAULTS.stepsOn,
      wSurprise: CRITIC_DEFAULTS.surpriseWeight,
      onSurprise: CRITIC_DEFAULTS.surpriseOn,
      wSeenWall: CRITIC_DEFAULTS.seenWallWeight,
      onSeenWall: CRITIC_DEFAULTS.seenWallOn,
      wRoute: CRITIC_DEFAULTS.routeWeight,
      onRoute: CRITIC_DEFAULTS.routeOn,
      heatmap: false,
    };

    const send = (patch: Partial<Settings>) => {
      if (this.syncing || !this.settings) return;
      const next = { ...this.settings, ...patch };
      const values = Object.fromEntries(COST_VALUE_KEYS.map((k) => [k, next[k]])) as unknown as CostValues;
      actions.changeMany({ ...patch, preset: matchPreset(values) });
    };

    this.preset = this.pane.addBlade<CostPresetName>({
      view: 'list',
      label: 'preset',
      options: COST_PRESET_NAMES.map((name) => ({ text: name, value: name })),
      value: 'balanced',
    });
    this.preset.on('change', (ev) => {
      if (this.syncing) return;
      const values = presetValues(ev.value);
      if (values) actions.changeMany({ ...values, preset: ev.value });
    });

    for (const row of TERM_ROWS) {
      const on = this.pane.addBinding(this.model, row.on, { label: row.label });
      on.on('change', (ev) => send({ [row.on]: ev.value }));
      this.switches.set(row.id, on);
      const weight = this.pane.addBinding(this.model, row.weight, {
        label: 'weight',
        min: 0,
        max: row.max,
        step: row.max / 1000,
        format: formatWeight,
      });
      weight.on('change', (ev) => send({ [row.weight]: roundWeight(ev.value) }));
      const sliders = [weight];
      for (const p of row.params) {
        const b = this.pane.addBinding(this.model, p.key, {
          label: p.label,
          min: p.min,
          max: p.max,
          step: 0.01,
        });
        b.on('change', (ev) => send({ [p.key]: roundWeight(ev.value) }));
        sliders.push(b);
      }
      for (const s of sliders) s.element.classList.add('cost-sub');
      on.element.dataset['key'] = row.on;
      weight.element.dataset['key'] = row.weight;
      row.params.forEach((p, i) => {
        const b = sliders[i + 1];
        if (b) b.element.dataset['key'] = p.key;
      });
      on.element.classList.add('cost-term');
      on.element.dataset['term'] = row.id;
      this.sliders.set(row.id, sliders);
    }
    const heat = this.pane.addBinding(this.model, 'heatmap', { label: 'heat map (M)' });
    heat.on('change', (ev) => {
      if (!this.syncing) actions.changeMany({ heatmap: ev.value });
    });
    heat.element.classList.add('cost-term');
    heat.element.dataset['key'] = 'heatmap';
    this.preset.element.dataset['key'] = 'preset';

    this.formulas = new FormulaEditor(formulaHost, actions);
  }

  update(v: CostPanelView): void {
    const s = v.settings;
    this.settings = s;
    const stale =
      COST_KEYS.some((k) => this.model[k] !== s[k]) ||
      this.model.heatmap !== s.heatmap ||
      this.preset.value !== s.preset;
    if (stale) {
      this.syncing = true;
      try {
        for (const k of COST_KEYS) (this.model as unknown as Record<string, unknown>)[k] = s[k];
        this.model.heatmap = s.heatmap;
        this.preset.value = s.preset;
        this.pane.refresh();
      } finally {
        this.syncing = false;
      }
    }
    for (const row of TERM_ROWS) {
      for (const b of this.sliders.get(row.id) ?? []) if (b.disabled === s[row.on]) b.disabled = !s[row.on];
    }
    setText(
      this.presetNote,
      s.preset === 'custom' ? 'custom: your own mix' : `${s.preset}: ${COST_PRESETS[s.preset].description}`,
    );
    this.showShares(v.breakdown ? termShares(v.breakdown) : null, v.trainedCritic);
    this.formulas.update(s, v.formulas, v.breakdown);
    setText(this.heatmapNote, v.heatmapNote);
    if (this.heatLegend.hidden === s.heatmap) this.heatLegend.hidden = !s.heatmap;
  }

  private showShares(shares: TermShare[] | null, trainedCritic: boolean): void {
    const key = `${trainedCritic} ${shares ? shares.map((x) => `${x.id}:${(x.share * 100).toFixed(0)}`).join(' ') : ''}`;
    if (key === this.lastShares) return;
    this.lastShares = key;
    const byId = new Map((shares ?? []).map((x) => [x.id, x]));
    for (const row of TERM_ROWS) {
      const sw = this.switches.get(row.id);
      const share = byId.get(row.id)?.share ?? 0;
      const base = row.id === 'goalSteps' && !trainedCritic ? `${row.label} · no trained critic` : row.label;
      const label = shares && share >= 0.005 ? `${base} · ${pct(share)}` : base;
      if (sw && sw.label !== label) sw.label = label;
    }
    if (!shares) {
      this.bar.replaceChildren();
      this.legend.replaceChildren('no plan yet');
      return;
    }
    const shown = shares.filter((x) => x.share >= 0.005);
    this.bar.replaceChildren(
      ...shown.map((x) => {
        const seg = h('span', {
          class: 'cost-share',
          title: `${labelOf(x.id)}: ${x.value.toFixed(3)} (${pct(x.share)})`,
          dataset: { term: x.id },
        });
        seg.style.width = `${(x.share * 100).toFixed(2)}%`;
        seg.style.background = SHARE_COLOURS[x.id] ?? '#8a94ab';
        return seg;
      }),
    );
    this.bar.setAttribute('aria-label', shown.map((x) => `${labelOf(x.id)} ${pct(x.share)}`).join(', '));
    this.legend.replaceChildren(
      ...shown.map((x) =>
        h(
          'span',
          { class: 'cost-share-item', dataset: { term: x.id } },
          h('i', { attrs: { style: `background:${SHARE_COLOURS[x.id] ?? '#8a94ab'}` } }),
          `${labelOf(x.id)} ${pct(x.share)}`,
        ),
      ),
    );
  }
}

/** Built-in terms by their panel label; formulas by slot (f1..f4) and the critic by name. */
function labelOf(id: string): string {
  return TERM_ROWS.find((r) => r.id === id)?.label ?? id;
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** Three significant digits: a dragged slider leaves no 0.30000000000000004 in the link. */
function roundWeight(v: number): number {
  return Number(v.toPrecision(3));
}

function formatWeight(v: number): string {
  return v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3);
}
