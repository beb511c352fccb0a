// The downloaded file's name says what was recorded and when: scenario, seed, UTC date and time.

export interface NameParts {
  scenario: string;
  seed: number;
  date: Date;
  /** Without the dot: "mp4", "webm". */
  extension: string;
}

/** e.g. `jepa-two-rooms-seed7-2026-11-30T18-40-12.mp4`; safe on every file system. */
export function recordingFileName(p: NameParts): string {
  const scenario =
    p.scenario
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'scenario';
  const stamp = p.date.toISOString().slice(0, 19).replace(/:/g, '-');
  const ext = p.extension.replace(/^\./, '');
  return `jepa-${scenario}-seed${Math.trunc(p.seed)}-${stamp}.${ext}`;
}
