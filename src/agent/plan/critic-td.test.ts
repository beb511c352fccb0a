import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { Critic } from './critic';
import { TemporalCriticTrainer } from './critic-td';
import { Rng } from './rng';

// States on a 300-degree arc: its two ends are close as latents (a 60-degree chord) but 39 steps
// apart along the only path, like two points on either side of a wall. A critic of latent distance
// would call them neighbours; a temporal-distance critic must not.
const N = 40;
const arc = (i: number) => {
  const a = (i / (N - 1)) * (300 / 180) * Math.PI;
  return [Math.cos(a), Math.sin(a), 0.5, 0];
};

function walk(rng: Rng): Float32Array {
  // An explorer that drifts from one end of the arc to the other, now and then stepping back or
  // pausing: it covers the whole path, never by the shortest route.
  const dir = rng.next() < 0.5 ? 1 : -1;
  let i = dir > 0 ? 0 : N - 1;
  const out: number[] = [];
  for (let t = 0; t < 70; t++) {
    out.push(...arc(i));
    const u = rng.next();
    const step = u < 0.7 ? dir : u < 0.85 ? 0 : -dir;
    i = Math.min(N - 1, Math.max(0, i + step));
  }
  return Float32Array.from(out);
}

describe('TemporalCriticTrainer', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('learns that the two ends of the arc are far apart although their latents are close', () => {
    const gamma = 0.97;
    const critic = new Critic({ latentDim: 4, gamma, hidden: 64, lr: 2e-3, seed: 1, name: 'td-critic' });
    const target = new Critic({ latentDim: 4, gamma, hidden: 64, seed: 1, name: 'td-critic-target' });
    const trainer = new TemporalCriticTrainer(critic, target, { goalZeroDims: [3], targetEvery: 25 });
    const rng = new Rng(3);
    for (let e = 0; e < 60; e++) trainer.addEpisode(walk(rng));
    let n0 = 0;
    for (let s = 0; s < 1500; s++) {
      if (s === 1) n0 = tf.memory().numTensors;
      trainer.step(128, rng);
    }
    expect(tf.memory().numTensors).toBe(n0);
    const v = (i: number, j: number) =>
      critic.values(Float32Array.from(arc(i)), Float32Array.from(arc(j)))[0]!;
    const steps = (d: number) => (1 - gamma ** d) / (1 - gamma);
    // Ends: 39 steps apart (V* = 23.5); the middle of the arc is 20 steps from an end (V* = 15.3)
    // although its latent is further away than the other end's.
    const ends = v(0, N - 1);
    const mid = v(0, 20);
    const near = v(0, 3);
    expect(ends).toBeGreaterThan(mid + 3);
    expect(mid).toBeGreaterThan(near + 3);
    expect(Math.abs(near - steps(3))).toBeLessThan(2.5);
    trainer.critic.dispose();
    target.dispose();
  });

  it('rejects bad options and episodes by name', () => {
    const c = new Critic({ latentDim: 4, hidden: 8, name: 'a' });
    const t = new Critic({ latentDim: 4, hidden: 16, name: 'b' });
    expect(() => new TemporalCriticTrainer(c, t)).toThrow(/same shape/);
    const t2 = new Critic({ latentDim: 4, hidden: 8, name: 'c' });
    expect(() => new TemporalCriticTrainer(c, t2, { expectile: 1.5 })).toThrow(/expectile/);
    const ok = new TemporalCriticTrainer(c, t2);
    expect(() => ok.addEpisode(new Float32Array(6))).toThrow(/latents of 4/);
    expect(() => ok.step(4, new Rng(1))).toThrow(/no episodes/);
    for (const x of [c, t, t2]) x.dispose();
  });
});
