// The page-side wrapper over a fake worker: a Node MessageChannel whose far end runs the real
// worker-side wiring (hostAgent + heartbeat). The far end's API is a small stand-in, because what is
// tested here is how calls end when the worker dies, not the agent.
import { proxy } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { hostAgent, LivenessRelay } from '../../workers/host';
import type { LockManagerLike } from '../../workers/liveness';
import { backendOverrideFromUrl, connectAgent, WorkerDied, type WorkerLike } from './agent-client';

class FakeWorker extends EventTarget implements WorkerLike {
  terminated = false;
  constructor(private readonly port: MessagePort) {
    super();
    port.addEventListener('message', (e) =>
      this.dispatchEvent(new MessageEvent('message', { data: e.data })),
    );
    port.start();
  }
  postMessage(message: unknown, transfer: Transferable[]): void {
    if (!this.terminated) this.port.postMessage(message, transfer);
  }
  terminate(): void {
    this.terminated = true;
    this.port.close();
  }
}

/**
 * Worker side: answers `echo`, never answers `forever`, answers `late` only when `answerLate()` is
 * called, and calls back the listener given to `subscribe` on `emit()`. `silence()` closes the
 * worker's ends (as a killed worker does); `mute()` keeps them open but stops pongs (as a blocked
 * thread does).
 */
function spawnFake(locks?: LockManagerLike) {
  const { port1, port2 } = new MessageChannel();
  const worker = new FakeWorker(port1);
  const relay = new LivenessRelay(locks);
  let livenessPort: MessagePort | null = null;
  let muted = false;
  port2.addEventListener('message', (e) => {
    const p = (e.data as Record<string, unknown> | null)?.jepaLiveness;
    if (!p) return;
    livenessPort = p as MessagePort;
    // Drop pings once muted, before the real responder (attached after this listener) sees them.
    livenessPort.addEventListener('message', (ev) => {
      if (muted) ev.stopImmediatePropagation();
    });
  });
  let answer: (v: string) => void = () => {};
  let listener: ((e: string) => void) | null = null;
  const service = {
    echo: async (x: number) => x,
    forever: () => new Promise(() => {}),
    late: () =>
      new Promise<string>((resolve) => {
        answer = resolve;
      }),
    subscribe: async (l: (e: string) => void) => {
      listener = l;
    },
  };
  hostAgent(port2, service, relay);
  const silence = () => {
    port2.close();
    (livenessPort as MessagePort | null)?.close();
  };
  const mute = () => {
    muted = true;
  };
  const answerLate = () => answer('late answer');
  const emit = (e: string) => listener?.(e);
  return { worker, silence, mute, answerLate, emit };
}

const fast = { intervalMs: 100, silenceMs: 300, bootMs: 2000 };
type TestApi = {
  echo(x: number): Promise<number>;
  forever(): Promise<never>;
  late(): Promise<string>;
  subscribe(l: (e: string) => void): Promise<void>;
};
const clients: { terminate(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

function connect(locks?: LockManagerLike) {
  const fake = spawnFake(locks);
  const client = connectAgent(fake.worker, { liveness: { ...fast, ...(locks ? { locks } : {}) } });
  clients.push(client);
  return { ...fake, client, api: client.api as unknown as TestApi };
}

describe('connectAgent', () => {
  it('passes calls through while the worker lives', async () => {
    const { api, client } = connect();
    await expect(api.echo(41)).resolves.toBe(41);
    await new Promise((r) => setTimeout(r, 600));
    expect(client.alive()).toBe(true);
    await expect(api.echo(7)).resolves.toBe(7);
  });

  it('rejects a pending call with WorkerDied when the worker stops answering pings', async () => {
    const { api, mute, worker } = connect();
    await api.echo(1);
    const pending = api.forever();
    mute();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerDied);
    expect((err as WorkerDied).reason).toMatch(/stopped answering: no heartbeat/);
    expect(worker.terminated).toBe(true);
  });

  it('rejects a pending call at once when the worker is killed (its heartbeat channel closes)', async () => {
    const { api, silence } = connect();
    await api.echo(1);
    const pending = api.forever();
    silence();
    await expect(pending).rejects.toThrow(/heartbeat channel closed/);
  });

  it('rejects pending and later calls on an uncaught worker error, naming it', async () => {
    const { api, worker, client } = connect();
    const pending = api.forever();
    worker.dispatchEvent(
      Object.assign(new Event('error'), { message: 'boom', filename: 'agent.worker.js', lineno: 3 }),
    );
    await expect(pending).rejects.toThrow(/uncaught error in the worker: boom at agent.worker.js:3/);
    await expect(api.echo(1)).rejects.toBeInstanceOf(WorkerDied);
    await expect(client.died).resolves.toBeInstanceOf(WorkerDied);
  });

  it('treats messageerror as death', async () => {
    const { api, worker } = connect();
    const pending = api.forever();
    worker.dispatchEvent(new Event('messageerror'));
    await expect(pending).rejects.toThrow(/messageerror/);
  });

  it('terminate() rejects what is pending and everything after', async () => {
    const { api, client, worker } = connect();
    const pending = api.forever();
    client.terminate();
    await expect(pending).rejects.toThrow(/terminated by the page/);
    await expect(api.echo(2)).rejects.toBeInstanceOf(WorkerDied);
    expect(worker.terminated).toBe(true);
  });
});

describe('kill', () => {
  /** The worker's request is granted; the page's waits until `free()`, as Chromium frees a busy killed worker's lock late. */
  function lateLocks() {
    const queued: { callback: () => unknown; signal?: AbortSignal }[] = [];
    const locks: LockManagerLike = {
      request(_name: string, a: unknown, b?: unknown) {
        if (typeof a === 'function') return Promise.resolve(a());
        queued.push({ callback: b as () => unknown, ...(a as { signal?: AbortSignal }) });
        return new Promise(() => {});
      },
    };
    const free = () => {
      for (const q of queued) if (!q.signal?.aborted) q.callback();
    };
    return { locks, free, queued };
  }

  it('is a death at that instant, and nothing the old worker sends afterwards reaches the page', async () => {
    const { locks, free, queued } = lateLocks();
    const { api, client, worker, answerLate, emit } = connect(locks);
    const events: string[] = [];
    await api.subscribe(proxy((e: string) => events.push(e)));
    emit('alive');
    await expect.poll(() => events).toEqual(['alive']);
    await expect.poll(() => queued.length).toBe(1);
    const pending = api.late();
    // Queued on the callback's own channel before the kill, as a busy worker's last event would be.
    emit('device lost');
    client.kill();
    expect(client.alive()).toBe(false);
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow(/killed by the page/);
    await expect(client.died).resolves.toMatchObject({ reason: 'killed by the page (Worker.terminate())' });
    // The reply, another event and the freed lock, all after the death: none of them acts.
    answerLate();
    emit('late event');
    free();
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toEqual(['alive']);
    expect(queued[0]!.signal?.aborted).toBe(true);
    expect((await client.died).reason).toBe('killed by the page (Worker.terminate())');
  });
});

describe('backendOverrideFromUrl', () => {
  it('reads the hash before the query and rejects unknown names', () => {
    expect(backendOverrideFromUrl('http://x/?backend=wasm')).toBe('wasm');
    expect(backendOverrideFromUrl('http://x/?backend=wasm#seed=1&backend=webgpu')).toBe('webgpu');
    expect(backendOverrideFromUrl('http://x/#seed=1')).toBeUndefined();
    expect(() => backendOverrideFromUrl('http://x/#backend=cuda')).toThrow(/backend='cuda' is not one of/);
  });
});
