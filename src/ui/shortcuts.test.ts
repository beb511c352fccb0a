import { describe, expect, it } from 'vitest';
import { commandFor, driveAction, isDriveKey, SHORTCUTS } from './shortcuts';

describe('shortcuts', () => {
  it('maps arrows and WASD to unit actions, diagonals normalised', () => {
    expect(driveAction(new Set(['ArrowRight']))).toEqual([1, 0]);
    expect(driveAction(new Set(['w']))).toEqual([0, -1]);
    expect(driveAction(new Set(['S']))).toEqual([0, 1]);
    const diag = driveAction(new Set(['a', 'ArrowDown']))!;
    expect(diag[0]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(diag[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('holds still (zero action, still overriding) when opposite keys cancel, and yields when none held', () => {
    expect(driveAction(new Set(['a', 'd']))).toEqual([0, 0]);
    expect(driveAction(new Set(['ArrowRight', 'd']))).toEqual([1, 0]);
    expect(driveAction(new Set())).toBeNull();
    expect(driveAction(new Set(['x']))).toBeNull();
  });

  it('finds commands case-insensitively and keeps keys unambiguous', () => {
    expect(commandFor('R')).toBe('resetEpisode');
    expect(commandFor(' ')).toBe('togglePause');
    expect(commandFor('3')).toBe('speedMax');
    expect(commandFor('Escape')).toBe('closeOverlays');
    expect(commandFor('q')).toBeNull();
    const all = SHORTCUTS.flatMap((s) => s.keys.map((k) => k.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
    for (const k of all) expect(isDriveKey(k)).toBe(false);
  });
});
