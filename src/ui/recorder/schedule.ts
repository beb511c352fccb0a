// When each video frame is and how many control steps the world takes before it. In frame-exact
// mode frame i shows the world after stepsBy(i) steps and is stamped exactly i / fps seconds, so
// the video plays at the chosen speed whatever the planner's pace was while recording.

export interface FrameTime {
  index: number;
  /** Seconds from the start of the video. */
  timestamp: number;
  duration: number;
}

export function frameTime(index: number, fps: number): FrameTime {
  return { index, timestamp: index / fps, duration: 1 / fps };
}

/**
 * Control steps taken by the time frame `index` is shown: frame 0 is the world as it was when
 * recording began. `factor` is the speed (1 = real time). The tolerance absorbs rounding, so that
 * at 30 fps and 0.1 s steps frames 3, 6, 9... each show exactly one more step.
 */
export function stepsBy(index: number, fps: number, controlDt: number, factor: number): number {
  if (index <= 0) return 0;
  return Math.floor((index * factor) / (fps * controlDt) + 1e-9);
}

/** Steps to take just before rendering frame `index`. */
export function stepsBefore(index: number, fps: number, controlDt: number, factor: number): number {
  return stepsBy(index, fps, controlDt, factor) - stepsBy(index - 1, fps, controlDt, factor);
}

/**
 * Real-time mode: the frame slot for a render at `elapsed` seconds, or null when that slot was
 * already filled (the page draws faster than the video's frame rate). Slots the page missed stay
 * empty: the video holds the previous frame there, as it did on screen.
 */
export function realTimeSlot(elapsed: number, fps: number, lastIndex: number): number | null {
  const index = Math.floor(elapsed * fps + 1e-9);
  return index > lastIndex ? index : null;
}
