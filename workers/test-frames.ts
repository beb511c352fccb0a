// Test fixture: a short stretch of a world driven on a fixed zig-zag, recorded as the page records
// its transitions, for the worker's Node tests that need frames in memory.
import type { World } from '../src/world/world';
import type { RecordedFrame } from './transitions';

/** `n` steps from a fresh episode of `world`, each frame the observation before its action. */
export function zigzagFrames(world: World, n: number): RecordedFrame[] {
  const frames: RecordedFrame[] = [];
  let obs = world.reset().obs;
  for (let i = 0; i < n; i++) {
    const action: [number, number] = [0.5, (i % 5) / 5 - 0.4];
    const next = world.step(action);
    frames.push({ obs, action, info: next.info, cost: 0, episodeStart: i === 0 });
    obs = next.obs;
  }
  return frames;
}
