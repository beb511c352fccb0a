// A bare page that spawns the agent worker through the real client (src/ui/agent-client.ts) and
// exposes a few scripted scenarios as `window.__worker` for e2e/worker.spec.ts.
import { proxy } from 'comlink';
import { type AgentClient, connectAgent, spawnAgent, WorkerDied } from '../../src/ui/agent-client';
import { builtinScenario } from '../../src/world/builtins';
import { World } from '../../src/world/world';
import type { AgentEvent, BackendName, BackendReport, LossSnapshot } from '../../workers/agent-api';

export interface DeathProbe {
  rejected: boolean;
  name: string;
  message: string;
  /** From the fault to the rejection of the pending call. */
  ms: number;
}

let client: AgentClient | null = null;
let rawWorker: Worker | null = null;
const events: AgentEvent[] = [];

async function boot(backend?: BackendName, raw = false, calibrateSoftware = false): Promise<BackendReport> {
  client?.terminate();
  if (raw) {
    // Same URL as spawnAgent, kept here so the test can kill the worker behind the client's back.
    rawWorker = new Worker(new URL('../../workers/agent.worker.ts', import.meta.url), { type: 'module' });
    client = connectAgent(rawWorker);
  } else {
    client = spawnAgent();
  }
  await client.api.subscribe(proxy((e: AgentEvent) => void events.push(e)));
  return client.api.ready({ ...(backend ? { backend } : {}), seed: 1, calibrateSoftware });
}

function api() {
  if (!client) throw new Error('call boot() first');
  return client.api;
}

/** Practice in the worker's own world until memory holds `frames`, then train `steps` steps. */
async function practiceAndTrain(
  frames: number,
  steps: number,
): Promise<{ losses: LossSnapshot[]; memory: number }> {
  await api().setPractice({ on: true, scenario: 'two-rooms', seed: 2 });
  let status = await api().status();
  while (status.memory.size < frames) {
    await new Promise((r) => setTimeout(r, 50));
    status = await api().status();
  }
  await api().setPractice({ on: false });
  const report = await api().trainSteps(steps);
  return { losses: report.losses, memory: status.memory.size };
}

/** Continuous learning for `ms` while polling status: the heartbeat must not call that death. */
async function learnFor(
  ms: number,
): Promise<{ alive: boolean; stepsBefore: number; stepsAfter: number; polls: number }> {
  const stepsBefore = (await api().status()).trainSteps;
  await api().setLearning(true);
  const end = performance.now() + ms;
  let polls = 0;
  while (performance.now() < end) {
    await api().status();
    polls++;
    await new Promise((r) => setTimeout(r, 100));
  }
  const stepsAfter = (await api().setLearning(false)).trainSteps;
  return { alive: client?.alive() ?? false, stepsBefore, stepsAfter, polls };
}

/** Makes a call pending, then breaks the worker; measures how the pending call ends. */
async function deathOfPendingCall(kind: 'hang' | 'throw' | 'kill'): Promise<DeathProbe> {
  const a = api();
  let t0 = 0;
  let pending: Promise<unknown>;
  if (kind === 'hang') {
    await a.simulateFault('hang', 30_000);
    t0 = performance.now();
    pending = a.status();
  } else if (kind === 'kill') {
    // Killed while idle: during a training step detection waits for that step's lease (see liveness.ts).
    rawWorker?.terminate();
    t0 = performance.now();
    pending = a.status();
  } else {
    pending = a.trainSteps(10_000);
    await new Promise((r) => setTimeout(r, 200));
    t0 = performance.now();
    void a.simulateFault('throw').catch(() => {});
  }
  try {
    await pending;
    return { rejected: false, name: '', message: 'resolved', ms: performance.now() - t0 };
  } catch (e) {
    const err = e as Error;
    return {
      rejected: e instanceof WorkerDied,
      name: err.name,
      message: err.message,
      ms: performance.now() - t0,
    };
  }
}

/** startEpisode and act on a real observation: the error message of each, or 'ok'. */
async function tryToPlan(): Promise<{ startEpisode: string; act: string }> {
  const world = World.create(builtinScenario('two-rooms'), { seed: 3, obsSize: 64 });
  const { obs, info } = world.reset();
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
  return {
    startEpisode: await outcome(api().startEpisode(world.observeAgentAt(info.goal), { dt: world.controlDt })),
    act: await outcome(api().act(obs)),
  };
}

const harness = {
  tryToPlan,
  boot,
  status: () => api().status(),
  practiceAndTrain,
  learnFor,
  deathOfPendingCall,
  events: () => [...events],
  checkpointRoundTrip: async () => {
    const bytes = await api().saveCheckpoint();
    const bad = await api().loadCheckpoint(new Uint8Array([1, 2, 3]));
    const good = await api().loadCheckpoint(bytes);
    return { bytes: bytes.byteLength, bad, good };
  },
};

declare global {
  interface Window {
    __worker: typeof harness;
  }
}
window.__worker = harness;
