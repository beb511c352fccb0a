// A long run of the agent as the worker hosts it (workers/agent-service.ts): the shipped checkpoint,
// a real World, one plan per tick, continuous learning throttled exactly as in the page, transitions
// remembered in batches. It samples tfjs's live tensor count and the JS heap so a leak shows up as a
// slope; the CLI (tools/soak.ts) and the unit test (tools/soak.test.ts) decide what is flat enough.
import { readFileSync } from 'node:fs';
import { tf } from '../src/agent/tf/core';
import { builtinScenario } from '../src/world/builtins';
import { World } from '../src/world/world';
import type { PlannerSettings } from '../workers/agent-api';
import { AgentService } from '../workers/agent-service';
import { startNodeWasm } from '../workers/node-backend';
import { packTransitions, type RecordedFrame } from '../workers/transitions';

export const SHIPPED_CHECKPOINT = new URL('../assets/checkpoints/two-rooms.ckpt', import.meta.url);

export interface SoakOptions {
  ticks: number;
  seed?: number;
  /** Planner settings; smaller than the page's defaults so 10,000 ticks fit on a shared 2-core machine. */
  planner?: Partial<PlannerSettings>;
  batchSize?: number;
  memoryCapacity?: number;
  /** Frames per remember() call (the page sends about every 500 ms). */
  rememberEvery?: number;
  sampleEvery?: number;
  onSample?: (s: SoakSample) => void;
}

export interface SoakSample {
  tick: number;
  numTensors: number;
  numBytes: number;
  heapMB: number;
  trainSteps: number;
  episodes: number;
}

export interface SoakReport {
  samples: SoakSample[];
  ticks: number;
  trainSteps: number;
  episodes: number;
  successes: number;
  learningErrors: string[];
  ms: number;
}

export const SOAK_PLANNER: Partial<PlannerSettings> = { candidates: 8, horizon: 8, iterations: 2 };

const nodeWasm = () => startNodeWasm('Node soak');

function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const t0 = performance.now();
  const seed = o.seed ?? 1;
  const learningErrors: string[] = [];
  const service = new AgentService({
    startBackend: nodeWasm,
    batchSize: o.batchSize ?? 8,
    memoryCapacity: o.memoryCapacity ?? 2000,
  });
  await service.subscribe((e) => {
    if (e.type === 'learning-error' || e.type === 'weights-rolled-back') learningErrors.push(e.message);
  });
  await service.ready({ backend: 'wasm', seed, scenario: 'two-rooms' });
  const loaded = await service.loadCheckpoint(new Uint8Array(readFileSync(SHIPPED_CHECKPOINT)));
  if (!loaded.ok) throw new Error(`soak: the shipped checkpoint did not load: ${loaded.error}`);
  await service.setPlanner({ ...SOAK_PLANNER, ...o.planner });
  const world = World.create(builtinScenario('two-rooms'), { seed });
  let { obs, info } = world.reset(seed);
  let episodeStart = true;
  let episodes = 0;
  let successes = 0;
  let frames: RecordedFrame[] = [];
  const samples: SoakSample[] = [];
  const sample = async (tick: number) => {
    const st = await service.status();
    const m = tf.memory();
    const s: SoakSample = {
      tick,
      numTensors: m.numTensors,
      numBytes: m.numBytes,
      heapMB: heapMB(),
      trainSteps: st.trainSteps,
      episodes,
    };
    samples.push(s);
    o.onSample?.(s);
  };
  await service.setLearning(true);
  const every = o.sampleEvery ?? 100;
  const rememberEvery = o.rememberEvery ?? 16;
  try {
    for (let tick = 0; tick < o.ticks; tick++) {
      if (episodeStart) await service.startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt });
      const r = await service.act(obs);
      frames.push({ obs, action: r.action, info, episodeStart });
      episodeStart = false;
      ({ obs, info } = world.step(r.action));
      if (info.done) {
        episodes++;
        if (info.success) successes++;
        ({ obs, info } = world.reset(seed * 100_003 + episodes));
        episodeStart = true;
      }
      if (frames.length >= rememberEvery) {
        await service.remember(packTransitions(frames));
        frames = [];
      }
      if (tick % every === 0 || tick === o.ticks - 1) await sample(tick);
      // In the worker each act is its own message (a macrotask): let the learning loop's timers run.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await service.setLearning(false);
  }
  const st = await service.status();
  return {
    samples,
    ticks: o.ticks,
    trainSteps: st.trainSteps,
    episodes,
    successes,
    learningErrors,
    ms: performance.now() - t0,
  };
}

export interface SoakVerdict {
  ok: boolean;
  lines: string[];
}

/**
 * Flat means: after a warm-up (the first fifth: optimiser slots, the actor, memory filling), the
 * live tensor count never rises above its warm-up maximum, and the heap ends within `heapSlackMB`
 * of where it was after warm-up.
 */
export function judgeSoak(r: SoakReport, heapSlackMB = 64): SoakVerdict {
  const warm = r.samples.filter((s) => s.tick >= r.ticks / 5);
  const first = warm[0];
  const last = warm.at(-1);
  if (!first || !last || warm.length < 2) return { ok: false, lines: ['too few samples after warm-up'] };
  const early = warm.slice(0, Math.max(1, Math.floor(warm.length / 4)));
  const tensorCap = Math.max(...early.map((s) => s.numTensors));
  const tensorMax = Math.max(...warm.map((s) => s.numTensors));
  const tensorMin = Math.min(...warm.map((s) => s.numTensors));
  const heapGrowth = last.heapMB - first.heapMB;
  const tensorsFlat = tensorMax <= tensorCap;
  const heapBounded = heapGrowth <= heapSlackMB;
  return {
    ok: tensorsFlat && heapBounded,
    lines: [
      `tensors after warm-up: ${tensorMin}..${tensorMax} (warm-up max ${tensorCap}) ${tensorsFlat ? 'flat' : 'GROWING'}`,
      `heap after warm-up: ${first.heapMB.toFixed(1)} -> ${last.heapMB.toFixed(1)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB, limit +${heapSlackMB}) ${heapBounded ? 'bounded' : 'GROWING'}`,
    ],
  };
}
