// One recording at a time, from start to download. Frame-exact: the game loop is put to sleep and
// driven here, one frame at a time: the world takes the control steps due before the frame (each
// waiting for the agent's plan), the scene renders, the post-render hook composes the frame, and
// the encoder takes it at exactly i / fps before the next begins. Real time: frames are composed
// from the running loop's renders and stamped with the wall clock; a frame that arrives while the
// encoder is still busy is skipped rather than queued, so memory never holds a backlog.
import type Phaser from 'phaser';
import type { SceneCapture } from '../../view/capture';
import { type Caption, composeFrame } from '../../view/capture-compose';
import type { Action, Observation, StepInfo } from '../../world/types';
import type { SimDriver } from '../sim-driver';
import { recordingFileName } from './file-name';
import { type EncoderChoice, type FrameSink, openFrameSink } from './frame-sink';
import { bitrateFor, frameLimit, type RecordMode, type RecordOptions } from './options';
import { frameTime, realTimeSlot, stepsBefore } from './schedule';

export interface RecorderHost {
  game: Phaser.Game;
  capture: SceneCapture;
  driver: SimDriver;
  /** The agent's action for exactly this observation (awaited in frame-exact mode). */
  decide(info: StepInfo, obs: Observation): Promise<Action>;
  caption(): Caption;
  /** World steps per control period of video time (1 at 1x). */
  speedFactor(): number;
  encoderChoice(): EncoderChoice;
  /** For the file name. */
  naming(): { scenario: string; seed: number };
  save(blob: Blob, fileName: string): void;
}

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'finishing';

export interface RecorderProgress {
  phase: RecorderPhase;
  mode: RecordMode | null;
  frames: number;
  /** Length of the video so far. */
  videoSeconds: number;
  /** Wall-clock time since recording began. */
  wallSeconds: number;
  bytes: number;
  /** e.g. "MP4 · H.264" (empty before the encoder is chosen). */
  format: string;
  /** Why the recording differs from what was asked (fallback encoder, mode), if it does. */
  note: string | null;
}

export type RecordingResult =
  | {
      kind: 'saved';
      fileName: string;
      bytes: number;
      frames: number;
      seconds: number;
      format: string;
      note: string | null;
    }
  | { kind: 'canceled' }
  | { kind: 'failed'; message: string };

/** Frames between yields to the page in frame-exact mode: keeps the buttons responsive. */
const YIELD_EVERY_FRAMES = 1;

export class Recorder {
  private phaseValue: RecorderPhase = 'idle';
  private mode: RecordMode | null = null;
  private frames = 0;
  private videoSeconds = 0;
  private startedAt = 0;
  private sink: FrameSink | null = null;
  private note: string | null = null;
  private stopRequested = false;
  private cancelRequested = false;
  private wake: () => void = () => {};

  constructor(private readonly host: RecorderHost) {}

  get phase(): RecorderPhase {
    return this.phaseValue;
  }

  get progress(): RecorderProgress {
    return {
      phase: this.phaseValue,
      mode: this.mode,
      frames: this.frames,
      videoSeconds: this.videoSeconds,
      wallSeconds: this.phaseValue === 'idle' ? 0 : (performance.now() - this.startedAt) / 1000,
      bytes: this.sink?.bytes() ?? 0,
      format: this.sink?.label ?? '',
      note: this.note,
    };
  }

  /** Finish and download what has been recorded so far. */
  stop(): void {
    this.stopRequested = true;
    this.wake();
  }

  /** Throw the recording away: nothing is downloaded, the encoder is freed. */
  cancel(): void {
    this.cancelRequested = true;
    this.wake();
  }

  async record(o: RecordOptions): Promise<RecordingResult> {
    if (this.phaseValue !== 'idle') return { kind: 'failed', message: 'a recording is already running' };
    this.phaseValue = 'starting';
    this.stopRequested = false;
    this.cancelRequested = false;
    this.frames = 0;
    this.videoSeconds = 0;
    this.note = null;
    this.startedAt = performance.now();
    const canvas = document.createElement('canvas');
    canvas.width = o.width;
    canvas.height = o.height;
    const ctx = canvas.getContext('2d', { alpha: false });
    try {
      if (!ctx) throw new Error('this browser gave no 2D canvas to compose frames on');
      const opened = await openFrameSink(
        canvas,
        {
          container: o.container,
          width: o.width,
          height: o.height,
          fps: o.fps,
          bitrate: bitrateFor(o),
          realtime: o.mode === 'real-time',
        },
        this.host.encoderChoice(),
      );
      this.sink = opened.sink;
      this.note = opened.note;
      this.mode = o.mode === 'frame-exact' && !this.sink.frameExact ? 'real-time' : o.mode;
      if (this.mode !== o.mode) this.note ??= 'MediaRecorder records in real time only.';
      if (this.cancelRequested) return await this.discard();
      this.phaseValue = 'recording';
      this.startedAt = performance.now();
      const compose = (scene: HTMLCanvasElement) => composeFrame(ctx, scene, this.host.caption());
      if (this.mode === 'frame-exact') await this.runFrameExact(o, compose);
      else await this.runRealTime(o, compose);
      if (this.cancelRequested) return await this.discard();
      this.phaseValue = 'finishing';
      if (this.frames === 0) throw new Error('no frame was recorded');
      const blob = await this.sink.finish();
      const naming = this.host.naming();
      const fileName = recordingFileName({ ...naming, date: new Date(), extension: this.sink.extension });
      this.host.save(blob, fileName);
      return {
        kind: 'saved',
        fileName,
        bytes: blob.size,
        frames: this.frames,
        seconds: this.videoSeconds,
        format: this.sink.label,
        note: this.note,
      };
    } catch (e) {
      await this.sink?.cancel().catch(() => {});
      return { kind: 'failed', message: (e as Error).message };
    } finally {
      this.host.capture.stop();
      this.sink = null;
      this.phaseValue = 'idle';
      // Frees the composed frame's memory now rather than at garbage collection.
      canvas.width = 0;
      canvas.height = 0;
    }
  }

  private async discard(): Promise<RecordingResult> {
    await this.sink?.cancel();
    return { kind: 'canceled' };
  }

  private async runFrameExact(o: RecordOptions, compose: (scene: HTMLCanvasElement) => void): Promise<void> {
    const { game, driver, capture } = this.host;
    const loop = game.loop;
    const smooth = loop.smoothStep;
    const sink = this.sink!;
    const limit = frameLimit(o.stopAfter, o.fps);
    const base = loop.lastTime;
    let composed = false;
    capture.start((scene) => {
      if (composed) return;
      compose(scene);
      composed = true;
    });
    loop.sleep();
    // Exact deltas: the scene clock (the goal's pulse) advances by exactly 1 / fps per frame.
    loop.smoothStep = false;
    driver.externalClock = true;
    try {
      const decide = (info: StepInfo, obs: Observation) => this.host.decide(info, obs);
      for (let i = 0; i < limit && !this.stopRequested && !this.cancelRequested; i++) {
        const steps = stepsBefore(i, o.fps, driver.world.controlDt, this.host.speedFactor());
        for (let k = 0; k < steps && !this.cancelRequested; k++) {
          if (!driver.paused) await driver.stepAwaiting(decide);
        }
        if (this.cancelRequested) break;
        composed = false;
        loop.step(base + (i * 1000) / o.fps);
        if (!composed) throw new Error(`frame ${i} was not rendered (was the WebGL context lost?)`);
        const t = frameTime(i, o.fps);
        await sink.add(t.timestamp, t.duration);
        this.frames = i + 1;
        this.videoSeconds = t.timestamp + t.duration;
        if ((i + 1) % YIELD_EVERY_FRAMES === 0) await yieldToPage();
      }
    } finally {
      capture.stop();
      driver.externalClock = false;
      loop.smoothStep = smooth;
      loop.wake();
    }
  }

  private async runRealTime(o: RecordOptions, compose: (scene: HTMLCanvasElement) => void): Promise<void> {
    const sink = this.sink!;
    const limit = frameLimit(o.stopAfter, o.fps);
    const start = performance.now();
    let last = -1;
    let busy = false;
    let pending: Promise<void> = Promise.resolve();
    let failure: Error | null = null;
    const done = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    // The length is kept by the clock too: a page that draws rarely still stops on time.
    const timer = Number.isFinite(limit) ? window.setTimeout(() => this.stop(), (limit / o.fps) * 1000) : 0;
    this.host.capture.start((scene) => {
      if (failure || this.stopRequested || this.cancelRequested) return;
      const slot = realTimeSlot((performance.now() - start) / 1000, o.fps, last);
      if (slot === null) return;
      if (slot >= limit) {
        this.stop();
        return;
      }
      if (busy) return;
      compose(scene);
      last = slot;
      busy = true;
      const t = frameTime(slot, o.fps);
      pending = sink.add(t.timestamp, t.duration).then(
        () => {
          busy = false;
        },
        (e: unknown) => {
          failure = e instanceof Error ? e : new Error(String(e));
          this.wake();
        },
      );
      this.frames++;
      this.videoSeconds = t.timestamp + t.duration;
    });
    await done;
    window.clearTimeout(timer);
    this.host.capture.stop();
    this.wake = () => {};
    // The muxer may only be finalized once the last frame it was given has been taken.
    await pending;
    if (failure) throw failure;
  }
}

/** A macrotask boundary that background-tab timer throttling does not stretch to a second. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
