import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { Critic } from './critic';
import { hindsightDistances, UNREACHABLE } from './critic-graph';
import { TemporalCriticTrainer } from './critic-td';
import { Rng } from './rng';

// An explorer that walks 2 m out along x in 0.1 m steps and comes back the same way: by time, its
// first and last states are 40 steps apart; by place they are the same.
const outAndBack = () => {
  const xs = [
    ...Array.from({ length: 21 }, (_, i) => i * 0.1),
    ...Array.from({ length: 20 }, (_, i) => 1.9 - i * 0.1),
  ];
  const pos = Float32Array.from(xs.flatMap((x) => [x, 0]));
  return { pos, z: Float32Array.from(pos) };
};

describe('hindsightDistances', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('links revisits of a place, so a loop is a shortcut and not 40 steps', () => {
    const { pos, z } = outAndBack();
    const n = pos.length / 2;
    const d = hindsightDistances(z, pos, 2, { linkRadius: 0.05 });
    expect(d[0 * n + 40]).toBe(1); // start and end: the same place
    expect(d[5 * n + 35]).toBe(1);
    expect(d[0 * n + 20]).toBe(20); // the turnaround really is 20 steps out
    expect(d[20 * n + 0]).toBe(20); // symmetric: the goal may lie in the past
    expect(d[3 * n + 37]).toBe(1);
    for (let i = 0; i < n * n; i++) expect(d[i]).not.toBe(UNREACHABLE);
  });

  it('never links states farther apart than the radius, however close their latents', () => {
    // Two parallel corridors 1 m apart (a wall between them), joined only at their far end.
    const xs = [
      ...Array.from({ length: 11 }, (_, i) => [i * 0.1, 0]),
      ...Array.from({ length: 11 }, (_, i) => [1 - i * 0.1, 1]),
    ];
    const pos = Float32Array.from(xs.flat());
    const z = Float32Array.from(xs.flatMap(([x]) => [x!, 0])); // the latent forgot the corridor
    const n = 22;
    const d = hindsightDistances(z, pos, 2, { linkRadius: 0.2 });
    expect(d[0 * n + 21]).toBe(21); // side by side across the wall: the whole way round
    expect(() => hindsightDistances(z, pos.subarray(2), 2)).toThrow(/2 positions each/);
  });

  it('gives the trainer exact targets: the sampled step counts are the graph distances', () => {
    const { pos, z } = outAndBack();
    const dist = hindsightDistances(z, pos, 2, { linkRadius: 0.05 });
    const critic = new Critic({ latentDim: 2, hidden: 8, seed: 1, name: 'graph-c' });
    const target = new Critic({ latentDim: 2, hidden: 8, seed: 1, name: 'graph-t' });
    const trainer = new TemporalCriticTrainer(critic, target);
    trainer.addEpisode(z, dist);
    const { s, g, k, reached } = trainer.sample(256, new Rng(3));
    let past = 0;
    for (let b = 0; b < 256; b++) {
      const i = Math.round(s[2 * b]! * 10);
      const j = Math.round(g[2 * b]! * 10);
      expect(reached[b]).toBe(1);
      // Positions repeat on the way back, so compare with the shortest of the candidate pairs.
      expect(k[b]).toBeLessThanOrEqual(Math.abs(i - j) + 1);
      if (k[b]! > 0 && g[2 * b]! < s[2 * b]!) past++;
    }
    expect(past).toBeGreaterThan(0);
    expect(() => trainer.addEpisode(z, dist.subarray(1))).toThrow(/distances/);
    critic.dispose();
    target.dispose();
  });
});
