// The agent's Web Worker: tfjs on the backend chosen in the browser, the agent behind comlink.
// The page side is src/ui/agent-client.ts; the API is workers/agent-api.ts.
import { startBrowserBackend } from '../src/agent/tf/backend-browser';
import { AgentService } from './agent-service';
import { hostAgent, LivenessRelay } from './host';

// A violation of the worker's Content Security Policy is kept and logged, from the first instant:
// the page's listener cannot see the worker's, and the e2e test (e2e/csp.spec.ts) reads this list.
const cspViolations: { directive: string; blocked: string; source: string }[] = [];
(globalThis as { __cspViolations?: typeof cspViolations }).__cspViolations = cspViolations;
self.addEventListener('securitypolicyviolation', (e) => {
  const v = e as SecurityPolicyViolationEvent;
  cspViolations.push({ directive: v.effectiveDirective, blocked: v.blockedURI, source: v.sourceFile });
  console.error(`CSP violation in the agent worker: ${v.effectiveDirective} blocked ${v.blockedURI}`);
});

const relay = new LivenessRelay((navigator as Navigator & { locks?: LockManager }).locks);
const service = new AgentService({
  startBackend: ({ override, ...rest }) =>
    startBrowserBackend({ ...(override ? { override } : {}), ...rest }),
  liveness: relay,
});
hostAgent(self as unknown as Parameters<typeof hostAgent>[0], service, relay);
