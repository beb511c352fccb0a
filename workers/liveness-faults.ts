// Deaths the agent worker brings on itself, so that the e2e tests can check that the page notices a
// death it did not cause (workers/liveness.ts, e2e/faults.spec.ts).
//
// Measured in Chromium 156 here: self.close() does not stop the task that calls it. A plan goes on to
// its end and even its reply still reaches the page; the thread ends when that task returns, and its
// Web Lock is freed 1-2 ms later. So a death "between two planner iterations" closes the worker and
// throws: the plan unwinds there, and the thread ends with it.

/** Ends this worker's thread as soon as the running task returns; throws outside a worker. */
export function endThisWorker(): void {
  const scope = globalThis as { WorkerGlobalScope?: unknown; close?: () => void };
  if (scope.WorkerGlobalScope === undefined || typeof scope.close !== 'function') {
    throw new Error('endThisWorker: not running in a Web Worker, there is no thread of its own to end');
  }
  scope.close();
}

/** The latent dynamics calls a plan makes once per imagined rollout (fused) or per imagined step. */
type Imagining = { predict(...args: never[]): unknown; rolloutStates?(...args: never[]): unknown };

/**
 * Arms `model` so that the second imagined rollout (or step) from now ends the worker: `end` runs,
 * then an error unwinds the plan in progress. The first one passes, so the death falls inside a plan,
 * between its iterations, not before it starts.
 */
export function dieDuringImagination(model: Imagining, end: () => void = endThisWorker): void {
  let calls = 0;
  const target = model as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['predict', 'rolloutStates'] as const) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      calls += 1;
      if (calls < 2) return original.apply(model, args);
      end();
      throw new Error('simulated fault: the agent worker ended its own thread in the middle of a plan');
    };
  }
}
