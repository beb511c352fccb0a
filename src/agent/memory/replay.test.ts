import { describe, expect, it } from 'vitest';
import type { Observation, StepInfo } from '../../world/types';
import { mulberry32 } from '../model/rng';
import { ReplayMemory } from './replay';

const C = 4;

function obs(value: number, side = 8): Observation {
  return {
    image: new Float32Array(C * side * side).fill(value),
    size: side,
    channels: C,
    proprio: new Float32Array([value, -value]),
  };
}

function info(x: number): StepInfo {
  return {
    position: { x, y: 2 * x },
    velocity: { x: 0, y: 0 },
    goal: { x: 9, y: 9 },
    goalDistance: 1,
    wallDistance: x / 10,
    collided: false,
    inHazard: x % 2 === 1,
    hazardTime: 0,
    step: 0,
    success: false,
    done: false,
  };
}

/** Fills `episodes` episodes of the given lengths; frame k of the whole run has position x = k. */
function fill(m: ReplayMemory, lengths: number[]): void {
  let k = 0;
  for (const len of lengths) {
    m.startEpisode();
    for (let t = 0; t < len; t++, k++)
      m.append({ obs: obs((k % 256) / 255), action: [k / 1000, 0], info: info(k) });
  }
}

describe('ReplayMemory', () => {
  it('keeps at most `capacity` frames and overwrites the oldest', () => {
    const m = new ReplayMemory({ capacity: 10, channels: C, size: 8, proprioDim: 2, actionDim: 2 });
    fill(m, [25]);
    expect(m.size).toBe(10);
    const b = m.sampleSequences(50, 10, mulberry32(1));
    // Only the last 10 frames (x = 15..24) survive, and as one sequence they must be in order.
    for (let i = 0; i < 50; i++) {
      const xs = Array.from({ length: 10 }, (_, t) => b.positions[(i * 10 + t) * 2]);
      expect(xs).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    }
  });

  it('never samples a sequence that crosses an episode boundary, also after wrap-around', () => {
    const m = new ReplayMemory({ capacity: 64, channels: C, size: 8, proprioDim: 2, actionDim: 2 });
    const lengths = [7, 3, 12, 5, 9, 30, 4, 11, 6, 20, 8];
    fill(m, lengths);
    const episodeOfX: number[] = [];
    lengths.forEach((len, e) => {
      for (let t = 0; t < len; t++) episodeOfX.push(e);
    });
    const b = m.sampleSequences(500, 5, mulberry32(2));
    for (let i = 0; i < 500; i++) {
      const xs = Array.from({ length: 5 }, (_, t) => b.positions[(i * 5 + t) * 2]!);
      for (let t = 1; t < 5; t++) expect(xs[t]).toBe(xs[t - 1]! + 1);
      const eps = new Set(xs.map((x) => episodeOfX[x]));
      expect(eps.size).toBe(1);
      expect(b.episodes[i]).toBe(episodeOfX[xs[0]!]);
      // Frames older than capacity are gone.
      expect(xs[0]!).toBeGreaterThanOrEqual(episodeOfX.length - 64);
    }
    // Actions line up with their frames: action k/1000 was taken at frame x = k.
    for (let i = 0; i < 20; i++) {
      for (let t = 0; t < 4; t++)
        expect(b.actions[(i * 4 + t) * 2]).toBeCloseTo(b.positions[(i * 5 + t) * 2]! / 1000, 6);
    }
  });

  it('refuses impossible requests with a clear message', () => {
    const m = new ReplayMemory({ capacity: 32, channels: C, size: 8, proprioDim: 2, actionDim: 2 });
    expect(() => m.append({ obs: obs(0), action: [0, 0], info: info(0) })).toThrow(/startEpisode/);
    fill(m, [3, 3, 3]);
    expect(() => m.sampleSequences(4, 5)).toThrow(/no episode in memory has 5 consecutive frames/);
    expect(() => m.sampleSequences(4, 50)).toThrow(/fewer than length 50/);
    m.startEpisode();
    expect(() => m.append({ obs: obs(0, 6), action: [0, 0], info: info(0) })).toThrow(
      /not a multiple of the stored size/,
    );
    expect(() =>
      m.append({ obs: obs(0), action: [0, 0, 0] as unknown as readonly [number, number], info: info(0) }),
    ).toThrow(/action has 3 values/);
    expect(m.countValidStarts(3)).toBe(3);
  });

  it('pools and quantises images to bytes, round-tripping within 1/255', () => {
    const m = new ReplayMemory({ capacity: 4, channels: C, size: 4, proprioDim: 2, actionDim: 2 });
    const o = obs(0, 8);
    for (let i = 0; i < o.image.length; i++) o.image[i] = (i % 8) / 7;
    m.startEpisode(o.image, 8);
    m.append({ obs: o, action: [0, 0], info: info(0) });
    m.append({ obs: o, action: [0, 0], info: info(1) });
    const b = m.sampleSequences(1, 2, () => 0);
    // Row pixels (0..7)/7 pooled in pairs: means of (0,1), (2,3), (4,5), (6,7) over 7.
    const expected = [0.5, 2.5, 4.5, 6.5].map((v) => v / 7);
    for (let x = 0; x < 4; x++)
      expect(Math.abs(b.images[x]! - expected[x]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    expect(b.goalImages).not.toBeNull();
    expect(Math.abs(b.goalImages![1]! - expected[1]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    expect(b.hazard[1]).toBe(1);
    expect(b.wallDistance[1]).toBeCloseTo(0.1, 6);
  });

  it('uses a fixed number of bytes however long it runs', () => {
    const m = new ReplayMemory({
      capacity: 100,
      channels: C,
      size: 8,
      proprioDim: 2,
      actionDim: 2,
      goalImages: 8,
    });
    const bytes = m.bytes;
    // 100 frames of 4x8x8 bytes dominate; per-frame extras are a few dozen bytes.
    expect(bytes).toBeLessThan(100 * (C * 64 + 64) + 8 * C * 64 + 64);
    for (let e = 0; e < 300; e++) {
      m.startEpisode(obs(0.5).image, 8);
      for (let t = 0; t < 17; t++) m.append({ obs: obs(t / 20), action: [0.1, 0.2], info: info(t) });
    }
    expect(m.bytes).toBe(bytes);
    expect(m.size).toBe(100);
    expect(m.currentEpisode).toBe(299);
  });
});
