import { describe, expect, it } from 'vitest';
import { recordingFileName } from './file-name';

const date = new Date(Date.UTC(2026, 10, 30, 18, 40, 12, 345));

describe('recordingFileName', () => {
  it('says scenario, seed and UTC date-time', () => {
    expect(recordingFileName({ scenario: 'two-rooms', seed: 7, date, extension: 'mp4' })).toBe(
      'jepa-two-rooms-seed7-2026-11-30T18-40-12.mp4',
    );
  });

  it('makes a file-scenario name safe and keeps the extension as given', () => {
    expect(recordingFileName({ scenario: 'My Maze: v2/../x', seed: 0, date, extension: '.webm' })).toBe(
      'jepa-my-maze-v2-x-seed0-2026-11-30T18-40-12.webm',
    );
    expect(recordingFileName({ scenario: '***', seed: 3, date, extension: 'webm' })).toBe(
      'jepa-scenario-seed3-2026-11-30T18-40-12.webm',
    );
  });
});
