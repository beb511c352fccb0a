// The side column's "Planner" panel: actor mode, K, H, iterations, step size, critic and four cost weights.
// Every control is a settings-table row (so it is in the link); the app validates and applies.
import { h, panel } from './dom';
import { AGENT_MODES, SETTINGS, type Settings } from './settings';
import { checkSetting } from './settings-codec';

export type PlannerKey =
  | 'agent'
  | 'mode'
  | 'K'
  | 'H'
  | 'iters'
  | 'lr'
  | 'critic'
  | 'wGoal'
  | 'wHazard'
  | 'wWall'
  | 'wEnergy';
const NUMERIC = ['K', 'H', 'iters', 'lr', 'wGoal', 'wHazard', 'wWall', 'wEnergy'] as const;
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
    this.mode = h(
      'select',
      { id: 'planner-mode', title: SETTINGS.mode.label },
      ...AGENT_MODES.map((m) => h('option', { attrs: { value: m } }, m)),
    );
    this.mode.addEventListener('change', () => {
      const ok = checkSetting('mode', SETTINGS.mode, this.mode.value);
      if (ok.ok) actions.change('mode', ok.value as Settings['mode']);
      this.mode.blur();
    });
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
