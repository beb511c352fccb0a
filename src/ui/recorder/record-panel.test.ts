import { describe, expect, it } from 'vitest';
import { clock, describeProgress, formatBytes } from './record-panel';

describe('recording progress text', () => {
  it('shows elapsed time as m:ss.s and sizes in B, KB, MB', () => {
    expect(clock(0)).toBe('0:00.0');
    expect(clock(4.26)).toBe('0:04.3');
    expect(clock(125.5)).toBe('2:05.5');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });

  it('says elapsed time, size, frames, format and mode while recording, and why it differs from the ask', () => {
    const text = describeProgress({
      phase: 'recording',
      mode: 'real-time',
      frames: 126,
      videoSeconds: 4.2,
      wallSeconds: 4.26,
      bytes: 1.3 * 1024 * 1024,
      format: 'WebM · VP8 (MediaRecorder)',
      note: 'MediaRecorder records in real time only.',
    });
    expect(text).toBe(
      '● 0:04.3 · 1.3 MB · 126 frames (4.2 s of video) · WebM · VP8 (MediaRecorder) · real-time — MediaRecorder records in real time only.',
    );
  });
});
