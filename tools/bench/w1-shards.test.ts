import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/agent/plan/rng';
import { initNodeBackend, type NodeBackend } from '../../src/agent/tf/backend-node';
import { tf } from '../../src/agent/tf/core';
import { W1, W1Planner, type W1Shape, w1Init } from './w1';
import { nodeShardedW1 } from './w1-shard-node';
import { localShardPort, ShardedW1, type ShardReply, shardSizes } from './w1-shards';

// Small enough for the cpu backend; the same code paths as W1.
const SHAPE: W1Shape = { ...W1, K: 7, H: 5, I: 4, hidden: 16 };

/** The cost of one unsharded plan from the same starting u. */
function reference(init: Float32Array): number {
  const p = new W1Planner('fused', SHAPE);
  try {
    return p.plan(init);
  } finally {
    p.dispose();
  }
}

describe('W1 split across workers by candidate', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });
  let open: ShardedW1 | null = null;
  afterEach(async () => {
    await open?.dispose();
    open = null;
  });

  it('shares K out evenly and in order, and refuses a shard count it cannot use', () => {
    expect(shardSizes(64, 2)).toEqual([32, 32]);
    expect(shardSizes(7, 3)).toEqual([3, 2, 2]);
    expect(() => shardSizes(4, 5)).toThrow(/1 <= shards <= K \(4\), got 5/);
    expect(() => shardSizes(4, 0)).toThrow(/got 0/);
  });

  it('plans the same as one planner (local shards), and frees every shard tensor on dispose', async () => {
    const before = tf.memory().numTensors;
    const init = w1Init(new Rng(3), SHAPE);
    const want = reference(init);
    const sharded = await ShardedW1.open([localShardPort(), localShardPort(), localShardPort()], SHAPE);
    expect(sharded.sizes).toEqual([3, 2, 2]);
    const got = await sharded.plan(init);
    // Each candidate's Adam steps are its own, so only the order of the final sum differs.
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    // A second plan changes nothing in the shards' tensor count.
    const held = tf.memory().numTensors;
    await sharded.plan();
    expect(tf.memory().numTensors).toBe(held);
    await sharded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('plans the same in two Node worker threads, each with its own tfjs', async () => {
    const init = w1Init(new Rng(5), SHAPE);
    const want = reference(init);
    open = await nodeShardedW1(2, 'cpu', SHAPE);
    const got = await open.plan(init);
    expect(Math.abs(got - want) / Math.abs(want)).toBeLessThan(1e-5);
    const tensors = open.tensors;
    expect(tensors).toBeGreaterThan(0);
    await open.plan();
    expect(open.tensors).toBe(tensors);
  });

  it('names a shard whose worker cannot start its backend, and stops the others', async () => {
    await expect(nodeShardedW1(2, 'bogus' as NodeBackend, SHAPE)).rejects.toThrow(
      /W1 shard \d: Backend name 'bogus' not found/,
    );
  });

  it('fails every later plan, by shard, once a worker has died, with nothing left in flight', async () => {
    const ports = [localShardPort(), localShardPort()];
    // The second port's worker dies after its first reply.
    let kill: ((m: ShardReply) => void) | null = null;
    const listen = ports[1]!.listen;
    ports[1]!.listen = (h) => {
      kill = h;
      listen(h);
    };
    open = await ShardedW1.open(ports, SHAPE);
    await expect(open.plan()).resolves.toBeGreaterThan(0);
    kill!({ kind: 'dead', message: 'worker exited with code 1' });
    await expect(open.plan()).rejects.toThrow('W1 shard 1: worker exited with code 1');
    await expect(open.plan()).rejects.toThrow('W1 shard 1: worker exited with code 1');
  });

  it('names a wrong-sized starting u and stays usable', async () => {
    open = await ShardedW1.open([localShardPort(), localShardPort()], SHAPE);
    await expect(open.plan(new Float32Array(3))).rejects.toThrow(/init has 3 values, expected 70/);
    await expect(open.plan()).resolves.toBeGreaterThan(0);
  });
});
