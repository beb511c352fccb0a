// The agent's Web Worker: tfjs on the backend chosen in the browser, the agent behind comlink.
// The page side is src/ui/agent-client.ts; the API is workers/agent-api.ts.
import { startBrowserBackend } from '../src/agent/tf/backend-browser';
import { AgentService } from './agent-service';
import { hostAgent, LivenessRelay } from './host';

const relay = new LivenessRelay((navigator as Navigator & { locks?: LockManager }).locks);
const service = new AgentService({
  startBackend: ({ override, ...rest }) =>
    startBrowserBackend({ ...(override ? { override } : {}), ...rest }),
  liveness: relay,
});
hostAgent(self as unknown as Parameters<typeof hostAgent>[0], service, relay);
