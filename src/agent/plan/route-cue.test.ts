import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../tf/backend-node';
import { tf } from '../tf/core';
import { Policy, PolicyBuffer } from './policy';
import { Rng } from './rng';
import { ROUTE_CUE_DIM, routeCue } from './route-cue';

const route = (cells: [number, number][]) => ({
  path: Float32Array.from(cells.flat()),
  length: cells.length,
});

describe('the route cue', () => {
  it('points from the agent cell towards the route about three cells ahead, as a unit vector', () => {
    const straight = routeCue(
      route([
        [1, 1],
        [1.3, 1],
        [1.6, 1],
        [1.9, 1],
        [2.2, 1],
      ]),
    );
    expect(straight[0]).toBeCloseTo(1, 6);
    expect(straight[1]).toBeCloseTo(0, 6);
    // A route that turns after two cells: the cue already leans into the turn.
    const turn = routeCue(
      route([
        [1, 1],
        [1.3, 1],
        [1.6, 1],
        [1.6, 1.3],
        [1.6, 1.6],
      ]),
    );
    expect(Math.hypot(turn[0]!, turn[1]!)).toBeCloseTo(1, 6);
    expect(turn[0]).toBeGreaterThan(0);
    expect(turn[1]).toBeGreaterThan(0);
    // Two cells: towards the last.
    const short = routeCue(
      route([
        [1, 1],
        [1, 0.7],
      ]),
    );
    expect(Array.from(short)).toEqual([0, -1]);
  });

  it('is zero at the goal cell and without a route', () => {
    expect(Array.from(routeCue(null))).toEqual([0, 0]);
    expect(Array.from(routeCue(route([[3, 3]])))).toEqual([0, 0]);
  });
});

describe('a Mode-1 policy with a cue', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });

  it('refuses to act without its cue, and learns an action that only the cue explains', () => {
    const D = 4;
    // The planner's action is the cue itself, whatever the (random) latents say.
    const rng = new Rng(3);
    const draw = (n: number) => {
      const out = { s: [] as number[], g: [] as number[], cue: [] as number[] };
      for (let i = 0; i < n; i++) {
        for (let d = 0; d < D; d++) out.s.push(rng.normal());
        for (let d = 0; d < D; d++) out.g.push(rng.normal());
        const angle = rng.next() * 2 * Math.PI;
        out.cue.push(0.8 * Math.cos(angle), 0.8 * Math.sin(angle));
      }
      return out;
    };
    const train = draw(512);
    const heldOut = draw(256);
    const heldOutError = (cueDim: number): number => {
      const policy = new Policy({ latentDim: D, seed: 1, cueDim, lr: 3e-3 });
      if (cueDim > 0)
        expect(() => tf.tidy(() => policy.act(tf.zeros([1, D]), tf.zeros([1, D])))).toThrow(
          /needs a cue of 2 values/,
        );
      const data = new PolicyBuffer(512, D, 2, cueDim);
      for (let i = 0; i < 512; i++) {
        const cue = train.cue.slice(2 * i, 2 * i + 2);
        data.add(
          train.s.slice(i * D, (i + 1) * D),
          train.g.slice(i * D, (i + 1) * D),
          cue,
          cueDim ? cue : undefined,
        );
      }
      const fitOnce = () => {
        const b = data.sample(64, rng);
        return policy.fit(b.states, b.goals, b.actions, cueDim > 0 ? b.cues : undefined);
      };
      fitOnce(); // the first step also makes the optimiser's slots
      const tensors = tf.memory().numTensors;
      for (let step = 1; step < 400; step++) fitOnce();
      expect(tf.memory().numTensors).toBe(tensors);
      const err = tf.tidy(() => {
        const a = policy.act(
          tf.tensor2d(heldOut.s, [256, D]),
          tf.tensor2d(heldOut.g, [256, D]),
          cueDim ? tf.tensor2d(heldOut.cue, [256, 2]) : undefined,
        );
        return tf.mean(tf.square(tf.sub(a, tf.tensor2d(heldOut.cue, [256, 2])))).dataSync()[0]!;
      });
      policy.dispose();
      return err;
    };
    // The actions have mean square 0.32: on new states the cued policy gets most of it, the blind one cannot.
    expect(heldOutError(ROUTE_CUE_DIM)).toBeLessThan(0.05);
    expect(heldOutError(0)).toBeGreaterThan(0.25);
  });
});
