import { describe, expect, it } from 'vitest';
import { ReplayMemory } from '../src/agent/memory/replay';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import { appendTransitions, packTransitions, type RecordedFrame, transferables } from './transitions';

function record(steps: number): RecordedFrame[] {
  const world = World.create(builtinScenario('two-rooms'), { seed: 4, obsSize: 32 });
  let last = world.reset();
  const frames: RecordedFrame[] = [];
  for (let i = 0; i < steps; i++) {
    const action = [Math.cos(i / 5), Math.sin(i / 7)] as const;
    frames.push({ obs: last.obs, action, info: last.info, cost: i * 0.1, episodeStart: i === 0 || i === 10 });
    last = world.step(action);
  }
  return frames;
}

describe('packTransitions / appendTransitions', () => {
  it('carries frames from the page world into memory, episode boundaries included', () => {
    const frames = record(20);
    const batch = packTransitions(frames);
    expect(transferables(batch)).toHaveLength(9);
    const memory = new ReplayMemory({ capacity: 100, channels: 4, size: 32, proprioDim: 2, actionDim: 2 });
    appendTransitions(memory, batch);
    expect(memory.size).toBe(20);
    expect(memory.currentEpisode).toBe(1);
    // Sequences of 10 fit only inside one of the two 10-frame episodes.
    expect(memory.countValidStarts(10)).toBe(2);
    expect(memory.countValidStarts(11)).toBe(0);
    const s = memory.sampleSequences(1, 10, () => 0);
    expect(s.positions[0]).toBeCloseTo(frames[0]?.info.position.x as number, 5);
    expect(s.actions[0]).toBeCloseTo(1, 5);
  });

  it('names the frame that does not match the first', () => {
    const frames = record(3);
    const odd = { ...frames[2]!, action: [1, 2, 3] };
    expect(() => packTransitions([frames[0]!, frames[1]!, odd])).toThrow(
      /frame 2 has 2 proprio \/ 3 action values/,
    );
  });

  it('refuses a batch with a non-finite value and writes nothing', () => {
    const batch = packTransitions(record(5));
    batch.positions[3] = Number.NaN;
    const memory = new ReplayMemory({ capacity: 100, channels: 4, size: 32, proprioDim: 2, actionDim: 2 });
    expect(() => appendTransitions(memory, batch)).toThrow(/'positions' has a non-finite value at index 3/);
    expect(memory.size).toBe(0);
  });
});
