// What a recording is asked to be: mode, size, frame rate, quality, container and length. One
// table of choices for the panel, one validator that names every bad field, and the bitrate rule.

export const RECORD_MODES = ['frame-exact', 'real-time'] as const;
export type RecordMode = (typeof RECORD_MODES)[number];

/** Output sizes; `canvas` is the scene canvas's own size (no scaling) plus the caption strip. */
export const RESOLUTIONS = {
  canvas: null,
  '480p': [854, 480],
  '720p': [1280, 720],
  '1080p': [1920, 1080],
} as const satisfies Record<string, readonly [number, number] | null>;
export type Resolution = keyof typeof RESOLUTIONS;

export const FRAME_RATES = [24, 30, 60] as const;

/** Bits per pixel per frame: the usual rule of thumb for screen content with large flat areas. */
export const QUALITY_BPP = { low: 0.04, medium: 0.08, high: 0.16 } as const;
export type QualityName = keyof typeof QUALITY_BPP;

export const CONTAINER_CHOICES = ['auto', 'mp4', 'webm'] as const;
export type ContainerChoice = (typeof CONTAINER_CHOICES)[number];
export type Container = Exclude<ContainerChoice, 'auto'>;

export const LIMITS = {
  minSide: 64,
  maxWidth: 3840,
  maxHeight: 2160,
  minFps: 1,
  maxFps: 60,
  /** One hour: a limit, so a forgotten recording cannot fill the disk. */
  maxSeconds: 3600,
  minBitrate: 100_000,
  maxBitrate: 50_000_000,
} as const;

export interface RecordOptions {
  mode: RecordMode;
  /** Output frame size in pixels; both even (4:2:0 chroma needs it). */
  width: number;
  height: number;
  fps: number;
  quality: QualityName;
  container: ContainerChoice;
  /** Stop by itself after this many seconds of video; 0 records until stopped. */
  stopAfter: number;
}

export type Checked = { ok: true; options: RecordOptions } | { ok: false; problems: string[] };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/** Checks every field and names each bad one; nothing is corrected silently. */
export function checkRecordOptions(o: Record<string, unknown>): Checked {
  const problems: string[] = [];
  if (!oneOf(RECORD_MODES, o.mode))
    problems.push(`mode ${show(o.mode)} is not one of ${RECORD_MODES.join(', ')}`);
  const side = (key: 'width' | 'height', max: number) => {
    const v = o[key];
    if (!isInt(v) || v < LIMITS.minSide || v > max || v % 2 !== 0) {
      problems.push(
        `${key} ${show(v)} must be an even whole number of pixels from ${LIMITS.minSide} to ${max}`,
      );
    }
  };
  side('width', LIMITS.maxWidth);
  side('height', LIMITS.maxHeight);
  if (!isInt(o.fps) || o.fps < LIMITS.minFps || o.fps > LIMITS.maxFps) {
    problems.push(`fps ${show(o.fps)} must be a whole number from ${LIMITS.minFps} to ${LIMITS.maxFps}`);
  }
  if (!oneOf(Object.keys(QUALITY_BPP) as QualityName[], o.quality)) {
    problems.push(`quality ${show(o.quality)} is not one of ${Object.keys(QUALITY_BPP).join(', ')}`);
  }
  if (!oneOf(CONTAINER_CHOICES, o.container)) {
    problems.push(`container ${show(o.container)} is not one of ${CONTAINER_CHOICES.join(', ')}`);
  }
  const s = o.stopAfter;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > LIMITS.maxSeconds) {
    problems.push(
      `stop after ${show(s)} must be a number of seconds from 0 (until stopped) to ${LIMITS.maxSeconds}`,
    );
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: o as unknown as RecordOptions };
}

/** Target bitrate in bits per second, clamped to what encoders accept. */
export function bitrateFor(o: Pick<RecordOptions, 'width' | 'height' | 'fps' | 'quality'>): number {
  const raw = o.width * o.height * o.fps * QUALITY_BPP[o.quality];
  return Math.round(Math.min(LIMITS.maxBitrate, Math.max(LIMITS.minBitrate, raw)));
}

/** The largest even number not above `v`, and at least the minimum side. */
export function evenFloor(v: number): number {
  return Math.max(LIMITS.minSide, 2 * Math.floor(v / 2));
}

/** Frames in a recording that stops after `seconds` (0: no limit). */
export function frameLimit(seconds: number, fps: number): number {
  return seconds > 0 ? Math.max(1, Math.round(seconds * fps)) : Number.POSITIVE_INFINITY;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
