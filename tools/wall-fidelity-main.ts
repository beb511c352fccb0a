// The body of tools/wall-fidelity.ts (tfjs must load after the resolve hooks).
import { readFileSync } from 'node:fs';
import { learnerFromCheckpoint } from '../src/agent/checkpoint/model-io';
import { FrozenWorldModel } from '../src/agent/plan/frozen-model';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { tf } from '../src/agent/tf/core';
import { builtinScenario, World } from '../src/world/index';

await initNodeBackend('wasm');
const { learner } = learnerFromCheckpoint(
  readFileSync(process.argv[2] ?? 'assets/checkpoints/two-rooms.ckpt'),
);
const fm = new FrozenWorldModel(learner);
const world = World.create(builtinScenario('two-rooms'), { seed: 777 });
for (let ep = 0; ep < 4; ep++) {
  world.reset();
  const door = world.snapshot().doors[0]!.rect;
  // a y far from the door
  const y = door.y > 5 ? 2.5 : 7.5;
  const x0 = ep % 2 === 0 ? 3.0 : 7.0;
  const dir = ep % 2 === 0 ? 1 : -1;
  world.placeAgent({ x: x0, y });
  let r = world.step([0, 0]);
  const o = r.obs;
  let s = tf.tensor2d(learner.encodeObservation(o.image, o.size, o.proprio), [1, learner.latentDim]);
  const real: string[] = [];
  const imag: string[] = [];
  for (let t = 0; t < 25; t++) {
    r = world.step([dir, 0]);
    const ns = tf.tidy(() => fm.predict(s, tf.tensor2d([dir, 0], [1, 2])));
    s.dispose();
    s = ns;
    const p = tf.tidy(() => fm.position(s).dataSync());
    if (t % 3 === 2) {
      real.push(r.info.position.x.toFixed(2));
      imag.push(p[0]!.toFixed(2));
    }
  }
  console.log(
    `ep ${ep} door y ${door.y.toFixed(1)} start x ${x0} dir ${dir}\n real x: ${real.join(' ')}\n imag x: ${imag.join(' ')}`,
  );
  s.dispose();
}
