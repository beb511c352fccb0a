// Fits the wall-map readout (model/network.ts probeMapLogits) on frozen latents: many layouts of a
// scenario, the agent placed at free spots in each, every frame encoded once; the target is the
// layout's wall occupancy (world/occupancy.ts). The readout is a probe: the encoder and predictor
// are not touched. Writes the checkpoint back with mapGrid set and prints held-out grades.
import { readFileSync, writeFileSync } from 'node:fs';
import { decodeCheckpoint } from '../src/agent/checkpoint/format';
import { saveLearner } from '../src/agent/checkpoint/model-io';
import { WorldModelLearner } from '../src/agent/model/learner';
import { mulberry32 } from '../src/agent/model/rng';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { World } from '../src/world/index';
import { wallClearance, wallOccupancy } from '../src/world/occupancy';
import { encodeAll } from './encode-frames';
import { ProgressBar } from './progress';
import { loadScenarioArg } from './scenario-arg';
import { parseTrainMapArgs } from './train-map-args';

interface Grades {
  loss: number;
  /** Cells read on the right side of 0.5. */
  accuracy: number;
  /** Wall cells read as wall. */
  wallRecall: number;
  /** Free cells within 1 m of a wall read as wall: a closed-off door would show here. */
  falseWallNearWalls: number;
}

async function main(): Promise<void> {
  const a = parseTrainMapArgs(process.argv.slice(2));
  await initNodeBackend('wasm');
  const scenario = loadScenarioArg(a);
  const ckpt = decodeCheckpoint(readFileSync(a.checkpoint));
  const learner = new WorldModelLearner({ ...ckpt.config, mapGrid: a.grid }, a.seed);
  // The checkpoint's weights, plus fresh map weights (or its own, if it had a map of this size).
  const have = new Set(ckpt.weights.map((w) => w.name));
  learner.importWeights([...ckpt.weights, ...learner.exportWeights().filter((w) => !have.has(w.name))]);
  const G = a.grid;
  const world = World.create(scenario, { seed: a.seed });
  const rnd = mulberry32(a.seed + 17);
  const r = scenario.agent.radius;
  const { width, height } = scenario.arena;

  const images: Float32Array[] = [];
  const proprio: Float32Array[] = [];
  const maps: Float32Array[] = [];
  const near: Uint8Array[] = [];
  const bar = new ProgressBar(a.layouts);
  for (let l = 0; l < a.layouts; l++) {
    world.reset();
    const snap = world.snapshot();
    const map = wallOccupancy(snap, G, a.margin);
    const nearWall = new Uint8Array(G * G);
    for (let j = 0; j < G; j++)
      for (let i = 0; i < G; i++)
        nearWall[j * G + i] =
          wallClearance(snap, ((i + 0.5) * width) / G, ((j + 0.5) * height) / G) < 1 ? 1 : 0;
    for (let k = 0; k < a.perLayout; k++) {
      let p = { x: 0, y: 0 };
      do p = { x: r + rnd() * (width - 2 * r), y: r + rnd() * (height - 2 * r) };
      while (wallClearance(snap, p.x, p.y) < r);
      // Moving now and then: the planner reads the map from whatever state the agent is in.
      const v = rnd() < 0.5 ? { x: 0, y: 0 } : { x: (rnd() - 0.5) * 2, y: (rnd() - 0.5) * 2 };
      const o = world.observeAgentAt(p, v);
      images.push(o.image);
      proprio.push(o.proprio);
      maps.push(map);
      near.push(nearWall);
    }
    bar.update(l + 1, 'layouts placed');
  }
  bar.done();
  const z = encodeAll(learner, images, proprio);
  const D = learner.latentDim;
  const n = images.length;
  const nTrain = Math.floor((a.layouts * 7) / 8) * a.perLayout;
  const Z = tf.tensor2d(z, [n, D]);
  const Y = tf.tensor2d(concat(maps), [n, G * G]);

  const grade = (from: number, to: number): Grades =>
    tf.tidy(() => {
      const zs = tf.slice(Z, [from, 0], [to - from, D]);
      const ys = tf.slice(Y, [from, 0], [to - from, G * G]);
      const p = learner.readWallMap(zs).dataSync();
      const t = ys.dataSync();
      let right = 0;
      let walls = 0;
      let wallsHit = 0;
      let nearFree = 0;
      let nearFalse = 0;
      let bce = 0;
      for (let i = 0; i < p.length; i++) {
        const wall = t[i]! > 0.5;
        const says = p[i]! > 0.5;
        const q = Math.min(1 - 1e-6, Math.max(1e-6, p[i]!));
        bce -= wall ? Math.log(q) : Math.log(1 - q);
        if (wall === says) right++;
        if (wall) {
          walls++;
          if (says) wallsHit++;
        } else if (near[from + Math.floor(i / (G * G))]![i % (G * G)]) {
          nearFree++;
          if (says) nearFalse++;
        }
      }
      return {
        loss: bce / p.length,
        accuracy: right / p.length,
        wallRecall: walls ? wallsHit / walls : 1,
        falseWallNearWalls: nearFree ? nearFalse / nearFree : 0,
      };
    });

  const fmt = (g: Grades) =>
    `loss ${g.loss.toFixed(4)}, cells right ${(100 * g.accuracy).toFixed(2)}%, wall cells found ${(100 * g.wallRecall).toFixed(1)}%, free cells near walls read as wall ${(100 * g.falseWallNearWalls).toFixed(2)}%`;
  console.log(
    `${n} frames from ${a.layouts} layouts (${n - nTrain} held out), map ${G}x${G}, margin ${a.margin} m`,
  );
  console.log(`held out before: ${fmt(grade(nTrain, n))}`);
  const pick = mulberry32(a.seed + 29);
  const train = new ProgressBar(a.steps);
  for (let s = 0; s < a.steps; s++) {
    const idx = Int32Array.from({ length: a.batch }, () => Math.floor(pick() * nTrain));
    tf.tidy(() => {
      const ix = tf.tensor1d(idx, 'int32');
      learner.trainMapStep(tf.gather(Z, ix) as tf.Tensor2D, tf.gather(Y, ix) as tf.Tensor2D, a.lr);
    });
    if ((s + 1) % 100 === 0) train.update(s + 1, 'map fit steps');
  }
  train.done();
  const heldOut = grade(nTrain, n);
  const seen = grade(0, Math.min(nTrain, n - nTrain));
  console.log(`training layouts: ${fmt(seen)}`);
  console.log(`held out after:   ${fmt(heldOut)}`);
  const bytes = saveLearner(learner, {
    metrics: { ...ckpt.metrics, steps: ckpt.metrics.steps ?? learner.step },
    meta: {
      ...ckpt.meta,
      wallMap: `npm run train:map -- ${process.argv.slice(2).join(' ')}`,
      wallMapHeldOut: fmt(heldOut),
    },
  });
  writeFileSync(a.out, new Uint8Array(bytes));
  console.log(`wrote ${a.out}`);
  Z.dispose();
  Y.dispose();
  learner.dispose();
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

main().catch((e: unknown) => {
  process.stderr.write(`train:map: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
