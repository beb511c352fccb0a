import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LivenessMessage, LivenessMonitor, type LivenessPort, LivenessResponder } from './liveness';

/** A synchronous port: the test plays the worker by calling `reply`. */
function fakePort() {
  const sent: LivenessMessage[] = [];
  let listener: ((event: MessageEvent) => void) | null = null;
  let closed = false;
  const port: LivenessPort = {
    postMessage: (m) => {
      sent.push(m);
    },
    addEventListener: (type, l) => {
      if (type === 'message') listener = l;
    },
    close: () => {
      closed = true;
    },
  };
  const reply = (m: LivenessMessage) => listener?.({ data: m } as MessageEvent);
  return { port, sent, reply, isClosed: () => closed };
}

describe('LivenessMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const options = { intervalMs: 500, silenceMs: 1500, bootMs: 10_000, now: () => Date.now() };

  it('pings, stays alive while pongs come back, and declares death after the silence limit', () => {
    const { port, sent, reply, isClosed } = fakePort();
    const dead: string[] = [];
    new LivenessMonitor(port, (r) => dead.push(r), options);
    reply({ type: 'hello' });
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(500);
      const ping = sent.at(-1);
      if (ping?.type === 'ping') reply({ type: 'pong', seq: ping.seq });
    }
    expect(dead).toEqual([]);
    expect(sent.filter((m) => m.type === 'ping').length).toBeGreaterThanOrEqual(9);
    vi.advanceTimersByTime(1500);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatch(/stopped answering: no heartbeat for \d+ ms \(limit 1500 ms\)/);
    expect(isClosed()).toBe(true);
  });

  it('tolerates a silent synchronous step announced by a lease, then expects pongs again', () => {
    const { port, reply } = fakePort();
    const dead: string[] = [];
    new LivenessMonitor(port, (r) => dead.push(r), options);
    reply({ type: 'lease', ms: 5000 });
    vi.advanceTimersByTime(6000);
    expect(dead).toEqual([]);
    reply({ type: 'pong', seq: 1 });
    vi.advanceTimersByTime(2000);
    expect(dead).toHaveLength(1);
  });

  it('gives a loading worker the boot limit, and says it never started', () => {
    const { port } = fakePort();
    const dead: string[] = [];
    new LivenessMonitor(port, (r) => dead.push(r), options);
    vi.advanceTimersByTime(9000);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(1500);
    expect(dead[0]).toMatch(/did not start/);
  });

  it('calls nothing after stop()', () => {
    const { port } = fakePort();
    const dead: string[] = [];
    const m = new LivenessMonitor(port, (r) => dead.push(r), options);
    m.stop();
    vi.advanceTimersByTime(60_000);
    expect(dead).toEqual([]);
  });
});

describe('LivenessResponder', () => {
  it('ends a lease as soon as the blocking step returns to the event loop, so a hang right after is noticed', async () => {
    const { port, sent } = fakePort();
    const responder = new LivenessResponder(port);
    responder.expectSilence(60_000);
    // Still inside the "blocking step": only the lease has gone out.
    expect(sent.map((m) => m.type)).toEqual(['hello', 'lease']);
    await new Promise((r) => setTimeout(r, 0));
    // Back in the event loop: the monitor hears a plain message and falls back to its short limit.
    expect(sent.map((m) => m.type)).toEqual(['hello', 'lease', 'hello']);
  });
});
