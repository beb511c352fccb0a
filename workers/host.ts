// Worker-side wiring shared by the real worker and Node tests: exposes the agent over comlink and
// attaches the heartbeat port the page sends first (workers/liveness.ts).
import { type Endpoint, expose } from 'comlink';
import {
  LIVENESS_HANDSHAKE,
  type LivenessPort,
  LivenessResponder,
  type LockManagerLike,
  type SilenceAnnouncer,
} from './liveness';

/**
 * Every API call is announced as a lease this long: it only covers the call's synchronous part (the
 * lease ends when the thread is back in its event loop), so a slow checkpoint decode or actor build
 * on a busy machine is not mistaken for a hang. A hang inside a call is still caught after it.
 */
const CALL_LEASE_MS = 10_000;

/** Forwards leases to the heartbeat once the page has sent its port; silent until then. */
export class LivenessRelay implements SilenceAnnouncer {
  private responder: LivenessResponder | null = null;

  /** locks: navigator.locks in a browser worker, so the page notices this thread's death at once. */
  constructor(private readonly locks?: LockManagerLike) {}

  attach(port: LivenessPort): void {
    this.responder = new LivenessResponder(port, this.locks);
  }

  expectSilence(ms: number): void {
    this.responder?.expectSilence(ms);
  }
}

export function hostAgent(scope: Endpoint, service: object, relay: LivenessRelay): void {
  scope.addEventListener('message', (event) => {
    const data = (event as MessageEvent).data as Record<string, unknown> | null;
    const port = data?.[LIVENESS_HANDSHAKE] as LivenessPort | undefined;
    if (port) relay.attach(port);
  });
  expose(announceCalls(service, relay), scope);
}

function announceCalls(service: object, relay: SilenceAnnouncer): object {
  return new Proxy(service, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        relay.expectSilence(CALL_LEASE_MS);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
