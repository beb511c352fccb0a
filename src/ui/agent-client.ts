// The page side of the agent worker: spawns it, wraps its comlink API so that every call rejects with
// WorkerDied instead of hanging when the worker dies, and watches it with a heartbeat
// (workers/liveness.ts). Death is final: the client terminates the worker and the page spawns a new one.
// From the instant of death nothing the old worker still sends (a late reply, a callback it makes, a
// heartbeat, its lock being freed) reaches the page: a new worker's state cannot be touched by the old.
import { proxy, proxyMarker, type Remote, wrap } from 'comlink';
import { type AgentApi, type BackendName, isBackendName } from '../../workers/agent-api';
import { LIVENESS_HANDSHAKE, LivenessMonitor, type LivenessOptions } from '../../workers/liveness';

/** A pending or later call failed because the worker is gone; `reason` says how it died. */
export class WorkerDied extends Error {
  override readonly name = 'WorkerDied';
  constructor(readonly reason: string) {
    super(`agent worker died: ${reason}`);
  }
}

/** The parts of a Worker the client uses; a fake over a MessagePort satisfies it in Node tests. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  terminate(): void;
}

export interface AgentClient {
  /** The worker's API; every call rejects with WorkerDied once the worker is dead. */
  readonly api: Remote<AgentApi>;
  /** Resolves (never rejects) with the cause when the worker dies or is terminated. */
  readonly died: Promise<WorkerDied>;
  alive(): boolean;
  /** Stops the worker; pending and later calls reject with WorkerDied('terminated by the page'). */
  terminate(): void;
  /**
   * The page kills the worker (tests and demos of fault recovery): dead for the page at that instant,
   * reported through `died` like any death. Not left to the heartbeat or the lock: Chromium lets a
   * busy terminated worker run on for seconds before it frees them (see e2e/faults.spec.ts), while
   * terminate() is final at once and none of the worker's later messages is delivered.
   */
  kill(): void;
  /** The settings calls the worker accepted, compacted, in order: replay them on a new worker. */
  settingsLog(): SettingsCall[];
}

/** A settings call the worker accepted; its state is the fold of these, so they can be replayed. */
export type SettingsCall =
  | { method: 'setPlanner'; args: Parameters<AgentApi['setPlanner']> }
  | { method: 'setCost'; args: Parameters<AgentApi['setCost']> }
  | { method: 'setFormulaTerms'; args: unknown[] };

const LOGGED = new Set(['setPlanner', 'setCost', 'setFormulaTerms']);

export interface ConnectOptions {
  liveness?: LivenessOptions;
  /** A MessageChannel factory, for hosts without the global one. */
  channel?: () => MessageChannel;
}

/** Spawns the agent worker (a module worker bundled by Vite) and connects to it. */
export function spawnAgent(options: ConnectOptions = {}): AgentClient {
  const worker = new Worker(new URL('../../workers/agent.worker.ts', import.meta.url), {
    type: 'module',
    name: 'agent',
  });
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return connectAgent(worker, { ...options, liveness: { ...(locks ? { locks } : {}), ...options.liveness } });
}

/** Connects to an already started worker (or a fake one in tests). */
export function connectAgent(worker: WorkerLike, options: ConnectOptions = {}): AgentClient {
  let death: WorkerDied | null = null;
  let resolveDied: (d: WorkerDied) => void = () => {};
  const died = new Promise<WorkerDied>((resolve) => {
    resolveDied = resolve;
  });
  // One shared rejection that every guarded call races against.
  let rejectPending: (d: WorkerDied) => void = () => {};
  const deathRejection = new Promise<never>((_, reject) => {
    rejectPending = reject;
  });
  deathRejection.catch(() => {});

  const channel = (options.channel ?? (() => new MessageChannel()))();
  const monitor = new LivenessMonitor(channel.port1, (reason) => die(reason), options.liveness);

  const onError = (event: Event) => {
    const e = event as ErrorEvent;
    // Handled here (WorkerDied): without this the browser also reports it as the page's own uncaught error.
    event.preventDefault();
    const where = e.filename ? ` at ${e.filename}:${e.lineno}` : '';
    die(
      `uncaught error in the worker: ${e.message || 'the worker script failed to load or crashed'}${where}`,
    );
  };
  const onMessageError = () => die('a message from the worker could not be deserialised (messageerror)');
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);

  function die(reason: string): void {
    if (death) return;
    death = new WorkerDied(reason);
    monitor.stop();
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
    // An uncaught error does not stop a worker by itself, but its agent may be half-updated: end it.
    worker.terminate();
    rejectPending(death);
    resolveDied(death);
  }

  worker.postMessage({ [LIVENESS_HANDSHAKE]: channel.port2 }, [channel.port2]);
  const remote = wrap<AgentApi>(worker);
  const log: SettingsCall[] = [];
  const api = guard(
    remote,
    () => death,
    deathRejection,
    (method, args) => {
      if (LOGGED.has(method)) logSettingsCall(log, { method, args } as SettingsCall);
    },
  );

  return {
    api,
    died,
    alive: () => death === null,
    terminate: () => die('terminated by the page'),
    kill: () => die('killed by the page (Worker.terminate())'),
    settingsLog: () => log.map((c) => ({ ...c, args: [...c.args] }) as SettingsCall),
  };
}

/**
 * Appends a call, folding it into the previous one of the same method where that is exact: planner
 * patches merge field by field, cost patches term by term, a formula set replaces the last one.
 * The log then stays as short as the number of methods however long the page runs.
 */
export function logSettingsCall(log: SettingsCall[], call: SettingsCall): void {
  const i = log.findIndex((c) => c.method === call.method);
  const prev = i >= 0 ? log[i] : undefined;
  if (prev) log.splice(i, 1);
  if (prev?.method === 'setPlanner' && call.method === 'setPlanner') {
    log.push({ method: 'setPlanner', args: [{ ...prev.args[0], ...call.args[0] }] });
  } else if (prev?.method === 'setCost' && call.method === 'setCost') {
    const merged = { ...prev.args[0] };
    for (const [id, p] of Object.entries(call.args[0])) merged[id] = { ...merged[id], ...p };
    log.push({ method: 'setCost', args: [merged] });
  } else {
    log.push(call);
  }
}

/**
 * A view of the comlink remote whose method calls race the death promise. The API has methods only, so
 * every property read yields a function; `then` stays undefined so the view itself is not a thenable.
 */
function guard(
  remote: Remote<AgentApi>,
  current: () => WorkerDied | null,
  deathRejection: Promise<never>,
  accepted: (method: string, args: unknown[]) => void,
): Remote<AgentApi> {
  return new Proxy(remote, {
    get(target, property) {
      if (property === 'then' || typeof property === 'symbol') return undefined;
      return (...args: unknown[]) => {
        const dead = current();
        if (dead) return Promise.reject(dead);
        const method = (target as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[property];
        if (!method) return Promise.reject(new Error(`agent worker has no method '${property}'`));
        const sent = args.map((a) => silencedAfterDeath(a, current));
        return Promise.race([method(...sent), deathRejection]).then((value) => {
          accepted(property, args);
          return value;
        });
      };
    },
  });
}

/**
 * A callback handed to the worker (comlink `proxy`) lives on its own MessageChannel, which outlives a
 * terminated worker and may still hold its queued calls: once the worker is dead they are dropped,
 * so an old worker's late event (a lost device, say) cannot retire the worker that replaced it.
 */
function silencedAfterDeath(arg: unknown, current: () => WorkerDied | null): unknown {
  const marked = typeof arg === 'function' && (arg as unknown as Record<symbol, unknown>)[proxyMarker];
  if (!marked) return arg;
  const fn = arg as (...a: unknown[]) => unknown;
  return proxy((...a: unknown[]) => (current() ? undefined : fn(...a)));
}

/**
 * Reads `backend=webgpu|webgl|wasm|cpu` from a URL's query or hash (hash wins). Unknown names throw
 * a message that names the bad value, so a typo does not silently fall back to calibration.
 */
export function backendOverrideFromUrl(url: string | URL): BackendName | undefined {
  const u = typeof url === 'string' ? new URL(url) : url;
  const fromHash = new URLSearchParams(u.hash.replace(/^#/, '')).get('backend');
  const value = fromHash ?? u.searchParams.get('backend');
  if (value === null || value === '') return undefined;
  if (!isBackendName(value)) {
    throw new Error(`URL parameter backend='${value}' is not one of webgpu, webgl, wasm, cpu`);
  }
  return value;
}
