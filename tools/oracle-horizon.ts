// Experiment: is two-rooms a horizon problem? CEM on the TRUE simulator with actions held in blocks
// of BLOCK steps (an effective horizon of BLOCKS x BLOCK steps), time-correlated noise, replanning
// after each block. Usage: npx tsx tools/oracle-horizon.ts BLOCKS BLOCK SAMPLES ITERS EPISODES
// Results in docs/RESULTS.md ("Horizon, not model").
import { Rng } from '../src/agent/plan/rng';
import { builtinScenario, World } from '../src/world/index';

const [H_BLOCKS, BLOCK, SAMPLES, ITERS, EPISODES] = process.argv.slice(2).map(Number) as number[];
const scen = builtinScenario('two-rooms');
const rng = new Rng(1);
function clip(ax: number, ay: number): [number, number] {
  const n = Math.hypot(ax, ay);
  return n > 1 ? [ax / n, ay / n] : [ax, ay];
}
function score(world: World, seq: Float32Array): number {
  const saved = world.saveState();
  let cost = 0;
  let t = 0;
  const T = H_BLOCKS! * BLOCK!;
  outer: for (let b = 0; b < H_BLOCKS!; b++) {
    for (let r = 0; r < BLOCK!; r++, t++) {
      const { info } = world.step([seq[2 * b]!, seq[2 * b + 1]!]);
      cost += info.goalDistance;
      if (info.collided) cost += 0.2;
      if (info.success) break outer;
    }
  }
  // remaining steps at final distance (reaching early is rewarded)
  cost += (T - t) * world.info().goalDistance;
  world.loadState(saved);
  return cost;
}
let reached = 0;
let prev: Float32Array | null = null;
for (let ep = 0; ep < EPISODES!; ep++) {
  const world = World.create(scen, { seed: 1000 + ep, obsSize: 32 });
  let { info } = world.reset();
  prev = null;
  let steps = 0;
  while (!info.done) {
    let mean: Float32Array = new Float32Array(2 * H_BLOCKS!);
    if (prev) for (let i = 0; i < 2 * H_BLOCKS! - 2; i++) mean[i] = prev[i + 2]!;
    let std = 0.9;
    let best: Float32Array = mean;
    let bestCost = Infinity;
    for (let it = 0; it < ITERS!; it++) {
      const scored: { seq: Float32Array; cost: number }[] = [];
      for (let k = 0; k < SAMPLES!; k++) {
        const seq = new Float32Array(2 * H_BLOCKS!);
        let nx = 0,
          ny = 0;
        for (let b = 0; b < H_BLOCKS!; b++) {
          nx = 0.7 * nx + 0.71 * rng.normal();
          ny = 0.7 * ny + 0.71 * rng.normal();
          const [ax, ay] = clip(
            mean[2 * b]! + (k === 0 ? 0 : std * nx),
            mean[2 * b + 1]! + (k === 0 ? 0 : std * ny),
          );
          seq[2 * b] = ax;
          seq[2 * b + 1] = ay;
        }
        scored.push({ seq, cost: score(world, seq) });
      }
      scored.sort((a, b) => a.cost - b.cost);
      if (scored[0]!.cost < bestCost) {
        bestCost = scored[0]!.cost;
        best = scored[0]!.seq;
      }
      const el = scored.slice(0, 6);
      mean = new Float32Array(2 * H_BLOCKS!);
      for (const e of el) for (let i = 0; i < mean.length; i++) mean[i]! += e.seq[i]! / el.length;
      std *= 0.6;
    }
    prev = best;
    // execute one block
    for (let r = 0; r < BLOCK! && !info.done; r++) {
      ({ info } = world.step([best[0]!, best[1]!]));
      steps++;
    }
  }
  if (info.success) reached++;
  console.log(`ep ${ep}: ${info.success ? 'reached' : 'failed'} in ${steps} steps (${reached}/${ep + 1})`);
}
