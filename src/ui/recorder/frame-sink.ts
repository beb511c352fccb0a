// Where composed frames go: an encoder and muxer that turns them into a file. Two kinds behind one
// interface: WebCodecs through mediabunny (frame-exact, any timestamps) and MediaRecorder on the
// canvas's capture stream (real time only), the fallback where WebCodecs is missing.
import type { Container, ContainerChoice } from './options';

export const ENCODER_CHOICES = ['auto', 'webcodecs', 'mediarecorder'] as const;
export type EncoderChoice = (typeof ENCODER_CHOICES)[number];

export interface SinkRequest {
  container: ContainerChoice;
  width: number;
  height: number;
  fps: number;
  bitrate: number;
  /** Real time: the encoder may trade quality for keeping up. */
  realtime: boolean;
}

export interface FrameSink {
  readonly encoder: 'webcodecs' | 'mediarecorder';
  readonly container: Container;
  /** What a person reads, e.g. "MP4 · H.264". */
  readonly label: string;
  readonly extension: string;
  /** False for MediaRecorder: it stamps frames with the wall clock, not ours. */
  readonly frameExact: boolean;
  /** Encoded bytes so far. */
  bytes(): number;
  /** Encodes the canvas as it is now. Resolves when the encoder can take the next frame (backpressure). */
  add(timestamp: number, duration: number): Promise<void>;
  /** Flushes and closes; the finished file. */
  finish(): Promise<Blob>;
  /** Drops everything and frees the encoder. */
  cancel(): Promise<void>;
}

export function webCodecsPresent(): boolean {
  return typeof VideoEncoder !== 'undefined' && typeof VideoFrame !== 'undefined';
}

/**
 * The sink for this request: WebCodecs unless asked for MediaRecorder or WebCodecs is missing or
 * cannot encode this size. `note` says, in words, when the fallback was taken and why.
 */
export async function openFrameSink(
  canvas: HTMLCanvasElement,
  req: SinkRequest,
  choice: EncoderChoice,
): Promise<{ sink: FrameSink; note: string | null }> {
  if (choice === 'mediarecorder') return { sink: openMediaRecorder(canvas, req), note: null };
  if (!webCodecsPresent()) {
    if (choice === 'webcodecs') throw new Error('this browser has no WebCodecs (VideoEncoder is missing)');
    return {
      sink: openMediaRecorder(canvas, req),
      note: 'This browser has no WebCodecs: recording with MediaRecorder, in real time, as WebM.',
    };
  }
  const { openWebCodecsSink } = await import('./webcodecs-sink');
  try {
    return { sink: await openWebCodecsSink(canvas, req), note: null };
  } catch (e) {
    if (choice === 'webcodecs') throw e;
    return {
      sink: openMediaRecorder(canvas, req),
      note: `WebCodecs could not encode this (${(e as Error).message}): recording with MediaRecorder, in real time, as WebM.`,
    };
  }
}

/**
 * VP8 first: Chromium's MediaRecorder drops the frames its VP9 encoder still holds when stopped
 * (measured here: 3 frames 300 ms apart gave a 0-byte VP9 file and a 1.6 KB VP8 one), which
 * loses the end of every recording and all of a short one.
 */
const RECORDER_TYPES = ['video/webm;codecs=vp8', 'video/webm;codecs=vp9', 'video/webm'] as const;

function openMediaRecorder(canvas: HTMLCanvasElement, req: SinkRequest): FrameSink {
  if (req.container === 'mp4') throw new Error('MediaRecorder here writes WebM only; choose WebM or auto');
  if (typeof MediaRecorder === 'undefined' || typeof canvas.captureStream !== 'function') {
    throw new Error('this browser can record video neither with WebCodecs nor with MediaRecorder');
  }
  const mimeType = RECORDER_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  if (!mimeType) throw new Error('MediaRecorder here cannot write WebM');
  // Frame rate 0: a frame is taken only when requestFrame() is called, i.e. once per composed frame.
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (!track) throw new Error('the canvas gave no video track to record');
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: req.bitrate });
  let chunks: Blob[] = [];
  let size = 0;
  let failure: Error | null = null;
  recorder.addEventListener('dataavailable', (ev) => {
    if (ev.data.size === 0) return;
    chunks.push(ev.data);
    size += ev.data.size;
  });
  recorder.addEventListener('error', (ev) => {
    failure = new Error(`MediaRecorder failed: ${(ev as ErrorEvent).message ?? 'unknown error'}`);
  });
  // Encoded data comes out once a second, so memory holds only encoded bytes.
  recorder.start(1000);
  const stopped = () =>
    new Promise<void>((resolve) => {
      if (recorder.state === 'inactive') resolve();
      else {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      }
    }).finally(() => {
      for (const t of stream.getTracks()) t.stop();
    });
  const codec = mimeType.includes('vp9') ? 'VP9' : mimeType.includes('vp8') ? 'VP8' : 'video';
  return {
    encoder: 'mediarecorder',
    container: 'webm',
    label: `WebM · ${codec} (MediaRecorder)`,
    extension: 'webm',
    frameExact: false,
    bytes: () => size,
    add: () => {
      if (failure) return Promise.reject(failure);
      track.requestFrame();
      return Promise.resolve();
    },
    finish: async () => {
      await stopped();
      if (failure) throw failure;
      const blob = new Blob(chunks, { type: 'video/webm' });
      chunks = [];
      return blob;
    },
    cancel: async () => {
      await stopped();
      chunks = [];
      size = 0;
    },
  };
}

/**
 * The encoder asked for in the page's query string (`?recorder=mediarecorder` forces the fallback,
 * for tests and for browsers whose WebCodecs misbehaves). A bad value is named, and auto stays.
 */
export function encoderChoiceFromQuery(search: string): { choice: EncoderChoice; problem: string | null } {
  const value = new URLSearchParams(search).get('recorder');
  if (value === null) return { choice: 'auto', problem: null };
  if ((ENCODER_CHOICES as readonly string[]).includes(value))
    return { choice: value as EncoderChoice, problem: null };
  return {
    choice: 'auto',
    problem: `recorder=${JSON.stringify(value)} in the address is not one of ${ENCODER_CHOICES.join(', ')}; using auto`,
  };
}
