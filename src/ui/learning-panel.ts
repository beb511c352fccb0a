// The side column's "Learning" panel: what the worker's learner is doing (memory, steps, rate, loss
// terms) and the switches and files that change it: a shipped checkpoint to start from, a reset to
// fresh weights, files. All numbers come from AgentStatus.
import { type AgentStatus, LEARNING_PACES } from '../../workers/agent-api';
import { button, h, panel, setText } from './dom';
import { SHIPPED_CHECKPOINTS } from './shipped-checkpoints';

export interface LearningActions {
  setLearning(on: boolean): void;
  /** While acting: one learning step per this many plans (a LEARNING_PACES choice). */
  setPace(pace: string): void;
  setPractice(on: boolean): void;
  download(): void;
  upload(file: File): void;
  /** A trained critic file (npm run train:critic, "jepa-critic/1" JSON). */
  uploadCritic(file: File): void;
  saveLocal(): void;
  restoreLocal(): void;
  /** The `ckpt` setting: 'auto', 'none' or a shipped checkpoint's name. */
  pickCheckpoint(choice: string): void;
  /** Fresh random weights (the app asks for confirmation first). */
  resetModel(): void;
}

export interface LearningView {
  state: string;
  learn: boolean;
  practice: boolean;
  status: AgentStatus | null;
  checkpoint: string;
  /** The `ckpt` setting in force. */
  choice: string;
  plansPerSecond: number;
  /** The `pace` setting in force. */
  pace: string;
}

type Cell = 'memory' | 'steps' | 'rate' | 'loss' | 'checkpoint' | 'critic' | 'error';

export class LearningPanel {
  private readonly cells = new Map<Cell, HTMLElement>();
  private readonly learn: HTMLInputElement;
  private readonly practice: HTMLInputElement;
  private readonly pick: HTMLSelectElement;
  private readonly pace: HTMLSelectElement;

  constructor(root: HTMLElement, actions: LearningActions) {
    const row = (key: Cell, label: string) => {
      const cell = h('dd', { dataset: { field: key } });
      this.cells.set(key, cell);
      return [h('dt', {}, label), cell];
    };
    const toggle = (id: string, label: string, on: (v: boolean) => void) => {
      const input = h('input', { id, type: 'checkbox' });
      input.addEventListener('change', () => {
        on(input.checked);
        input.blur();
      });
      return { input, el: h('label', { class: 'check' }, input, ` ${label}`) };
    };
    const learn = toggle('learn-toggle', 'Learn continuously', (v) => actions.setLearning(v));
    const practice = toggle('practice-toggle', 'Practice in a hidden world', (v) => actions.setPractice(v));
    this.learn = learn.input;
    this.practice = practice.input;
    const file = filePicker('checkpoint-file', '.ckpt,application/octet-stream', (f) => actions.upload(f));
    const criticFile = filePicker('critic-file', '.json,application/json', (f) => actions.uploadCritic(f));
    this.pick = h(
      'select',
      { id: 'checkpoint-pick', title: 'The weights the agent starts from (in the link as ckpt)' },
      h('option', { attrs: { value: 'auto' } }, 'auto (the scenario’s own)'),
      h('option', { attrs: { value: 'none' } }, 'none (fresh random weights)'),
      ...SHIPPED_CHECKPOINTS.map((c) =>
        h(
          'option',
          { attrs: { value: c.name } },
          `${c.file}${c.critic ? ' + critic' : ''}${c.summary ? ` (${c.summary})` : ''}`,
        ),
      ),
    );
    this.pick.addEventListener('change', () => {
      actions.pickCheckpoint(this.pick.value);
      this.pick.blur();
    });
    this.pace = h(
      'select',
      {
        id: 'learn-pace',
        title:
          'While the agent acts, one learning step per this many plans. A step costs the worker about two plans: more plans per step replan more often, fewer learn faster. (In the link as pace.)',
      },
      ...LEARNING_PACES.map((p) => h('option', { attrs: { value: p } }, `${p} plan${p === '1' ? '' : 's'}`)),
    );
    this.pace.addEventListener('change', () => {
      actions.setPace(this.pace.value);
      this.pace.blur();
    });
    root.append(
      panel(
        'Learning',
        'panel-learning',
        h('div', { class: 'row' }, learn.el, practice.el),
        h('label', { class: 'field' }, h('span', {}, 'Shipped checkpoint'), this.pick),
        h('label', { class: 'field' }, h('span', {}, 'One learning step per'), this.pace),
        h(
          'dl',
          { class: 'readouts' },
          ...row('memory', 'Memory'),
          ...row('steps', 'Training steps'),
          ...row('rate', 'Per second: samples · steps · plans'),
          ...row('loss', 'Last loss'),
          ...row('checkpoint', 'Weights from'),
          ...row('critic', 'Critic'),
          ...row('error', 'Waiting on'),
        ),
        h(
          'div',
          { class: 'row buttons' },
          button('Save file', () => actions.download(), { id: 'checkpoint-save' }),
          button('Load file…', () => file.click(), { id: 'checkpoint-load' }),
          button('Keep in browser', () => actions.saveLocal(), { id: 'checkpoint-idb-save' }),
          button('Restore', () => actions.restoreLocal(), { id: 'checkpoint-idb-load' }),
          button('Load critic…', () => criticFile.click(), { id: 'critic-load' }),
          button('Reset the model…', () => actions.resetModel(), {
            id: 'model-reset',
            title: 'Fresh random weights for the world model, policy and critic (asks first)',
          }),
          file,
          criticFile,
        ),
      ),
    );
  }

  update(v: LearningView): void {
    this.learn.checked = v.learn;
    this.practice.checked = v.practice;
    if (document.activeElement !== this.pick && this.pick.value !== v.choice) this.pick.value = v.choice;
    if (document.activeElement !== this.pace && this.pace.value !== v.pace) this.pace.value = v.pace;
    // The box is narrow: the whole line (the checkpoint's record) shows on hover.
    const title = this.pick.selectedOptions[0]?.textContent ?? '';
    if (this.pick.title !== title) this.pick.title = title;
    const s = v.status;
    const set = (k: Cell, text: string) => setText(this.cells.get(k)!, text);
    if (!s) {
      for (const k of this.cells.keys()) set(k, k === 'checkpoint' ? v.checkpoint : '—');
      set('error', v.state === 'dead' ? 'the worker stopped' : v.state);
      return;
    }
    const pct = s.memory.capacity > 0 ? (100 * s.memory.size) / s.memory.capacity : 0;
    set(
      'memory',
      `${s.memory.size.toLocaleString()} / ${s.memory.capacity.toLocaleString()} frames (${pct.toFixed(0)}%)`,
    );
    set('steps', s.trainSteps.toLocaleString());
    set(
      'rate',
      `${s.samplesPerSecond.toFixed(0)} · ${s.stepsPerSecond.toFixed(1)} · ${v.plansPerSecond.toFixed(1)}`,
    );
    const loss = s.lastLoss;
    set(
      'loss',
      loss
        ? [
            `total ${loss.total.toFixed(3)}`,
            ...Object.entries(loss.terms).map(([k, x]) => `${k} ${x.toFixed(3)}`),
          ].join(' · ')
        : '—',
    );
    set('checkpoint', v.checkpoint);
    const model = s.criticModel;
    // An online critic after a trained one was unloaded (reset, or a checkpoint without one) says so.
    set('critic', model ? (model.kind === 'online' ? `no trained critic; ${model.note}` : model.note) : '—');
    set('error', s.lastError ?? 'nothing');
  }
}

/** A hidden file input (opened by a button) that hands over one file and forgets it, so the same file can come again. */
function filePicker(id: string, accept: string, take: (file: File) => void): HTMLInputElement {
  const input = h('input', { id, type: 'file', hidden: true, attrs: { accept } });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) take(f);
  });
  return input;
}
