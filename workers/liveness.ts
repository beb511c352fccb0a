// Liveness of the agent worker, on a MessagePort of its own (comlink ignores it).
//
// A dead or hung worker leaves comlink calls pending forever, so the page pings every `intervalMs` and
// declares the worker dead after `silenceMs` without hearing from it. A worker that is merely busy is
// blocked too (tfjs kernels are synchronous), so before any step that may block the thread for long the
// worker posts a lease, "I may be silent for up to N ms", and the page widens its tolerance until it
// next hears from the worker. The last message heard sets the tolerance: a pong after a lease ends it.
// Until the worker's first message (its module is still loading: tfjs, wasm) a longer boot limit applies.
//
// A heartbeat cannot tell a dead worker from one inside a long lease, and Chromium fires no event
// when a worker ends. So where Web Locks exist the worker also holds a lock for its whole life and the
// page queues for the same lock: the browser grants it once the worker's thread is gone, mid-lease or
// not. Measured in Chromium 156 here: 1-2 ms after a worker that closed itself (self.close()) returns
// from its task, but only 2-3 s after terminate() of a busy worker, which Chromium lets run on for a
// while; so the page treats its own terminate() as the death itself (src/ui/agent-client.ts), and the
// lock reports the deaths the page did not cause.

export type LivenessMessage =
  | { type: 'ping'; seq: number }
  | { type: 'pong'; seq: number }
  | { type: 'hello' }
  | { type: 'lease'; ms: number }
  /** The worker holds the Web Lock `name` until it dies. */
  | { type: 'locked'; name: string };

/** The part of the Web Locks API (navigator.locks) liveness uses. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown): Promise<unknown>;
  request(name: string, callback: () => unknown): Promise<unknown>;
}

/** Key of the one raw message that hands the worker its end of the heartbeat channel (comlink ignores it). */
export const LIVENESS_HANDSHAKE = 'jepaLiveness';

/** The longest silence a lease may ask for: a step longer than this is treated as a hang. */
export const MAX_LEASE_MS = 60_000;

export interface LivenessOptions {
  intervalMs?: number;
  silenceMs?: number;
  bootMs?: number;
  /** Injectable clock for tests; performance.now by default. */
  now?: () => number;
  /** navigator.locks where the host has it: a worker's death is then noticed at once. */
  locks?: LockManagerLike;
}

/** Minimal port surface, satisfied by browser and Node MessagePorts. */
export interface LivenessPort {
  postMessage(message: LivenessMessage): void;
  addEventListener(type: 'message' | 'close', listener: (event: MessageEvent) => void): void;
  start?(): void;
  close(): void;
}

/** Page side: watches the port and calls `onDead` once, with the reason in words. */
export class LivenessMonitor {
  private readonly intervalMs: number;
  private readonly silenceMs: number;
  private readonly bootMs: number;
  private readonly now: () => number;
  private lastHeard: number;
  private tolerance: number;
  private booted = false;
  private seq = 0;
  private ticks = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private lastTick: number;
  private readonly locks: LockManagerLike | undefined;
  private readonly lockWatch = new AbortController();

  constructor(
    private readonly port: LivenessPort,
    private readonly onDead: (reason: string) => void,
    options: LivenessOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 500;
    this.silenceMs = options.silenceMs ?? 1500;
    this.bootMs = options.bootMs ?? 30_000;
    this.now = options.now ?? (() => performance.now());
    this.lastHeard = this.now();
    this.lastTick = this.lastHeard;
    this.locks = options.locks;
    this.tolerance = this.bootMs;
    port.addEventListener('message', (event) => this.heard(event.data as LivenessMessage));
    // A terminated or crashed worker closes its end of the channel: Node fires 'close' on ours, at once,
    // even in the middle of a lease. Chromium 156 did not, for a terminated or self-closed worker
    // (measured here): there the lock above does that job.
    port.addEventListener('close', () => this.fail('agent worker is gone: its heartbeat channel closed'));
    port.start?.();
    // Checking twice per ping interval bounds detection at silenceMs + intervalMs / 2.
    this.timer = setInterval(() => this.tick(), this.intervalMs / 2);
  }

  /** Stops pinging and closes the port; onDead is not called after this. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.lockWatch.abort();
    this.port.close();
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    this.stop();
    this.onDead(reason);
  }

  private heard(message: LivenessMessage): void {
    if (this.stopped) return;
    if (message.type === 'locked') this.watchLock(message.name);
    this.booted = true;
    this.lastHeard = this.now();
    this.tolerance =
      message.type === 'lease'
        ? Math.min(Math.max(message.ms, 0), MAX_LEASE_MS) + this.silenceMs
        : this.silenceMs;
  }

  /** Queues for the worker's lock: granted only once the worker has died and the browser freed it. */
  private watchLock(name: string): void {
    if (!this.locks) return;
    this.locks
      .request(name, { signal: this.lockWatch.signal }, () =>
        this.fail('agent worker is gone: it was terminated or crashed (its lock was released)'),
      )
      .catch(() => {
        // Aborted by stop(): nobody is watching any more.
      });
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.now();
    // A late tick means the page itself was busy: the worker's answers may be queued behind it, so
    // that stretch is not held against the worker.
    const late = now - this.lastTick - this.intervalMs / 2;
    this.lastTick = now;
    if (late > this.intervalMs) this.lastHeard += late;
    const silent = now - this.lastHeard;
    if (silent > this.tolerance) {
      const what = this.booted ? 'stopped answering' : 'did not start';
      this.fail(
        `agent worker ${what}: no heartbeat for ${Math.round(silent)} ms (limit ${Math.round(this.tolerance)} ms)`,
      );
      return;
    }
    this.ticks += 1;
    if (this.ticks % 2 === 1) {
      this.seq += 1;
      this.port.postMessage({ type: 'ping', seq: this.seq });
    }
  }
}

/** Worker side: answers pings and lets the agent announce long synchronous steps. */
export class LivenessResponder {
  constructor(
    private readonly port: LivenessPort,
    locks?: LockManagerLike,
  ) {
    port.addEventListener('message', (event) => {
      const message = event.data as LivenessMessage;
      if (message.type === 'ping') port.postMessage({ type: 'pong', seq: message.seq });
    });
    port.start?.();
    port.postMessage({ type: 'hello' });
    if (locks) {
      const name = `jepa-agent-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      // Held until this thread ends: the callback's promise never settles.
      void locks.request(name, () => {
        port.postMessage({ type: 'locked', name });
        return new Promise<never>(() => {});
      });
    }
  }

  /** Call right before a step that may block the thread for up to `ms` (it cannot answer pings then). */
  expectSilence(ms: number): void {
    this.port.postMessage({ type: 'lease', ms: Math.ceil(ms) });
    // The lease ends as soon as the thread is back in its event loop: this macrotask runs only after
    // the blocking step. Otherwise a lease outlived its step until the next pong, and a worker that
    // hung right after one (before any ping was answered) went unnoticed for the whole lease.
    setTimeout(() => this.port.postMessage({ type: 'hello' }), 0);
  }
}

/** What the agent needs from liveness; a no-op where nobody watches (Node tests, CLIs). */
export interface SilenceAnnouncer {
  expectSilence(ms: number): void;
}

export const NO_LIVENESS: SilenceAnnouncer = { expectSilence: () => {} };
