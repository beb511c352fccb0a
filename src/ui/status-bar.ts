// The strip under the canvas: what is running and how fast. Refreshed a few times a second, and
// each field's text is only touched when it changes.
import type { RendererDecision } from '../view/renderer-choice';
import { h, setText } from './dom';

export interface StatusValues {
  scenario: string;
  seed: number;
  episode: number;
  step: number;
  maxSteps: number;
  successes: number;
  episodesDone: number;
  speed: string;
  paused: boolean;
  fps: number;
  stepsPerSecond: number;
}

type Field = 'scenario' | 'seed' | 'episode' | 'step' | 'successes' | 'speed' | 'fps' | 'draw';

export class StatusBar {
  private readonly fields = new Map<Field, HTMLElement>();

  constructor(root: HTMLElement) {
    const item = (key: Field, label: string) => {
      const value = h('b', { dataset: { field: key } });
      this.fields.set(key, value);
      return h('span', { class: 'status-item' }, h('span', { class: 'muted' }, label), value);
    };
    root.replaceChildren(
      item('scenario', 'scenario'),
      item('seed', 'seed'),
      item('episode', 'episode'),
      item('step', 'step'),
      item('successes', 'reached'),
      item('speed', 'speed'),
      item('fps', 'fps'),
      item('draw', 'drawn with'),
    );
  }

  /** Which renderer draws the world; hovering it says why (src/view/renderer-choice.ts). */
  setDrawing(d: RendererDecision): void {
    const field = this.fields.get('draw')!;
    setText(field, d.type === 'webgl' ? 'WebGL' : 'Canvas 2D');
    field.title = d.why;
    field.dataset['software'] = d.software ?? '';
  }

  update(v: StatusValues): void {
    const set = (k: Field, text: string) => setText(this.fields.get(k)!, text);
    set('scenario', v.scenario);
    set('seed', String(v.seed));
    set('episode', String(v.episode));
    set('step', `${v.step} / ${v.maxSteps}`);
    set('successes', `${v.successes} of ${v.episodesDone}`);
    const speed = v.speed === 'max' ? 'max' : `${v.speed}×`;
    set('speed', v.paused ? `paused (${speed})` : `${speed} · ${Math.round(v.stepsPerSecond)} steps/s`);
    set('fps', String(Math.round(v.fps)));
  }
}
