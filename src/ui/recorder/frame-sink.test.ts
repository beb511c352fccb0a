import { describe, expect, it } from 'vitest';
import { encoderChoiceFromQuery } from './frame-sink';

describe('encoderChoiceFromQuery', () => {
  it('reads the forced encoder from the address', () => {
    expect(encoderChoiceFromQuery('?recorder=mediarecorder')).toEqual({
      choice: 'mediarecorder',
      problem: null,
    });
    expect(encoderChoiceFromQuery('?x=1&recorder=webcodecs')).toEqual({ choice: 'webcodecs', problem: null });
    expect(encoderChoiceFromQuery('')).toEqual({ choice: 'auto', problem: null });
  });

  it('names a bad value and keeps auto', () => {
    const r = encoderChoiceFromQuery('?recorder=ffmpeg');
    expect(r.choice).toBe('auto');
    expect(r.problem).toContain('recorder="ffmpeg"');
  });
});
