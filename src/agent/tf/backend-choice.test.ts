import { describe, expect, it } from 'vitest';
import { chooseBackend, summarise } from './backend-choice';

describe('chooseBackend', () => {
  it('picks the fastest and says by how much every other measured backend lost', () => {
    const { chosen, outcomes } = chooseBackend({
      webgpu: { kind: 'measured', ms: 95, software: 'SwiftShader' },
      webgl: { kind: 'measured', ms: 40 },
      wasm: { kind: 'measured', ms: 4 },
      cpu: { kind: 'measured', ms: 30 },
    });
    expect(chosen).toBe('wasm');
    expect(outcomes.map((o) => o.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(outcomes[0]).toEqual({
      backend: 'webgpu',
      status: 'slower',
      ms: 95,
      chosenMs: 4,
      software: 'SwiftShader',
    });
    expect(summarise(outcomes)).toContain('webgpu: slower, 95.0 vs 4.0 ms/rep (software: SwiftShader)');
  });

  it('gives a near tie to the earlier backend in preference order', () => {
    expect(
      chooseBackend({ webgl: { kind: 'measured', ms: 10.5 }, wasm: { kind: 'measured', ms: 10 } }).chosen,
    ).toBe('webgl');
    expect(
      chooseBackend({ webgl: { kind: 'measured', ms: 12 }, wasm: { kind: 'measured', ms: 10 } }).chosen,
    ).toBe('wasm');
  });

  it('never lets a software adapter win a tie: it must be strictly fastest', () => {
    const tie = chooseBackend({
      webgpu: { kind: 'measured', ms: 10.2, software: 'SwiftShader' },
      wasm: { kind: 'measured', ms: 10 },
    });
    expect(tie.chosen).toBe('wasm');
    const faster = chooseBackend({
      webgpu: { kind: 'measured', ms: 5, software: 'SwiftShader' },
      wasm: { kind: 'measured', ms: 10 },
    });
    expect(faster.chosen).toBe('webgpu');
    expect(faster.outcomes[0]).toMatchObject({ status: 'chosen', software: 'SwiftShader' });
  });

  it('reports unavailable, failed and untried backends with their reasons', () => {
    const { chosen, outcomes } = chooseBackend({
      webgpu: { kind: 'unavailable', reason: 'navigator.gpu is missing' },
      webgl: { kind: 'failed', reason: 'context lost' },
      cpu: { kind: 'measured', ms: 30 },
    });
    expect(chosen).toBe('cpu');
    expect(outcomes).toEqual([
      { backend: 'webgpu', status: 'unavailable', reason: 'navigator.gpu is missing' },
      { backend: 'webgl', status: 'failed', reason: 'context lost' },
      { backend: 'wasm', status: 'skipped', reason: 'not tried' },
      { backend: 'cpu', status: 'chosen', ms: 30 },
    ]);
  });

  it('throws a message naming every reason when nothing could be measured', () => {
    expect(() =>
      chooseBackend({
        webgpu: { kind: 'unavailable', reason: 'no adapter' },
        wasm: { kind: 'failed', reason: 'boom' },
      }),
    ).toThrow(/webgpu: unavailable \(no adapter\).*wasm: failed \(boom\)/);
  });
});
