// W1 split across workers by candidate. The K candidates of a gradient-descent plan never interact:
// the cost is a sum over candidates and Adam updates each value on its own, so K/n candidates in
// each of n workers, each on its own single-threaded wasm backend, compute the same plan as one
// planner does, on n cores. This is how the planner uses a second core without tfjs's threaded
// wasm build (which starts its threads from source text: dynamic code, forbidden here). The
// transport is a message port, so the same code drives Node's worker_threads and the browser's
// Web Workers. No Node imports.
import { Rng } from '../../src/agent/plan/rng';
import { tf } from '../../src/agent/tf/core';
import { W1, W1Planner, type W1Shape, w1Init } from './w1';

export type ShardRequest =
  | { kind: 'start'; shape: W1Shape }
  | { kind: 'plan'; init: Float32Array }
  /** Frees the shard's planner; no reply. */
  | { kind: 'stop' };

export type ShardReply =
  | { kind: 'ready'; tensors: number }
  | { kind: 'cost'; value: number; tensors: number }
  /** The request failed; the shard lives on. */
  | { kind: 'error'; message: string }
  /** The worker itself failed or exited (sent by the port, not the shard): every later request fails too. */
  | { kind: 'dead'; message: string };

/** One end of a worker, whatever the worker is. */
export interface ShardPort {
  post(m: ShardRequest): void;
  /** Every reply, and the worker's own failure or exit turned into a 'dead' reply. */
  listen(handler: (m: ShardReply) => void): void;
  terminate(): Promise<void>;
}

/** Candidates per shard: as even as possible, in order, summing to K. */
export function shardSizes(K: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1 || n > K)
    throw new Error(`shardSizes: need 1 <= shards <= K (${K}), got ${n}`);
  return Array.from({ length: n }, (_, i) => Math.floor(K / n) + (i < K % n ? 1 : 0));
}

/** The worker side: a W1 planner for the candidates it is given. */
export function serveShard(port: {
  post(m: ShardReply): void;
  listen(handler: (m: ShardRequest) => void): void;
}): void {
  let planner: W1Planner | null = null;
  const tensors = () => tf.memory().numTensors;
  port.listen((m) => {
    try {
      if (m.kind === 'start') {
        planner?.dispose();
        planner = new W1Planner('fused', m.shape);
        port.post({ kind: 'ready', tensors: tensors() });
      } else if (m.kind === 'stop') {
        planner?.dispose();
        planner = null;
      } else {
        if (!planner) throw new Error("W1 shard: 'plan' before 'start'");
        const value = planner.plan(m.init);
        port.post({ kind: 'cost', value, tensors: tensors() });
      }
    } catch (e) {
      port.post({ kind: 'error', message: (e as Error).message });
    }
  });
}

/** The caller's side of one shard: one request at a time. */
class Shard {
  private pending: { resolve: (m: ShardReply) => void; reject: (e: Error) => void } | null = null;
  /** Set once the worker has failed or exited: no reply will ever come again. */
  private dead: Error | null = null;
  tensors = 0;

  constructor(
    private readonly port: ShardPort,
    readonly index: number,
  ) {
    port.listen((m) => {
      if (m.kind === 'dead') this.dead ??= new Error(`W1 shard ${index}: ${m.message}`);
      const p = this.pending;
      this.pending = null;
      if (!p) return;
      if (m.kind === 'dead') p.reject(this.dead!);
      else if (m.kind === 'error') p.reject(new Error(`W1 shard ${index}: ${m.message}`));
      else {
        this.tensors = m.tensors;
        p.resolve(m);
      }
    });
  }

  request(m: ShardRequest): Promise<ShardReply> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending)
      return Promise.reject(new Error(`W1 shard ${this.index}: a request is already in flight`));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.port.post(m);
    });
  }

  close(): Promise<void> {
    return this.port.terminate();
  }
}

/** W1 planned by several workers, each with its share of the candidates. */
export class ShardedW1 {
  private readonly rng = new Rng(0);

  private constructor(
    private readonly shards: Shard[],
    readonly sizes: number[],
    readonly shape: W1Shape,
  ) {}

  /** Starts one shard per port; the candidates are shared out by shardSizes. */
  static async open(ports: ShardPort[], shape: W1Shape = W1): Promise<ShardedW1> {
    const sizes = shardSizes(shape.K, ports.length);
    const shards = ports.map((p, i) => new Shard(p, i));
    const started = await Promise.allSettled(
      shards.map((s, i) => s.request({ kind: 'start', shape: { ...shape, K: sizes[i]! } })),
    );
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(shards.map((s) => s.close()));
      throw failed.reason;
    }
    return new ShardedW1(shards, sizes, shape);
  }

  get workers(): number {
    return this.shards.length;
  }

  /** Live tensors in all the shards, as of their last reply. */
  get tensors(): number {
    return this.shards.reduce((a, s) => a + s.tensors, 0);
  }

  /**
   * One plan from `init` ([K, H, A], fresh random values when omitted, drawn as W1Planner draws
   * them): each shard gets its candidates' rows; the cost is the sum of the shards' costs.
   */
  async plan(init: Float32Array = w1Init(this.rng, this.shape)): Promise<number> {
    const { K, H, A } = this.shape;
    if (init.length !== K * H * A)
      throw new Error(`ShardedW1: init has ${init.length} values, expected ${K * H * A}`);
    let offset = 0;
    const parts = this.sizes.map((k) => {
      const part = init.slice(offset, offset + k * H * A);
      offset += k * H * A;
      return part;
    });
    // Every shard settles before this returns, so a failed plan leaves no request in flight.
    const settled = await Promise.allSettled(
      this.shards.map((s, i) => s.request({ kind: 'plan', init: parts[i]! })),
    );
    let sum = 0;
    for (const r of settled) {
      if (r.status === 'rejected') throw r.reason;
      if (r.value.kind === 'cost') sum += r.value.value;
    }
    return sum;
  }

  /** Stops the workers (their tensors go with them). */
  async dispose(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }
}

/** A shard in this thread (tests; the same messages, no worker). */
export function localShardPort(): ShardPort {
  let toCaller: ((m: ShardReply) => void) | null = null;
  let toShard: ((m: ShardRequest) => void) | null = null;
  serveShard({
    post: (m) => queueMicrotask(() => toCaller?.(m)),
    listen: (h) => {
      toShard = h;
    },
  });
  return {
    post: (m) => toShard?.(m),
    listen: (h) => {
      toCaller = h;
    },
    terminate: async () => toShard?.({ kind: 'stop' }),
  };
}
