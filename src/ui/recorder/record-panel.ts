// The side column's "Record" panel: how to record (mode, size, frame rate, quality, container,
// length), the record/stop and cancel buttons, and while recording the elapsed time, file size
// and frames. The form is read and checked only when a recording starts.
import { captionHeight } from '../../view/capture-compose';
import { button, h, panel, setText } from '../dom';
import {
  bitrateFor,
  type Checked,
  CONTAINER_CHOICES,
  checkRecordOptions,
  evenFloor,
  FRAME_RATES,
  QUALITY_BPP,
  RECORD_MODES,
  RESOLUTIONS,
  type Resolution,
} from './options';
import type { RecorderProgress } from './recorder';

export interface RecordPanelActions {
  /** Start when idle, else stop and save. */
  toggle(): void;
  cancel(): void;
}

const MODE_LABEL = { 'frame-exact': 'Frame-exact (smooth; waits for the planner)', 'real-time': 'Real time' };
const SIZE_LABEL: Record<Resolution, string> = {
  canvas: 'Canvas size',
  '480p': '854 × 480',
  '720p': '1280 × 720',
  '1080p': '1920 × 1080',
};
const CONTAINER_LABEL = { auto: 'Best available', mp4: 'MP4 (H.264)', webm: 'WebM (VP9)' };
const PROGRESS_EVERY_MS = 250;

export class RecordPanel {
  private readonly mode: HTMLSelectElement;
  private readonly size: HTMLSelectElement;
  private readonly fps: HTMLSelectElement;
  private readonly quality: HTMLSelectElement;
  private readonly container: HTMLSelectElement;
  private readonly length: HTMLInputElement;
  private readonly record: HTMLButtonElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly status: HTMLOutputElement;
  private readonly rate: HTMLElement;
  private readonly error: HTMLElement;
  private timer = 0;

  constructor(
    root: HTMLElement,
    actions: RecordPanelActions,
    private readonly sceneSize: () => { width: number; height: number },
    private readonly progress: () => RecorderProgress,
  ) {
    const select = (id: string, title: string, options: [string, string][], value: string) => {
      const el = h(
        'select',
        { id, title },
        ...options.map(([v, label]) => h('option', { attrs: { value: v } }, label)),
      );
      el.value = value;
      el.addEventListener('change', () => {
        this.showRate();
        el.blur();
      });
      return el;
    };
    this.mode = select(
      'rec-mode',
      'Recording mode',
      RECORD_MODES.map((m) => [m, MODE_LABEL[m]]),
      'frame-exact',
    );
    this.size = select(
      'rec-size',
      'Video size in pixels (the caption strip is inside it)',
      (Object.keys(RESOLUTIONS) as Resolution[]).map((r) => [r, SIZE_LABEL[r]]),
      '720p',
    );
    this.fps = select(
      'rec-fps',
      'Frames per second',
      FRAME_RATES.map((f) => [String(f), `${f} fps`]),
      '30',
    );
    this.quality = select(
      'rec-quality',
      'Quality (bitrate)',
      Object.keys(QUALITY_BPP).map((q) => [q, q]),
      'medium',
    );
    this.container = select(
      'rec-container',
      'File type; "best available" asks the browser which it can encode',
      CONTAINER_CHOICES.map((c) => [c, CONTAINER_LABEL[c]]),
      'auto',
    );
    this.length = h('input', {
      id: 'rec-length',
      type: 'number',
      title: 'Stop by itself after this many seconds of video (0: until stopped)',
      attrs: { min: '0', max: '3600', step: 'any', value: '0', inputmode: 'decimal' },
    });
    this.length.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') this.length.blur();
    });
    this.record = button('● Record', () => actions.toggle(), {
      id: 'record',
      class: 'primary record',
      title: 'Record the scene to a video file (V)',
    });
    this.cancelButton = button('Cancel', () => actions.cancel(), {
      id: 'rec-cancel',
      title: 'Stop and throw the recording away',
      hidden: true,
    });
    this.status = h('output', { id: 'rec-status', class: 'rec-status', attrs: { 'aria-live': 'polite' } });
    this.rate = h('span', { class: 'muted', id: 'rec-rate' });
    this.error = h('div', { class: 'field-error', id: 'rec-error', role: 'alert', hidden: true });
    const field = (label: string, el: HTMLElement) =>
      h('label', { class: 'field' }, h('span', {}, label), el);
    root.append(
      panel(
        'Record',
        'panel-record',
        field('Mode', this.mode),
        field('Size', this.size),
        h('div', { class: 'row' }, this.fps, this.quality),
        field('File', this.container),
        field('Length (s, 0 = until stopped)', this.length),
        this.error,
        h('div', { class: 'row' }, this.record, this.cancelButton),
        this.status,
        this.rate,
      ),
    );
    this.showRate();
  }

  /** The form as recording options, checked; every bad field is named. */
  read(): Checked {
    const res = this.size.value as Resolution;
    const preset = Object.hasOwn(RESOLUTIONS, res) ? RESOLUTIONS[res] : undefined;
    let width: number;
    let height: number;
    if (preset === null) {
      const s = this.sceneSize();
      width = evenFloor(s.width);
      height = evenFloor(s.height + captionHeight(s.height));
    } else if (preset === undefined) {
      width = Number.NaN;
      height = Number.NaN;
    } else {
      [width, height] = preset;
    }
    const text = this.length.value.trim();
    const checked = checkRecordOptions({
      mode: this.mode.value,
      width,
      height,
      fps: Number(this.fps.value),
      quality: this.quality.value,
      container: this.container.value,
      stopAfter: text === '' ? 0 : Number(text),
    });
    this.error.hidden = checked.ok;
    this.error.textContent = checked.ok ? '' : checked.problems.join('; ');
    return checked;
  }

  /** A message under the form (e.g. the last file saved), shown until the next recording. */
  say(text: string): void {
    setText(this.status, text);
  }

  /** Call when a recording starts or ends: the form locks, and progress is shown while it runs. */
  refresh(): void {
    const p = this.progress();
    const busy = p.phase !== 'idle';
    for (const el of [this.mode, this.size, this.fps, this.quality, this.container, this.length])
      el.disabled = busy;
    this.record.textContent = busy ? '■ Stop and save' : '● Record';
    this.record.setAttribute('aria-pressed', String(busy));
    this.record.disabled = p.phase === 'finishing' || p.phase === 'starting';
    this.cancelButton.hidden = !busy;
    if (busy && this.timer === 0) {
      this.timer = window.setInterval(() => this.refresh(), PROGRESS_EVERY_MS);
    } else if (!busy && this.timer !== 0) {
      window.clearInterval(this.timer);
      this.timer = 0;
    }
    if (busy) setText(this.status, describeProgress(p));
  }

  private showRate(): void {
    const c = this.read();
    if (!c.ok) return;
    const mbps = bitrateFor(c.options) / 1e6;
    setText(this.rate, `${c.options.width} × ${c.options.height} · about ${mbps.toFixed(1)} Mbit/s`);
  }
}

export function describeProgress(p: RecorderProgress): string {
  if (p.phase === 'starting') return 'Starting the encoder…';
  if (p.phase === 'finishing') return `Finishing ${p.format}…`;
  const parts = [
    `● ${clock(p.wallSeconds)}`,
    formatBytes(p.bytes),
    `${p.frames} frames (${p.videoSeconds.toFixed(1)} s of video)`,
    p.format,
    p.mode ?? '',
  ];
  return parts.filter(Boolean).join(' · ') + (p.note ? ` — ${p.note}` : '');
}

export function clock(seconds: number): string {
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
