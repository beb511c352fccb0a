// Worker-side wiring shared by the real worker and Node tests: exposes the agent over comlink and
// attaches the heartbeat port the page sends first (workers/liveness.ts).
import { type Endpoint, expose } from 'comlink';
import { LIVENESS_HANDSHAKE, type LivenessPort, LivenessResponder, type SilenceAnnouncer } from './liveness';

/** Forwards leases to the heartbeat once the page has sent its port; silent until then. */
export class LivenessRelay implements SilenceAnnouncer {
  private responder: LivenessResponder | null = null;

  attach(port: LivenessPort): void {
    this.responder = new LivenessResponder(port);
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
  expose(service, scope);
}
