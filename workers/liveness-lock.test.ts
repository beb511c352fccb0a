// The Web Lock that tells the page at once that its worker is gone, and the page's own stalls not
// being held against the worker. A small in-memory lock manager stands in for navigator.locks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type LivenessMessage,
  LivenessMonitor,
  type LivenessPort,
  LivenessResponder,
  type LockManagerLike,
} from './liveness';

/** Exclusive locks by name; a holder releases by settling its callback's promise, or by `kill`. */
function fakeLocks() {
  const held = new Map<string, () => void>();
  const queue = new Map<string, (() => void)[]>();
  const grant = (name: string, callback: () => unknown) =>
    new Promise<unknown>((resolve) => {
      const release = () => {
        held.delete(name);
        resolve(undefined);
        queue.get(name)?.shift()?.();
      };
      held.set(name, release);
      Promise.resolve(callback()).then(release, release);
    });
  const locks: LockManagerLike = {
    request(name: string, a: unknown, b?: unknown): Promise<unknown> {
      const callback = (typeof a === 'function' ? a : b) as () => unknown;
      const signal = typeof a === 'function' ? undefined : (a as { signal?: AbortSignal }).signal;
      if (!held.has(name)) return grant(name, callback);
      return new Promise((resolve, reject) => {
        const waiting = () => grant(name, callback).then(resolve);
        queue.set(name, [...(queue.get(name) ?? []), waiting]);
        signal?.addEventListener('abort', () => {
          queue.set(
            name,
            (queue.get(name) ?? []).filter((w) => w !== waiting),
          );
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    },
  };
  /** The browser frees every lock of a terminated worker. */
  const kill = () => {
    for (const release of [...held.values()]) release();
  };
  return { locks, kill, held };
}

/** Two ends of a synchronous in-memory channel. */
function pair(): [LivenessPort, LivenessPort] {
  const listeners: [((e: MessageEvent) => void)[], ((e: MessageEvent) => void)[]] = [[], []];
  const end = (me: 0 | 1): LivenessPort => ({
    postMessage: (m: LivenessMessage) => {
      for (const l of listeners[me === 0 ? 1 : 0]) l({ data: m } as MessageEvent);
    },
    addEventListener: (type, l) => {
      if (type === 'message') listeners[me].push(l);
    },
    close: () => {
      listeners[me].length = 0;
    },
  });
  return [end(0), end(1)];
}

describe('liveness with Web Locks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('notices a terminated worker at once, even inside a long lease', async () => {
    const { locks, kill, held } = fakeLocks();
    const [page, worker] = pair();
    const dead: string[] = [];
    const monitor = new LivenessMonitor(page, (r) => dead.push(r), { now: () => Date.now(), locks });
    const responder = new LivenessResponder(worker, locks);
    await vi.advanceTimersByTimeAsync(0);
    expect(held.size).toBe(1);
    responder.expectSilence(30_000);
    kill();
    await vi.advanceTimersByTimeAsync(0);
    expect(dead).toEqual(['agent worker is gone: it was terminated or crashed (its lock was released)']);
    monitor.stop();
  });

  it('stops watching when the page stops the monitor: no death reported afterwards', async () => {
    const { locks, kill } = fakeLocks();
    const [page, worker] = pair();
    const dead: string[] = [];
    const monitor = new LivenessMonitor(page, (r) => dead.push(r), { now: () => Date.now(), locks });
    new LivenessResponder(worker, locks);
    await vi.advanceTimersByTimeAsync(0);
    monitor.stop();
    kill();
    await vi.advanceTimersByTimeAsync(0);
    expect(dead).toEqual([]);
  });
});

describe('a stalled page', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('does not count its own stall as the worker being silent', () => {
    let clock = 0;
    const sent: LivenessMessage[] = [];
    const port: LivenessPort = {
      postMessage: (m) => sent.push(m),
      addEventListener: () => {},
      close: () => {},
    };
    const dead: string[] = [];
    new LivenessMonitor(port, (r) => dead.push(r), {
      intervalMs: 500,
      silenceMs: 1500,
      bootMs: 1000,
      now: () => clock,
    });
    // The page's thread is blocked for 5 s: the next tick runs late and finds no answer yet.
    clock += 5000;
    vi.advanceTimersByTime(250);
    expect(dead).toEqual([]);
    // Still no answer long after the page is running again: that silence is the worker's.
    for (let i = 0; i < 8; i++) {
      clock += 250;
      vi.advanceTimersByTime(250);
    }
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatch(/did not start/);
  });
});
