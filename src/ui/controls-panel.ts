// The side column's "World" and "Run" panels: every control is generated from, and validated by,
// the settings table, and reports changes through ControlActions.
import { button, h, panel } from './dom';
import { SETTINGS, type SettingKey, type Settings, SPEEDS, type Speed } from './settings';
import { checkSetting } from './settings-codec';

export interface ControlActions {
  change<K extends SettingKey>(key: K, value: Settings[K]): void;
  importScenario(file: File): void;
  restart(): void;
  nextEpisode(): void;
  toggleDoors(): void;
  togglePause(): void;
  stepOnce(): void;
}

export interface ControlsState {
  settings: Settings;
  paused: boolean;
  /** Name of a scenario loaded from a file, shown instead of the built-in one. */
  customScenario: string | null;
  doorCount: number;
}

const SPEED_LABEL: Record<Speed, string> = { '1': '1×', '4': '4×', max: 'max' };
const CUSTOM = '__file__';

export class ControlsPanel {
  private readonly scenario: HTMLSelectElement;
  private readonly customOption: HTMLOptionElement;
  private readonly seed: HTMLInputElement;
  private readonly seedError: HTMLElement;
  private readonly pause: HTMLButtonElement;
  private readonly speedButtons: Map<Speed, HTMLButtonElement>;
  private readonly doors: HTMLButtonElement;
  private readonly trail: HTMLInputElement;
  private readonly trailValue: HTMLOutputElement;
  private lastSettings: Settings | null = null;

  constructor(root: HTMLElement, actions: ControlActions) {
    const spec = SETTINGS.scenario;
    this.customOption = h('option', { hidden: true, attrs: { value: CUSTOM } });
    this.scenario = h(
      'select',
      { id: 'scenario', title: 'Built-in scenario' },
      ...spec.options.map((o) => h('option', { attrs: { value: o } }, o)),
      this.customOption,
    );
    this.scenario.addEventListener('change', () => {
      const v = this.scenario.value;
      if (v === CUSTOM) return;
      const ok = checkSetting('scenario', spec, v);
      if (ok.ok) actions.change('scenario', v as Settings['scenario']);
      this.scenario.blur();
    });

    const seedSpec = SETTINGS.seed;
    this.seed = h('input', {
      id: 'seed',
      type: 'number',
      attrs: { min: String(seedSpec.min), max: String(seedSpec.max), step: '1', inputmode: 'numeric' },
    });
    this.seedError = h('div', { class: 'field-error', id: 'seed-error', role: 'alert', hidden: true });
    // Enter commits (the change event follows the blur) and hands the keys back to the world.
    this.seed.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.seed.blur();
    });
    this.seed.addEventListener('change', () => {
      const text = this.seed.value.trim();
      const value = text === '' ? Number.NaN : Number(text);
      const ok = checkSetting('seed', seedSpec, value);
      if (!ok.ok) {
        this.showSeedError(ok.problem.replace('NaN', JSON.stringify(text)));
        return;
      }
      this.showSeedError(null);
      actions.change('seed', value);
    });
    const randomSeed = button('⚄', () => actions.change('seed', Math.floor(Math.random() * 1_000_000)), {
      class: 'icon',
      title: 'A new random seed',
      aria: { label: 'New random seed' },
    });

    const file = h('input', {
      id: 'scenario-file',
      type: 'file',
      class: 'visually-hidden',
      attrs: { accept: '.json,application/json' },
    });
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      file.value = '';
      if (f) actions.importScenario(f);
    });
    const fileLabel = h(
      'label',
      { class: 'button-like', attrs: { for: 'scenario-file' }, title: 'Load a scenario JSON file from disk' },
      'Load scenario file…',
    );

    this.doors = button('Toggle doors', () => actions.toggleDoors(), {
      id: 'doors',
      title: 'Open / close all doors (O)',
    });

    this.pause = button('Pause', () => actions.togglePause(), {
      id: 'pause',
      class: 'primary',
      title: 'Space',
    });
    const step = button('Step', () => actions.stepOnce(), { id: 'step', title: 'One control step (. or N)' });
    this.speedButtons = new Map(
      SPEEDS.map((s, i) => [
        s,
        button(SPEED_LABEL[s], () => actions.change('speed', s), {
          class: 'seg',
          dataset: { speed: s },
          title: `Key ${i + 1}`,
        }),
      ]),
    );

    const trailSpec = SETTINGS.trail;
    this.trail = h('input', {
      id: 'trail',
      type: 'range',
      attrs: { min: String(trailSpec.min), max: String(trailSpec.max), step: '10' },
    });
    this.trailValue = h('output', { attrs: { for: 'trail' } });
    this.trail.addEventListener('input', () => {
      const v = Number(this.trail.value);
      if (checkSetting('trail', trailSpec, v).ok) actions.change('trail', v);
    });

    root.append(
      panel(
        'World',
        'panel-world',
        h('label', { class: 'field' }, h('span', {}, 'Scenario'), this.scenario),
        h(
          'label',
          { class: 'field' },
          h('span', {}, 'Seed'),
          h('span', { class: 'inline' }, this.seed, randomSeed),
        ),
        this.seedError,
        h('div', { class: 'row' }, fileLabel, file),
        h(
          'div',
          { class: 'row' },
          button('Restart', () => actions.restart(), {
            id: 'restart',
            title: 'Back to the seed\u2019s first episode (R)',
          }),
          button('Next episode', () => actions.nextEpisode(), { id: 'next-episode', title: 'E' }),
          this.doors,
        ),
      ),
      panel(
        'Run',
        'panel-run',
        h('div', { class: 'row' }, this.pause, step),
        h(
          'div',
          { class: 'field' },
          h('span', {}, 'Speed'),
          h(
            'div',
            { class: 'segmented', role: 'group', aria: { label: 'Speed' } },
            ...this.speedButtons.values(),
          ),
        ),
        h(
          'label',
          { class: 'field' },
          h('span', {}, 'Trail'),
          h('span', { class: 'inline' }, this.trail, this.trailValue),
        ),
      ),
    );
  }

  render(state: ControlsState): void {
    const s = state.settings;
    if (state.customScenario) {
      this.customOption.hidden = false;
      this.customOption.textContent = `${state.customScenario} (file)`;
      this.scenario.value = CUSTOM;
    } else {
      this.customOption.hidden = true;
      if (this.scenario.value !== s.scenario) this.scenario.value = s.scenario;
    }
    if (this.lastSettings?.seed !== s.seed && document.activeElement !== this.seed) {
      this.seed.value = String(s.seed);
      this.showSeedError(null);
    }
    this.pause.textContent = state.paused ? 'Resume' : 'Pause';
    this.pause.setAttribute('aria-pressed', String(state.paused));
    for (const [speed, b] of this.speedButtons) b.setAttribute('aria-pressed', String(speed === s.speed));
    this.doors.disabled = state.doorCount === 0;
    this.trail.value = String(s.trail);
    this.trailValue.value = String(s.trail);
    this.lastSettings = { ...s };
  }

  private showSeedError(problem: string | null): void {
    this.seedError.hidden = problem === null;
    this.seedError.textContent = problem ?? '';
    this.seed.setAttribute('aria-invalid', String(problem !== null));
  }
}
