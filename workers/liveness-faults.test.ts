// The self-inflicted deaths of the agent worker. Node has no worker scope of its own to end, so the
// ending is injected; the real one is exercised in Chromium by e2e/faults.spec.ts.
import { describe, expect, it } from 'vitest';
import { dieDuringImagination, endThisWorker } from './liveness-faults';

describe('dieDuringImagination', () => {
  it('lets the first imagined rollout through and ends the worker at the second, unwinding the plan', () => {
    const calls: string[] = [];
    const model = {
      predict: (s: number) => {
        calls.push(`predict ${s}`);
        return s + 1;
      },
      rolloutStates: (s: number) => {
        calls.push(`rollout ${s}`);
        return s * 2;
      },
    };
    let ended = 0;
    dieDuringImagination(model, () => {
      ended += 1;
    });
    expect(model.rolloutStates(3)).toBe(6);
    expect(ended).toBe(0);
    expect(() => model.predict(1)).toThrow(/ended its own thread in the middle of a plan/);
    expect(ended).toBe(1);
    // Whatever the plan still tries after its thread is ended never reaches the model.
    expect(() => model.rolloutStates(4)).toThrow(/ended its own thread/);
    expect(calls).toEqual(['rollout 3']);
  });

  it('works on a model with step-by-step dynamics only', () => {
    const model = { predict: (s: number) => s + 1 };
    let ended = false;
    dieDuringImagination(model, () => {
      ended = true;
    });
    expect(model.predict(1)).toBe(2);
    expect(() => model.predict(2)).toThrow(/ended its own thread/);
    expect(ended).toBe(true);
  });
});

describe('endThisWorker', () => {
  it('refuses outside a Web Worker, naming why', () => {
    expect(() => endThisWorker()).toThrow(/not running in a Web Worker/);
  });
});
