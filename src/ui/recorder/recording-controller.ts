// The app's side of recording: the Record panel, the recorder, the V shortcut's toggle, what the
// caption says, and the download. The app hands it the view once the game runs.

import { SceneCapture } from '../../view/capture';
import type { Caption } from '../../view/capture-compose';
import type { ViewHandle } from '../../view/create-game';
import type { Action, Observation, StepInfo } from '../../world/types';
import type { Messages } from '../messages';
import type { SimDriver } from '../sim-driver';
import { encoderChoiceFromQuery } from './frame-sink';
import type { VideoReport } from './inspect';
import { RecordPanel } from './record-panel';
import { Recorder, type RecorderProgress } from './recorder';

export interface RecordingContext {
  driver: SimDriver;
  messages: Messages;
  /** The agent's action for exactly this observation (frame-exact mode waits for it). */
  decide(info: StepInfo, obs: Observation): Promise<Action>;
  scenarioName(): string;
  speed(): string;
  /** The latest plan's total cost, when there is one. */
  planCost(): number | null;
}

/** What the debug handle offers: progress, and reading a file back as a player would. */
export interface RecorderDebug {
  progress(): RecorderProgress;
  inspect(base64: string): Promise<VideoReport>;
}

const IDLE: RecorderProgress = {
  phase: 'idle',
  mode: null,
  frames: 0,
  videoSeconds: 0,
  wallSeconds: 0,
  bytes: 0,
  format: '',
  note: null,
};

export class RecordingController {
  private recorder: Recorder | null = null;
  private view: ViewHandle | null = null;
  private readonly encoder: ReturnType<typeof encoderChoiceFromQuery>;
  readonly panel: RecordPanel;

  constructor(
    private readonly win: Window,
    side: HTMLElement,
    private readonly ctx: RecordingContext,
  ) {
    this.encoder = encoderChoiceFromQuery(win.location.search);
    this.panel = new RecordPanel(
      side,
      { toggle: () => this.toggle(), cancel: () => this.cancel() },
      () => ({ width: this.view?.game.canvas.width ?? 960, height: this.view?.game.canvas.height ?? 640 }),
      () => this.recorder?.progress ?? IDLE,
    );
    if (this.encoder.problem) {
      ctx.messages.show({
        key: 'recorder',
        kind: 'warning',
        title: 'Recording',
        lines: [this.encoder.problem],
      });
    }
  }

  attach(view: ViewHandle): void {
    this.view = view;
    this.recorder = new Recorder({
      game: view.game,
      capture: new SceneCapture(view.game),
      driver: this.ctx.driver,
      decide: (info, obs) => this.ctx.decide(info, obs),
      caption: () => this.caption(),
      speedFactor: () => (this.ctx.speed() === '1' ? 1 : 4),
      encoderChoice: () => this.encoder.choice,
      naming: () => ({ scenario: this.ctx.scenarioName(), seed: this.ctx.driver.seed }),
      save: (blob, name) => this.save(blob, name),
    });
  }

  get debug(): RecorderDebug {
    return {
      progress: () => this.recorder?.progress ?? IDLE,
      // Loaded on demand: mediabunny's reader stays out of the page's first download.
      inspect: async (base64) =>
        (await import('./inspect')).inspectVideo(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))),
    };
  }

  /** V and the Record button: start with the panel's options, or stop and save. */
  toggle(): void {
    const r = this.recorder;
    if (!r) {
      this.ctx.messages.show({
        key: 'recorder',
        kind: 'info',
        title: 'The view is not running yet; nothing to record',
      });
      return;
    }
    if (r.phase !== 'idle') {
      r.stop();
      return;
    }
    const checked = this.panel.read();
    if (!checked.ok) {
      this.ctx.messages.show({
        key: 'recorder',
        kind: 'error',
        title: 'These recording options cannot be used',
        lines: checked.problems,
      });
      return;
    }
    this.ctx.messages.dismiss('recorder');
    this.panel.say('');
    const running = r.record(checked.options);
    this.panel.refresh();
    void running.then((result) => {
      this.panel.refresh();
      switch (result.kind) {
        case 'saved':
          this.panel.say(
            `Saved ${result.fileName}: ${result.frames} frames, ${result.seconds.toFixed(2)} s, ${result.format}, ${(result.bytes / 1e6).toFixed(2)} MB${result.note ? ` (${result.note})` : ''}`,
          );
          break;
        case 'canceled':
          this.panel.say('Recording canceled; nothing was saved.');
          break;
        case 'failed':
          this.panel.say('');
          this.ctx.messages.show({
            key: 'recorder',
            kind: 'error',
            title: 'The recording failed; nothing was saved',
            lines: [result.message],
          });
          break;
      }
    });
  }

  cancel(): void {
    this.recorder?.cancel();
  }

  private caption(): Caption {
    const snap = this.ctx.driver.snapshot();
    const cost = this.ctx.planCost();
    const speed = this.ctx.speed();
    return {
      title: `JEPA Playground · ${this.ctx.scenarioName()} · seed ${this.ctx.driver.seed}`,
      detail: [
        `episode ${snap.episode}`,
        `step ${snap.step}/${snap.maxSteps}`,
        cost === null ? '' : `plan cost ${cost.toFixed(2)}`,
        speed === '1' ? '1×' : '4×',
      ]
        .filter(Boolean)
        .join(' · '),
    };
  }

  private save(blob: Blob, fileName: string): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    this.win.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}
