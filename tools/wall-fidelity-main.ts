// The body of tools/wall-fidelity.ts (tfjs must load after the resolve hooks).
import { readFileSync } from 'node:fs';
import { learnerFromCheckpoint } from '../src/agent/checkpoint/model-io';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { builtinScenario, World } from '../src/world/index';

await initNodeBackend('wasm');
const path = process.argv[2] ?? 'assets/checkpoints/two-rooms.ckpt';
const layouts = Number(process.argv[3] ?? 4);
if (!(Number.isInteger(layouts) && layouts >= 1))
  throw new Error(`layouts must be a positive integer, got '${process.argv[3]}'`);
const { learner } = learnerFromCheckpoint(readFileSync(path));
const fm = new FrozenWorldModel(learner);
const world = World.create(builtinScenario('two-rooms'), { seed: 777 });
const midX = world.scenario.arena.width / 2;
const STEPS = 24;
let through = 0;
const errors: number[] = [];
for (let ep = 0; ep < layouts; ep++) {
  world.reset();
  const door = world.snapshot().doors[0]!.rect;
  // A y far from the door (1.5 to 3.5 m from its nearer edge, inside the arena), alternating sides.
  const away = 1.5 + ((ep * 0.37) % 2);
  const y = door.y > 5 ? Math.max(0.5, door.y - away) : Math.min(9.5, door.y + door.h + away);
  const x0 = ep % 2 === 0 ? 3.0 : 7.0;
  const dir = ep % 2 === 0 ? 1 : -1;
  world.placeAgent({ x: x0, y });
  let r = world.step([0, 0]);
  const o = r.obs;
  let s = tf.tensor2d(learner.encodeObservation(o.image, o.size, o.proprio), [1, learner.latentDim]);
  const real: string[] = [];
  const imag: string[] = [];
  let realX = 0;
  let imagX = 0;
  for (let t = 0; t < STEPS + 1; t++) {
    r = world.step([dir, 0]);
    const ns = tf.tidy(() => fm.predict(s, tf.tensor2d([dir, 0], [1, 2])));
    s.dispose();
    s = ns;
    const p = tf.tidy(() => fm.position(s).dataSync());
    realX = r.info.position.x;
    imagX = p[0]!;
    if (t % 3 === 2) {
      real.push(realX.toFixed(2));
      imag.push(imagX.toFixed(2));
    }
  }
  s.dispose();
  // Through: the imagined agent ends on the far side of the wall's centre line.
  const passed = dir > 0 ? imagX > midX : imagX < midX;
  if (passed) through++;
  errors.push(Math.abs(imagX - realX));
  if (layouts <= 8)
    process.stdout.write(
      `layout ${ep} door y ${door.y.toFixed(1)}, pressed at y ${y.toFixed(1)} from x ${x0} (dir ${dir})${passed ? ' THROUGH' : ''}\n real x: ${real.join(' ')}\n imag x: ${imag.join(' ')}\n`,
    );
}
errors.sort((a, b) => a - b);
process.stdout.write(
  `${path}: the imagined agent passed through the wall in ${through}/${layouts} layouts; |imagined - real x| after ${STEPS} steps: median ${errors[Math.floor(errors.length / 2)]!.toFixed(2)} m, worst ${errors[errors.length - 1]!.toFixed(2)} m\n`,
);
