// User-written cost terms (docs/formulas.md): one row per formula slot with a switch, the text, a
// weight and a remove button. Typing is checked at once by the page's parser (no tfjs here) and a
// problem is shown under the text at its column; a formula is committed (to the link and the
// worker) only when it parses, on Enter or leaving the field. The worker compiles and probes it;
// if it refuses, its message is shown the same way and the last good formula keeps planning.
import type { FormulaTermStatus } from '../../workers/agent-api';
import { type FormulaError, FUNCTIONS, quantityNames } from '../agent/plan/formula/language';
import { FORMULA_SLOTS, type FormulaSlot } from './cost-panel-model';
import { button, h, setText } from './dom';
import { formulaError } from './formula-editor-check';
import type { Settings } from './settings';

export interface FormulaEditorActions {
  changeMany(patch: Partial<Settings>): void;
}

/** A few formulas from docs/formulas.md, to start from. */
export const FORMULA_EXAMPLES: readonly { label: string; source: string }[] = [
  { label: 'keep 0.5 m off walls', source: 'relu(0.5 - wallDist)^2' },
  { label: 'avoid the left side', source: 'relu(3 - x)^2' },
  { label: 'slow near the goal', source: 'speed * exp(-goalPosDist)' },
  { label: 'never enter hazards', source: 'hazard^2 * 10' },
  { label: 'prefer moving right', source: '-vx' },
];

const WEIGHT_MAX = 10;

interface Row {
  slot: FormulaSlot;
  el: HTMLElement;
  input: HTMLInputElement;
  on: HTMLInputElement;
  weight: HTMLInputElement;
  weightOut: HTMLOutputElement;
  share: HTMLElement;
  error: HTMLElement;
  note: HTMLElement;
  /** Text typed but not committed (it does not parse, or is being edited); null: shows the setting. */
  draft: string | null;
  /** The setting's value when the draft was started: a new value from a link drops the draft. */
  draftBase: string;
  /** Shown while empty after "add formula". */
  open: boolean;
}

export class FormulaEditor {
  private readonly rows: Row[];
  private readonly add: HTMLButtonElement;
  private readonly examples: HTMLSelectElement;
  private settings: Settings | null = null;

  constructor(
    root: HTMLElement,
    private readonly actions: FormulaEditorActions,
  ) {
    this.rows = FORMULA_SLOTS.map((slot) => this.row(slot));
    this.add = button('+ formula', () => this.openSlot(), {
      id: 'formula-add',
      title: 'Add a cost term written as a formula',
    });
    this.examples = h(
      'select',
      { id: 'formula-examples', title: 'Start from an example' },
      h('option', { attrs: { value: '' } }, 'example…'),
      ...FORMULA_EXAMPLES.map((e) => h('option', { attrs: { value: e.source } }, `${e.label}: ${e.source}`)),
    );
    this.examples.addEventListener('change', () => {
      const source = this.examples.value;
      this.examples.value = '';
      this.examples.blur();
      const free = this.rows.find((r) => !this.used(r));
      if (source && free) this.actions.changeMany({ [free.slot.id]: source, [free.slot.on]: true });
    });
    root.append(
      h(
        'div',
        { class: 'formula-head' },
        h('span', { class: 'cost-share-title' }, 'Your terms'),
        h(
          'details',
          { class: 'formula-doc' },
          h('summary', {}, 'language'),
          h('p', {}, `names: ${quantityNames().join(' ')}`),
          h('p', {}, `functions: ${Object.keys(FUNCTIONS).join(' ')}`),
          h(
            'p',
            {},
            'operators: + - * / ^, < <= > >= == != (smooth), && || !, c ? a : b. See docs/formulas.md.',
          ),
        ),
      ),
      ...this.rows.map((r) => r.el),
      h('div', { class: 'formula-actions' }, this.add, this.examples),
    );
  }

  update(
    s: Settings,
    statuses: readonly FormulaTermStatus[],
    breakdown: Record<string, number> | null,
  ): void {
    this.settings = s;
    const total = breakdown
      ? Object.values(breakdown).reduce((a, v) => a + (Number.isFinite(v) ? Math.abs(v) : 0), 0)
      : 0;
    for (const r of this.rows) {
      const { slot } = r;
      const value = s[slot.id];
      if (r.draft !== null && value !== r.draftBase) r.draft = null;
      const used = this.used(r);
      r.el.hidden = !used;
      if (!used) continue;
      if (document.activeElement !== r.input) {
        const text = r.draft ?? value;
        if (r.input.value !== text) r.input.value = text;
      }
      r.on.checked = s[slot.on];
      if (document.activeElement !== r.weight) r.weight.value = String(Math.min(WEIGHT_MAX, s[slot.weight]));
      setText(r.weightOut, s[slot.weight].toFixed(2));
      const part = breakdown?.[slot.id];
      setText(
        r.share,
        part !== undefined && total > 0 ? `${((Math.abs(part) / total) * 100).toFixed(1)}%` : '',
      );
      const status = statuses.find((x) => x.id === slot.id);
      // The page's own parse of what is typed comes first; then the worker's verdict on what was sent.
      const typed = r.draft ?? value;
      const local = formulaError(typed);
      if (local) this.showError(r, typed, local);
      else if (r.draft === null && status?.error) this.showError(r, value, status.error);
      else this.showError(r, typed, null);
      const note =
        status && status.active !== null && status.active !== value
          ? `planning with the last good formula: ${status.active}`
          : status && status.active === null && status.error
            ? 'not planning with this term until it is fixed'
            : r.draft !== null && !local
              ? 'Enter to apply'
              : '';
      setText(r.note, note);
    }
    this.add.disabled = this.rows.every((r) => this.used(r));
    this.examples.disabled = this.add.disabled;
  }

  private used(r: Row): boolean {
    return r.open || r.draft !== null || (this.settings?.[r.slot.id] ?? '') !== '';
  }

  private openSlot(): void {
    const free = this.rows.find((r) => !this.used(r));
    if (!free) return;
    free.open = true;
    free.el.hidden = false;
    free.input.focus();
  }

  private row(slot: FormulaSlot): Row {
    const input = h('input', {
      id: `formula-${slot.id}`,
      type: 'text',
      class: 'formula-input',
      title:
        'A formula over x, y, vx, vy, speed, goalDist, goalPosDist, wallDist, hazard, ax, ay, dax, day, t',
      attrs: {
        spellcheck: 'false',
        autocomplete: 'off',
        maxlength: '500',
        placeholder: 'e.g. relu(0.5 - wallDist)^2',
      },
    });
    const on = h('input', { type: 'checkbox', id: `formula-${slot.id}-on`, title: 'On / off' });
    const weight = h('input', {
      type: 'range',
      id: `formula-${slot.id}-weight`,
      title: 'Weight',
      attrs: { min: '0', max: String(WEIGHT_MAX), step: '0.01' },
    });
    const weightOut = h('output', { class: 'formula-weight' });
    const share = h('span', { class: 'formula-share', title: "Share of the last plan's cost" });
    const error = h('div', {
      class: 'formula-error',
      id: `formula-${slot.id}-error`,
      role: 'alert',
      hidden: true,
    });
    const note = h('div', { class: 'formula-note' });
    const remove = button('×', () => this.remove(r), {
      class: 'formula-remove',
      title: 'Remove this term',
      aria: { label: `Remove formula ${slot.id}` },
    });
    const el = h(
      'div',
      { class: 'formula-row', dataset: { slot: slot.id }, hidden: true },
      h('div', { class: 'formula-line' }, on, input, remove),
      h(
        'div',
        { class: 'formula-line formula-sub' },
        h('span', { class: 'muted' }, 'weight'),
        weight,
        weightOut,
        share,
      ),
      error,
      note,
    );
    const r: Row = {
      slot,
      el,
      input,
      on,
      weight,
      weightOut,
      share,
      error,
      note,
      draft: null,
      draftBase: '',
      open: false,
    };
    input.addEventListener('input', () => {
      if (r.draft === null) r.draftBase = this.settings?.[slot.id] ?? '';
      r.draft = input.value;
      const problem = formulaError(input.value);
      this.showError(r, input.value, problem);
      input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    });
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.commit(r);
      else if (ev.key === 'Escape') {
        r.draft = null;
        input.value = this.settings?.[slot.id] ?? '';
        input.blur();
      }
    });
    input.addEventListener('change', () => this.commit(r));
    on.addEventListener('change', () => {
      this.actions.changeMany({ [slot.on]: on.checked });
      on.blur();
    });
    weight.addEventListener('input', () => this.actions.changeMany({ [slot.weight]: Number(weight.value) }));
    weight.addEventListener('change', () => weight.blur());
    return r;
  }

  /** Sends the typed formula when it parses; otherwise it stays a draft with its error shown. */
  private commit(r: Row): void {
    const text = r.input.value.trim();
    if (formulaError(text)) return;
    r.draft = null;
    r.open = text === '' ? r.open : false;
    r.input.setAttribute('aria-invalid', 'false');
    if (text !== (this.settings?.[r.slot.id] ?? '')) this.actions.changeMany({ [r.slot.id]: text });
  }

  private remove(r: Row): void {
    r.draft = null;
    r.open = false;
    this.actions.changeMany({ [r.slot.id]: '', [r.slot.weight]: 1, [r.slot.on]: true });
  }

  /** The source with the offending span marked and a caret line under it, then the message. */
  private showError(r: Row, src: string, error: FormulaError | null): void {
    if (!error) {
      if (!r.error.hidden) {
        r.error.hidden = true;
        r.error.replaceChildren();
      }
      r.input.classList.remove('formula-invalid');
      return;
    }
    const start = Math.max(0, Math.min(src.length, error.start));
    const end = Math.max(start + 1, Math.min(src.length + 1, error.end));
    const key = `${src}\u0000${error.message}`;
    r.input.classList.add('formula-invalid');
    if (r.error.dataset['key'] === key && !r.error.hidden) return;
    r.error.dataset['key'] = key;
    r.error.dataset['start'] = String(start);
    r.error.hidden = false;
    r.error.replaceChildren(
      h(
        'pre',
        { class: 'formula-source' },
        src.slice(0, start),
        h('mark', { class: 'formula-bad' }, src.slice(start, end) || ' '),
        src.slice(end),
        '\n',
        h(
          'span',
          { class: 'formula-caret' },
          `${' '.repeat(start)}^${'~'.repeat(Math.max(0, end - start - 1))}`,
        ),
      ),
      h('div', { class: 'formula-message' }, error.message),
    );
  }
}
