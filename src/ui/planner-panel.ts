// The side column's "Planner" panel: actor mode, control rate, K, H, action repeat, iterations, step
// size and critic.
// Cost weights live in the Cost panel only. Every control is a settings-table row (so it is in the
// link); the app validates and applies.
import { CONTROL_RATES } from './control-rate';
import { h, panel } from './dom';
import { AGENT_MODES, SETTINGS, type Settings } from './settings';
import { checkSetting } from './settings-codec';

export type PlannerKey = 'agent' | 'mode' | 'rate' | 'K' | 'H' | 'repeat' | 'iters' | 'lr' | 'critic';
const NUMERIC = ['K', 'H', 'repeat', 'iters', 'lr'] as const;
type NumericKey = (typeof NUMERIC)[number];

export interface PlannerActions {
  change<K extends PlannerKey>(key: K, value: Settings[K]): void;
}

export interface PlannerView {
  settings: Settings;
  /** Chosen plan's cost split by term, and its total. */
  breakdown: Record<string, number> | null;
  planMs: number;
}

export class PlannerPanel {
  private readonly numbers = new Map<NumericKey, HTMLInputElement>();
  private readonly mode: HTMLSelectElement;
  private readonly rate: HTMLSelectElement;
  private readonly agent: HTMLInputElement;
  private readonly critic: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly breakdown: HTMLElement;

  constructor(root: HTMLElement, actions: PlannerActions) {
    this.error = h('div', { class: 'field-error', id: 'planner-error', role: 'alert', hidden: true });
    const fail = (problem: string | null) => {
      this.error.hidden = problem === null;
      this.error.textContent = problem ?? '';
    };
    const check = (id: string, key: 'agent' | 'critic') => {
      const input = h('input', { id, type: 'checkbox' });
      input.addEventListener('change', () => {
        actions.change(key, input.checked);
        input.blur();
      });
      return input;
    };
    this.agent = check('agent-toggle', 'agent');
    this.critic = check('critic-toggle', 'critic');
    const choice = <K extends 'mode' | 'rate'>(
      key: K,
      options: readonly string[],
      text: (o: string) => string,
    ) => {
      const select = h(
        'select',
        { id: `planner-${key}`, title: SETTINGS[key].label },
        ...options.map((o) => h('option', { attrs: { value: o } }, text(o))),
      );
      select.addEventListener('change', () => {
        const ok = checkSetting(key, SETTINGS[key], select.value);
        if (ok.ok) actions.change(key, ok.value as Settings[K]);
        select.blur();
      });
      return select;
    };
    this.mode = choice('mode', AGENT_MODES, (m) => m);
    // Between decisions the plan is played in order (src/ui/control-rate.ts).
    this.rate = choice('rate', CONTROL_RATES, (r) => (r === 'max' ? 'as fast as it plans' : `${r} Hz`));
    this.rate.title = 'Decisions per second of world time; between two, the plan plays in order';
    const fields = NUMERIC.map((key) => {
      const spec = SETTINGS[key];
      const input = h('input', {
        id: `planner-${key}`,
        type: 'number',
        title: spec.label,
        attrs: { min: String(spec.min), max: String(spec.max), step: spec.kind === 'int' ? '1' : 'any' },
      });
      input.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter') input.blur();
      });
      input.addEventListener('change', () => {
        const text = input.value.trim();
        const ok = checkSetting(key, spec, text === '' ? Number.NaN : Number(text));
        if (!ok.ok) {
          fail(ok.problem);
          return;
        }
        fail(null);
        actions.change(key, ok.value as number);
      });
      this.numbers.set(key, input);
      return h('label', { class: 'field' }, h('span', {}, spec.label), input);
    });
    this.breakdown = h('div', { class: 'plan-breakdown', id: 'plan-breakdown' });
    root.append(
      panel(
        'Planner',
        'panel-planner',
        h(
          'div',
          { class: 'row' },
          h('label', { class: 'check' }, this.agent, ' Agent drives'),
          h('label', { class: 'check' }, this.critic, ' Critic'),
        ),
        h('label', { class: 'field' }, h('span', {}, SETTINGS.mode.label), this.mode),
        h('label', { class: 'field' }, h('span', {}, SETTINGS.rate.label), this.rate),
        h('div', { class: 'grid-fields' }, ...fields),
        this.error,
        this.breakdown,
      ),
    );
  }

  update(v: PlannerView): void {
    const s = v.settings;
    this.agent.checked = s.agent;
    this.critic.checked = s.critic;
    if (document.activeElement !== this.mode) this.mode.value = s.mode;
    if (document.activeElement !== this.rate) this.rate.value = s.rate;
    for (const [key, input] of this.numbers) {
      if (document.activeElement !== input && input.value !== String(s[key])) input.value = String(s[key]);
    }
    const b = v.breakdown;
    const text = b
      ? `${Object.entries(b)
          .filter(([, x]) => Math.abs(x) > 1e-4)
          .map(([k, x]) => `${k} ${x.toFixed(2)}`)
          .join(' · ')}  (${v.planMs.toFixed(0)} ms)`
      : 'no plan yet';
    if (this.breakdown.textContent !== text) this.breakdown.textContent = text;
  }
}
