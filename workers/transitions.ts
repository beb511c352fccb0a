// Packing frames into a TransitionBatch (page side, before a transfer) and unpacking one into
// short-term memory (worker side). No runtime imports: the page uses pack without pulling agent code.
import type { Frame, ReplayMemory } from '../src/agent/memory/replay';
import type { Observation, StepInfo } from '../src/world/types';
import type { TransitionBatch } from './agent-api';

export interface RecordedFrame {
  obs: Observation;
  /** The action taken after this observation. */
  action: readonly number[];
  info: StepInfo;
  /** Intrinsic cost paid on this step (0 if unknown). */
  cost?: number;
  /** True for the first frame after a world reset. */
  episodeStart: boolean;
}

/** Flattens frames into typed arrays; send the result with `comlink.transfer(batch, transferables(batch))`. */
export function packTransitions(frames: readonly RecordedFrame[]): TransitionBatch {
  const first = frames[0];
  if (!first) throw new Error('packTransitions: no frames');
  const { size, channels } = first.obs;
  const P = first.obs.proprio.length;
  const A = first.action.length;
  const F = channels * size * size;
  const n = frames.length;
  const batch: TransitionBatch = {
    count: n,
    size,
    channels,
    proprioDim: P,
    actionDim: A,
    images: new Float32Array(n * F),
    proprio: new Float32Array(n * P),
    actions: new Float32Array(n * A),
    positions: new Float32Array(n * 2),
    goals: new Float32Array(n * 2),
    wallDistance: new Float32Array(n),
    inHazard: new Uint8Array(n),
    cost: new Float32Array(n),
    episodeStart: new Uint8Array(n),
  };
  frames.forEach((f, i) => {
    if (f.obs.size !== size || f.obs.channels !== channels || f.obs.image.length !== F) {
      throw new Error(
        `packTransitions: frame ${i} image is ${f.obs.channels}x${f.obs.size}x${f.obs.size}, frame 0 is ${channels}x${size}x${size}`,
      );
    }
    if (f.obs.proprio.length !== P || f.action.length !== A) {
      throw new Error(
        `packTransitions: frame ${i} has ${f.obs.proprio.length} proprio / ${f.action.length} action values, frame 0 has ${P} / ${A}`,
      );
    }
    batch.images.set(f.obs.image, i * F);
    batch.proprio.set(f.obs.proprio, i * P);
    batch.actions.set(f.action, i * A);
    batch.positions[i * 2] = f.info.position.x;
    batch.positions[i * 2 + 1] = f.info.position.y;
    batch.goals[i * 2] = f.info.goal.x;
    batch.goals[i * 2 + 1] = f.info.goal.y;
    batch.wallDistance[i] = f.info.wallDistance;
    batch.inHazard[i] = f.info.inHazard ? 1 : 0;
    batch.cost[i] = f.cost ?? 0;
    batch.episodeStart[i] = f.episodeStart ? 1 : 0;
  });
  return batch;
}

/** The buffers to transfer with a batch (the page's copies become empty). */
export function transferables(batch: TransitionBatch): ArrayBuffer[] {
  return [
    batch.images,
    batch.proprio,
    batch.actions,
    batch.positions,
    batch.goals,
    batch.wallDistance,
    batch.inHazard,
    batch.cost,
    batch.episodeStart,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Checks every array against `count` before anything is written, so a bad batch leaves memory as it was. */
export function checkTransitions(b: TransitionBatch): void {
  const ints = {
    count: b.count,
    size: b.size,
    channels: b.channels,
    proprioDim: b.proprioDim,
    actionDim: b.actionDim,
  };
  for (const [k, v] of Object.entries(ints)) {
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`remember: ${k} must be a non-negative integer, got ${v}`);
  }
  const n = b.count;
  const expected: [string, ArrayLike<number> | undefined, number][] = [
    ['images', b.images, n * b.channels * b.size * b.size],
    ['proprio', b.proprio, n * b.proprioDim],
    ['actions', b.actions, n * b.actionDim],
    ['positions', b.positions, n * 2],
    ['goals', b.goals, n * 2],
    ['wallDistance', b.wallDistance, n],
    ['inHazard', b.inHazard, n],
    ['cost', b.cost, n],
    ['episodeStart', b.episodeStart, n],
  ];
  for (const [name, array, length] of expected) {
    if (!array) throw new Error(`remember: '${name}' is missing`);
    if (array.length !== length) {
      throw new Error(
        `remember: '${name}' has ${array.length} values, expected ${length} for ${n} transitions`,
      );
    }
  }
  for (const [name, array] of expected) {
    const a = array as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throw new Error(`remember: '${name}' has a non-finite value at index ${i}`);
    }
  }
}

/** Appends a checked batch to memory, opening a new episode where the page's world was reset. */
export function appendTransitions(memory: ReplayMemory, b: TransitionBatch): void {
  checkTransitions(b);
  const F = b.channels * b.size * b.size;
  for (let i = 0; i < b.count; i++) {
    if (b.episodeStart[i] === 1 || memory.currentEpisode < 0) memory.startEpisode();
    const frame: Frame = {
      obs: {
        image: b.images.subarray(i * F, (i + 1) * F),
        size: b.size,
        channels: b.channels,
        proprio: b.proprio.subarray(i * b.proprioDim, (i + 1) * b.proprioDim),
      },
      action: Array.from(
        b.actions.subarray(i * b.actionDim, (i + 1) * b.actionDim),
      ) as unknown as Frame['action'],
      info: groundTruth(b, i),
      cost: b.cost[i] as number,
    };
    memory.append(frame);
  }
}

/** The StepInfo fields memory stores; the rest are not carried across and are filled neutrally. */
function groundTruth(b: TransitionBatch, i: number): StepInfo {
  const position = { x: b.positions[i * 2] as number, y: b.positions[i * 2 + 1] as number };
  const goal = { x: b.goals[i * 2] as number, y: b.goals[i * 2 + 1] as number };
  return {
    position,
    goal,
    wallDistance: b.wallDistance[i] as number,
    inHazard: b.inHazard[i] === 1,
    velocity: { x: 0, y: 0 },
    goalDistance: Math.hypot(goal.x - position.x, goal.y - position.y),
    collided: false,
    hazardTime: 0,
    step: 0,
    success: false,
    done: false,
  };
}
