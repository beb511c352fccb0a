// The body of tools/critic-door.ts (tfjs must load after the resolve hooks). Ground truth (door,
// positions, shortest paths) is used here to grade the critic, never to train it.
import { readFileSync } from 'node:fs';
import { learnerFromCheckpoint } from '../src/agent/checkpoint/model-io';
import { mulberry32 } from '../src/agent/model/rng';
import { criticFromFile } from '../src/agent/plan/critic-file';
import { initNodeBackend } from '../src/agent/tf/backend-node';
import { builtinScenario, World } from '../src/world/index';

type P = { x: number; y: number };
interface Layout {
  states: number[];
  goals: number[];
  geo: number[];
  euclid: number[];
  decisive: boolean;
}

const [ckpt, ...critics] = process.argv.slice(2);
if (!ckpt || critics.length === 0) {
  process.stderr.write('usage: npx tsx tools/critic-door.ts CHECKPOINT CRITIC.json...\n');
  process.exit(2);
}
await initNodeBackend('wasm');
const { learner } = learnerFromCheckpoint(readFileSync(ckpt));
const D = learner.latentDim;
const world = World.create(builtinScenario('two-rooms'), { seed: 4242 });
const rnd = mulberry32(99);
const encode = (p: P) => {
  const o = world.observeAgentAt(p);
  return learner.encodeObservation(o.image, o.size, o.proprio);
};
const midX = world.scenario.arena.width / 2;
const r = world.scenario.agent.radius;
/** Shortest path for a disc through the door gap (two straight legs), or straight in one room. */
const shortest = (s: P, g: P, y0: number, y1: number) => {
  if (s.x < midX === g.x < midX) return Math.hypot(s.x - g.x, s.y - g.y);
  let best = Number.POSITIVE_INFINITY;
  for (let y = y0 + r; y <= y1 - r + 1e-9; y += 0.05)
    best = Math.min(best, Math.hypot(s.x - midX, s.y - y) + Math.hypot(midX - g.x, y - g.y));
  return best;
};

const layouts: Layout[] = [];
for (let e = 0; e < 60; e++) {
  world.reset();
  const door = world.snapshot().doors[0]!.rect;
  const left = e % 2 === 0; // start side
  const g = { x: left ? 6 + rnd() * 3.5 : 0.5 + rnd() * 3.5, y: 0.5 + rnd() * 9 };
  const gz = encode(g);
  // Goals are places: the velocity dims are zeroed, as the agent does.
  for (let k = 0; k < learner.config.proprioDim; k++) gz[D - 1 - k] = 0;
  const wallX = left ? midX - 0.6 : midX + 0.6;
  const places: P[] = [
    { x: wallX, y: Math.min(9.5, Math.max(0.5, g.y)) },
    { x: wallX, y: door.y + door.h / 2 },
  ];
  for (let i = 0; i < 20; i++)
    places.push({ x: left ? 0.5 + rnd() * 4 : 5.5 + rnd() * 4, y: 0.5 + rnd() * 9 });
  const L: Layout = { states: [], goals: [], geo: [], euclid: [], decisive: false };
  for (const p of places) {
    L.states.push(...encode(p));
    L.goals.push(...gz);
    L.geo.push(shortest(p, g, door.y, door.y + door.h));
    L.euclid.push(Math.hypot(p.x - g.x, p.y - g.y));
  }
  L.decisive = L.geo[0]! - L.geo[1]! > 1.5;
  layouts.push(L);
}

const concordance = (a: ArrayLike<number>, truth: number[]) => {
  let agree = 0;
  let all = 0;
  for (let i = 0; i < truth.length; i++)
    for (let j = i + 1; j < truth.length; j++) {
      const t = Math.sign(truth[i]! - truth[j]!);
      if (t === 0) continue;
      all++;
      if (Math.sign(a[i]! - a[j]!) === t) agree++;
    }
  return [agree, all] as const;
};

let euclidAgree = 0;
let euclidAll = 0;
for (const L of layouts) {
  const [a, n] = concordance(L.euclid, L.geo);
  euclidAgree += a;
  euclidAll += n;
}
process.stdout.write(
  `60 layouts; places on the start side, goal across the wall. Euclidean distance orders ${((100 * euclidAgree) / euclidAll).toFixed(1)}% of pairs like the shortest path.\n`,
);
for (const path of critics) {
  const critic = criticFromFile(readFileSync(path, 'utf8'));
  let decisive = 0;
  let right = 0;
  let agree = 0;
  let all = 0;
  for (const L of layouts) {
    const v = critic.values(new Float32Array(L.states), new Float32Array(L.goals));
    if (L.decisive) {
      decisive++;
      if (v[1]! < v[0]!) right++;
    }
    const [a, n] = concordance(v, L.geo);
    agree += a;
    all += n;
  }
  critic.dispose();
  process.stdout.write(
    `${path}: door side valued nearer in ${right}/${decisive} decisive layouts; pairs ordered like the shortest path ${((100 * agree) / all).toFixed(1)}%\n`,
  );
}
