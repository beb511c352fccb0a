// Keyboard shortcuts: one table that both the key handler and the help overlay read.
import type { Action } from '../world/types';

export type Command =
  | 'togglePause'
  | 'stepOnce'
  | 'resetEpisode'
  | 'nextEpisode'
  | 'speed1'
  | 'speed4'
  | 'speedMax'
  | 'toggleDoors'
  | 'toggleHelp'
  | 'toggleHeatmap'
  | 'toggleRecording'
  | 'closeOverlays';

export interface Shortcut {
  /** KeyboardEvent.key values (case-insensitive for letters). */
  keys: readonly string[];
  command: Command;
  /** What the help overlay shows for the keys. */
  label: string;
  help: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], command: 'togglePause', label: 'Space', help: 'pause / resume' },
  { keys: ['.', 'n'], command: 'stepOnce', label: '. or N', help: 'one control step (pauses)' },
  { keys: ['r'], command: 'resetEpisode', label: 'R', help: 'restart from the seed' },
  { keys: ['e'], command: 'nextEpisode', label: 'E', help: 'next episode (new layout draw)' },
  { keys: ['1'], command: 'speed1', label: '1', help: 'real time' },
  { keys: ['2'], command: 'speed4', label: '2', help: '4x real time' },
  { keys: ['3'], command: 'speedMax', label: '3', help: 'as fast as possible' },
  { keys: ['o'], command: 'toggleDoors', label: 'O', help: 'open / close all doors' },
  { keys: ['v'], command: 'toggleRecording', label: 'V', help: 'record a video / stop and save it' },
  { keys: ['m'], command: 'toggleHeatmap', label: 'M', help: 'cost heat map on / off' },
  { keys: ['?', 'h'], command: 'toggleHelp', label: '? or H', help: 'this help' },
  { keys: ['Escape'], command: 'closeOverlays', label: 'Esc', help: 'close help and messages' },
];

/** Also listed in the help overlay, but handled as held keys, not commands. */
export const DRIVE_HELP = {
  label: 'Arrows / WASD',
  help: 'drive the agent (overrides the agent while held)',
};
export const MOUSE_HELP: readonly { label: string; help: string }[] = [
  { label: 'Click floor', help: 'move the goal there' },
  { label: 'Drag agent', help: 'pick the agent up and put it elsewhere' },
  { label: 'Click door', help: 'open / close that door' },
];

const DRIVE_KEYS: Readonly<Record<string, readonly [number, number]>> = {
  arrowleft: [-1, 0],
  a: [-1, 0],
  arrowright: [1, 0],
  d: [1, 0],
  arrowup: [0, -1],
  w: [0, -1],
  arrowdown: [0, 1],
  s: [0, 1],
};

export function normalizeKey(key: string): string {
  return key.toLowerCase();
}

export function isDriveKey(key: string): boolean {
  return Object.hasOwn(DRIVE_KEYS, normalizeKey(key));
}

export function commandFor(key: string): Command | null {
  const k = normalizeKey(key);
  for (const s of SHORTCUTS) if (s.keys.some((x) => normalizeKey(x) === k)) return s.command;
  return null;
}

/**
 * The action the held keys ask for, or null when none (or opposing ones) are held. Full strength,
 * diagonals included: the world clips the norm to 1.
 */
export function driveAction(held: ReadonlySet<string>): Action | null {
  let x = 0;
  let y = 0;
  let any = false;
  for (const key of held) {
    const d = DRIVE_KEYS[normalizeKey(key)];
    if (!d) continue;
    any = true;
    x += d[0];
    y += d[1];
  }
  if (!any) return null;
  x = Math.sign(x);
  y = Math.sign(y);
  const n = Math.hypot(x, y);
  return n === 0 ? [0, 0] : [x / n, y / n];
}
