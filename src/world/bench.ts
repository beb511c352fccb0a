// Speed of the world's hot paths, printed, never asserted (timings depend on the machine and its load).
// Run: npx tsx src/world/bench.ts
import { builtinScenario } from './builtins';
import { createRng } from './rng';
import { World } from './world';

function median(run: () => void, reps: number, rounds = 7): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) run();
    times.push((performance.now() - t) / reps);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(rounds / 2)]!;
}

const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} us`;

for (const name of ['two-rooms', 'maze'] as const) {
  for (const obsSize of [32, 64, 96]) {
    const w = World.create(builtinScenario(name), { seed: 1, obsSize });
    const rng = createRng(1);
    const act = (): [number, number] => [rng.uniform(-1, 1), rng.uniform(-1, 1)];
    for (let i = 0; i < 2000; i++) w.step(act()); // warm up the JIT
    const observe = median(() => w.observe(), 2000);
    const step = median(() => w.step(act()), 1000);
    const state = w.saveState();
    const saveLoad = median(() => w.loadState(w.saveState()), 2000);
    w.loadState(state);
    const reset = median(() => w.reset(), 200);
    console.log(
      `${name.padEnd(10)} ${String(obsSize).padStart(2)}px  observe ${fmt(observe)}  step (physics + observe) ${fmt(step)}  ` +
        `save+load ${fmt(saveLoad)}  reset ${fmt(reset)}`,
    );
  }
}
