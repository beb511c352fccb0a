// Short-term memory: a fixed-size ring of transitions with episode boundaries. Every array is
// allocated once at construction, so memory use is bounded however long the agent runs; images are
// stored average-pooled to the model's input size and quantised to bytes (a 64x64x4 float frame is
// 64 KB, a 32x32x4 byte frame 4 KB). Plain typed arrays only, so it runs in a worker and in Node.
import type { Action, Observation, StepInfo } from '../../world/types';

export interface ReplayConfig {
  /** Frames kept; the oldest are overwritten. */
  capacity: number;
  channels: number;
  /** Stored image side; larger observations are average-pooled to it. */
  size: number;
  proprioDim: number;
  actionDim: number;
  /** Goal images kept (one per episode, the most recent episodes). 0 disables them. */
  goalImages?: number;
}

/** One time step as the agent saw it, the action it then took, and ground truth for probes. */
export interface Frame {
  obs: Observation;
  /** The action taken after this observation (ignored for an episode's last frame). */
  action: Action;
  info: StepInfo;
  /** Intrinsic cost paid on this step, for the critic. */
  cost?: number;
}

/** `batch` sequences of `length` consecutive frames from one episode each, flattened row-major. */
export interface SequenceBatch {
  batch: number;
  length: number;
  channels: number;
  size: number;
  /** [batch, length, C, size, size] in [0, 1]. */
  images: Float32Array;
  /** [batch, length, P]. */
  proprio: Float32Array;
  /** [batch, length - 1, A]: actions between consecutive frames. */
  actions: Float32Array;
  /** [batch, length, 2] world units. */
  positions: Float32Array;
  /** [batch, length]. */
  wallDistance: Float32Array;
  /** [batch, length] 0/1. */
  hazard: Float32Array;
  /** [batch, length] intrinsic cost. */
  cost: Float32Array;
  /** [batch, length, 2] goal position in world units. */
  goals: Float32Array;
  /** [batch, C, size, size] the episode's goal image, or null when none was stored. */
  goalImages: Float32Array | null;
  /** [batch] episode id of each sequence. */
  episodes: Int32Array;
}

/** A zero-filled batch of B sequences of L frames (C x size x size images, P proprio, A actions). */
export function emptySequenceBatch(
  B: number,
  L: number,
  C: number,
  size: number,
  P: number,
  A: number,
): SequenceBatch {
  return {
    batch: B,
    length: L,
    channels: C,
    size,
    images: new Float32Array(B * L * C * size * size),
    proprio: new Float32Array(B * L * P),
    actions: new Float32Array(B * Math.max(L - 1, 0) * A),
    positions: new Float32Array(B * L * 2),
    wallDistance: new Float32Array(B * L),
    hazard: new Float32Array(B * L),
    cost: new Float32Array(B * L),
    goals: new Float32Array(B * L * 2),
    goalImages: null,
    episodes: new Int32Array(B),
  };
}

export type Rng = () => number;

export class ReplayMemory {
  readonly config: Required<ReplayConfig>;
  private readonly frameLen: number;
  private readonly images: Uint8Array;
  private readonly proprio: Float32Array;
  private readonly actions: Float32Array;
  private readonly positions: Float32Array;
  private readonly wallDist: Float32Array;
  private readonly hazard: Uint8Array;
  private readonly cost: Float32Array;
  private readonly goals: Float32Array;
  private readonly episodeOf: Int32Array;
  private readonly goalImg: Uint8Array;
  private readonly goalImgEpisode: Int32Array;
  /** Frames ever written; frame g lives in slot g % capacity while g >= total - size. */
  private total = 0;
  private episode = -1;
  private episodeOpen = false;

  constructor(config: ReplayConfig) {
    const c = { goalImages: 64, ...config };
    for (const k of ['capacity', 'channels', 'size', 'actionDim'] as const) {
      if (!Number.isInteger(c[k]) || c[k] < 1)
        throw new Error(`ReplayMemory: ${k} must be a positive integer, got ${c[k]}`);
    }
    if (!Number.isInteger(c.proprioDim) || c.proprioDim < 0) {
      throw new Error(`ReplayMemory: proprioDim must be a non-negative integer, got ${c.proprioDim}`);
    }
    if (!Number.isInteger(c.goalImages) || c.goalImages < 0) {
      throw new Error(`ReplayMemory: goalImages must be a non-negative integer, got ${c.goalImages}`);
    }
    this.config = c;
    this.frameLen = c.channels * c.size * c.size;
    const n = c.capacity;
    this.images = new Uint8Array(n * this.frameLen);
    this.proprio = new Float32Array(n * c.proprioDim);
    this.actions = new Float32Array(n * c.actionDim);
    this.positions = new Float32Array(n * 2);
    this.wallDist = new Float32Array(n);
    this.hazard = new Uint8Array(n);
    this.cost = new Float32Array(n);
    this.goals = new Float32Array(n * 2);
    this.episodeOf = new Int32Array(n);
    this.goalImg = new Uint8Array(c.goalImages * this.frameLen);
    this.goalImgEpisode = new Int32Array(c.goalImages).fill(-1);
  }

  /** Frames currently held. */
  get size(): number {
    return Math.min(this.total, this.config.capacity);
  }

  /** Id of the episode being recorded (-1 before the first). */
  get currentEpisode(): number {
    return this.episode;
  }

  /** Bytes held by this memory; fixed at construction. */
  get bytes(): number {
    return (
      this.images.byteLength +
      this.proprio.byteLength +
      this.actions.byteLength +
      this.positions.byteLength +
      this.wallDist.byteLength +
      this.hazard.byteLength +
      this.cost.byteLength +
      this.goals.byteLength +
      this.episodeOf.byteLength +
      this.goalImg.byteLength +
      this.goalImgEpisode.byteLength
    );
  }

  /** Starts a new episode: no sampled sequence will span this boundary. */
  startEpisode(goalImage?: Float32Array, goalImageSize?: number): number {
    this.episode++;
    this.episodeOpen = true;
    if (goalImage && this.config.goalImages > 0) {
      const slot = this.episode % this.config.goalImages;
      this.writeImage(goalImage, goalImageSize ?? this.inferSize(goalImage.length), this.goalImg, slot);
      this.goalImgEpisode[slot] = this.episode;
    }
    return this.episode;
  }

  append(frame: Frame): void {
    if (!this.episodeOpen) throw new Error('ReplayMemory.append: call startEpisode() before the first frame');
    const c = this.config;
    const { obs, action, info } = frame;
    if (obs.channels !== c.channels) {
      throw new Error(
        `ReplayMemory.append: observation has ${obs.channels} channels, memory stores ${c.channels}`,
      );
    }
    if (obs.proprio.length !== c.proprioDim) {
      throw new Error(
        `ReplayMemory.append: proprio has ${obs.proprio.length} values, expected ${c.proprioDim}`,
      );
    }
    if (action.length !== c.actionDim) {
      throw new Error(`ReplayMemory.append: action has ${action.length} values, expected ${c.actionDim}`);
    }
    const slot = this.total % c.capacity;
    this.writeImage(obs.image, obs.size, this.images, slot);
    this.proprio.set(obs.proprio, slot * c.proprioDim);
    for (let i = 0; i < c.actionDim; i++) this.actions[slot * c.actionDim + i] = finiteOr0(action[i]!);
    this.positions[slot * 2] = info.position.x;
    this.positions[slot * 2 + 1] = info.position.y;
    this.wallDist[slot] = info.wallDistance;
    this.hazard[slot] = info.inHazard ? 1 : 0;
    this.cost[slot] = finiteOr0(frame.cost ?? 0);
    this.goals[slot * 2] = info.goal.x;
    this.goals[slot * 2 + 1] = info.goal.y;
    this.episodeOf[slot] = this.episode;
    this.total++;
  }

  /** Whether frames g .. g + length - 1 (global indices) are all held and from one episode. */
  private validStart(g: number, length: number): boolean {
    const cap = this.config.capacity;
    const last = g + length - 1;
    if (g < this.total - this.size || last >= this.total) return false;
    // Frames are appended in order, so one episode is a contiguous run of global indices.
    return this.episodeOf[g % cap] === this.episodeOf[last % cap];
  }

  /** Number of sequence starts available for `length` (for tests and readiness checks). */
  countValidStarts(length: number): number {
    let n = 0;
    for (let g = this.total - this.size; g + length - 1 < this.total; g++)
      if (this.validStart(g, length)) n++;
    return n;
  }

  /**
   * Uniformly random sequences of `length` frames that never cross an episode boundary.
   * Throws if memory holds no such sequence.
   */
  sampleSequences(batch: number, length: number, rng: Rng = Math.random): SequenceBatch {
    if (!Number.isInteger(batch) || batch < 1)
      throw new Error(`sampleSequences: batch must be >= 1, got ${batch}`);
    if (!Number.isInteger(length) || length < 1)
      throw new Error(`sampleSequences: length must be >= 1, got ${length}`);
    const lo = this.total - this.size;
    const span = this.total - length + 1 - lo;
    if (span <= 0)
      throw new Error(`sampleSequences: memory holds ${this.size} frames, fewer than length ${length}`);
    const starts: number[] = [];
    let tries = 0;
    while (starts.length < batch) {
      const g = lo + Math.floor(rng() * span);
      if (this.validStart(g, length)) starts.push(g);
      else if (++tries > 100 * batch) {
        // Rejection is fast when episodes are long; fall back to enumerating for short ones.
        const all: number[] = [];
        for (let h = lo; h < lo + span; h++) if (this.validStart(h, length)) all.push(h);
        if (all.length === 0)
          throw new Error(`sampleSequences: no episode in memory has ${length} consecutive frames`);
        while (starts.length < batch) starts.push(all[Math.floor(rng() * all.length)]!);
      }
    }
    return this.gather(starts, length);
  }

  private gather(starts: number[], length: number): SequenceBatch {
    const c = this.config;
    const B = starts.length;
    const L = length;
    const F = this.frameLen;
    const out = emptySequenceBatch(B, L, c.channels, c.size, c.proprioDim, c.actionDim);
    let goalImages: Float32Array | null = c.goalImages > 0 ? new Float32Array(B * F) : null;
    for (let b = 0; b < B; b++) {
      const g0 = starts[b]!;
      const ep = this.episodeOf[g0 % c.capacity]!;
      out.episodes[b] = ep;
      for (let t = 0; t < L; t++) {
        const slot = (g0 + t) % c.capacity;
        const i = b * L + t;
        const src = this.images.subarray(slot * F, (slot + 1) * F);
        const dst = out.images.subarray(i * F, (i + 1) * F);
        for (let k = 0; k < F; k++) dst[k] = src[k]! / 255;
        out.proprio.set(
          this.proprio.subarray(slot * c.proprioDim, (slot + 1) * c.proprioDim),
          i * c.proprioDim,
        );
        if (t < L - 1) {
          out.actions.set(
            this.actions.subarray(slot * c.actionDim, (slot + 1) * c.actionDim),
            (b * (L - 1) + t) * c.actionDim,
          );
        }
        out.positions[i * 2] = this.positions[slot * 2]!;
        out.positions[i * 2 + 1] = this.positions[slot * 2 + 1]!;
        out.wallDistance[i] = this.wallDist[slot]!;
        out.hazard[i] = this.hazard[slot]!;
        out.cost[i] = this.cost[slot]!;
        out.goals[i * 2] = this.goals[slot * 2]!;
        out.goals[i * 2 + 1] = this.goals[slot * 2 + 1]!;
      }
      if (goalImages) {
        const gs = ep % c.goalImages;
        if (this.goalImgEpisode[gs] !== ep) goalImages = null;
        else {
          const src = this.goalImg.subarray(gs * F, (gs + 1) * F);
          for (let k = 0; k < F; k++) goalImages[b * F + k] = src[k]! / 255;
        }
      }
    }
    out.goalImages = goalImages;
    return out;
  }

  private inferSize(len: number): number {
    const s = Math.round(Math.sqrt(len / this.config.channels));
    if (s * s * this.config.channels !== len) {
      throw new Error(`ReplayMemory: image of ${len} values is not ${this.config.channels} square channels`);
    }
    return s;
  }

  /** Average-pools a CHW float image of side `side` to the stored size and quantises it into `dst` at `slot`. */
  private writeImage(image: Float32Array, side: number, dst: Uint8Array, slot: number): void {
    const c = this.config;
    const S = c.size;
    if (image.length !== c.channels * side * side) {
      throw new Error(
        `ReplayMemory: image has ${image.length} values, expected ${c.channels}x${side}x${side}`,
      );
    }
    if (side % S !== 0)
      throw new Error(`ReplayMemory: image side ${side} is not a multiple of the stored size ${S}`);
    const f = side / S;
    const norm = 255 / (f * f);
    const base = slot * this.frameLen;
    for (let ch = 0; ch < c.channels; ch++) {
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          let sum = 0;
          for (let dy = 0; dy < f; dy++) {
            const row = (ch * side + y * f + dy) * side + x * f;
            for (let dx = 0; dx < f; dx++) sum += image[row + dx]!;
          }
          const v = Math.round(sum * norm);
          dst[base + (ch * S + y) * S + x] = v < 0 ? 0 : v > 255 ? 255 : Number.isNaN(v) ? 0 : v;
        }
      }
    }
  }
}

function finiteOr0(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
