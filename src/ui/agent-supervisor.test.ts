// The supervisor's decisions that need no browser: which backend comes next, the weights checksum
// that proves a restore, and the settings log that a restarted worker replays.
import { describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../agent/checkpoint/format';
import { makeModelConfig } from '../agent/model/config';
import { paramSpecs } from '../agent/model/params';
import { TINY_MODEL } from '../agent/model/tiny-config';
import { logSettingsCall, type SettingsCall } from './agent-client';
import { FALLBACK_ORDER, nextBackend, weightsChecksum } from './agent-supervisor';

describe('nextBackend', () => {
  it('moves down the fallback order past the failed backend and every one that failed before', () => {
    expect(FALLBACK_ORDER).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(nextBackend('webgpu', new Set())).toBe('webgl');
    expect(nextBackend('webgl', new Set(['webgl']))).toBe('wasm');
    expect(nextBackend('wasm', new Set())).toBe('cpu');
    expect(nextBackend('webgpu', new Set(['webgl']))).toBe('wasm');
    expect(nextBackend('cpu', new Set())).toBeNull();
    expect(nextBackend('wasm', new Set(['cpu']))).toBeNull();
    // Died before it chose a backend: start from the top, skipping the ones known bad.
    expect(nextBackend(null, new Set(['webgpu']))).toBe('webgl');
  });
});

describe('weightsChecksum', () => {
  const config = makeModelConfig(TINY_MODEL);
  const weights = (v: number) =>
    paramSpecs(config).map((s) => ({
      name: s.name,
      shape: [...s.shape],
      data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(v),
    }));
  const bytes = (v: number, meta: Record<string, string>) =>
    new Uint8Array(encodeCheckpoint({ config, weights: weights(v), metrics: { steps: 1 }, meta }));

  it('depends on the weights only, not on the header (backend, steps) that differs between workers', () => {
    const a = weightsChecksum(bytes(0.5, { backend: 'webgl' }));
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(weightsChecksum(bytes(0.5, { backend: 'wasm', note: 'a much longer header than before' }))).toBe(
      a,
    );
    expect(weightsChecksum(bytes(0.25, { backend: 'webgl' }))).not.toBe(a);
  });

  it('names what is wrong with bytes that are not a checkpoint', () => {
    expect(() => weightsChecksum(new Uint8Array(3))).toThrow(/3 bytes is not a checkpoint/);
    const liar = bytes(1, {});
    new DataView(liar.buffer).setUint32(12, 1e9, true);
    expect(() => weightsChecksum(liar)).toThrow(/truncated inside its header/);
  });
});

describe('settings log', () => {
  it('folds planner patches, cost patches per term and formula sets into one entry per method', () => {
    const log: SettingsCall[] = [];
    logSettingsCall(log, { method: 'setPlanner', args: [{ candidates: 8 }] });
    logSettingsCall(log, { method: 'setCost', args: [{ goal: { weight: 2 } }] });
    logSettingsCall(log, { method: 'setFormulaTerms', args: [[{ id: 'a', source: '1' }]] });
    logSettingsCall(log, { method: 'setPlanner', args: [{ horizon: 6 }] });
    logSettingsCall(log, { method: 'setCost', args: [{ goal: { enabled: false }, wall: { weight: 0 } }] });
    logSettingsCall(log, { method: 'setFormulaTerms', args: [[]] });
    for (let i = 0; i < 1000; i++)
      logSettingsCall(log, { method: 'setPlanner', args: [{ iterations: i % 7 }] });
    expect(log).toEqual([
      { method: 'setCost', args: [{ goal: { weight: 2, enabled: false }, wall: { weight: 0 } }] },
      { method: 'setFormulaTerms', args: [[]] },
      { method: 'setPlanner', args: [{ candidates: 8, horizon: 6, iterations: 999 % 7 }] },
    ]);
  });
});
