import { describe, expect, it } from 'vitest';
import { resolveCheckpoint, SHIPPED_CHECKPOINTS, summariseRecord } from './shipped-checkpoints';

describe('shipped checkpoints', () => {
  it('lists each .ckpt with its critic where one ships and a summary of its training record', () => {
    const byName = Object.fromEntries(SHIPPED_CHECKPOINTS.map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(['hazards', 'maze', 'two-rooms', 'u-trap']));
    expect(byName['two-rooms']!.file).toBe('two-rooms.ckpt');
    expect(byName['two-rooms']!.critic?.file).toBe('two-rooms.critic.json');
    expect(byName['hazards']!.critic?.file).toBe('hazards.critic.json');
    // The training records: two-rooms from scratch, hazards fine-tuned (probe error on hazards 0.35 m).
    expect(byName['two-rooms']!.summary).toBe('trained on two-rooms · 4,400 steps · probe error 0.27 m');
    expect(byName['hazards']!.summary).toBe('trained on hazards · 800 steps · probe error 0.35 m');
    expect(byName['u-trap']!.critic?.file).toBe('u-trap.critic.json');
    expect(byName['u-trap']!.summary).toBe('trained on u-trap · 800 steps · probe error 0.28 m');
    expect(byName['maze']!.critic?.file).toBe('maze.critic.json');
    expect(byName['maze']!.summary).toBe('trained on maze · 800 steps · probe error 0.27 m');
    for (const c of SHIPPED_CHECKPOINTS) expect(c.url).toMatch(new RegExp(`${c.name}\\.ckpt`));
  });

  it("resolves 'auto' to the scenario's own (else the first), a name to that one, 'none' to nothing", () => {
    expect(resolveCheckpoint('auto', 'hazards')?.name).toBe('hazards');
    expect(resolveCheckpoint('auto', 'two-rooms')?.name).toBe('two-rooms');
    expect(resolveCheckpoint('auto', 'u-trap')?.name).toBe('u-trap');
    expect(resolveCheckpoint('auto', 'maze')?.name).toBe('maze');
    expect(resolveCheckpoint('auto', 'open')?.name).toBe(SHIPPED_CHECKPOINTS[0]!.name);
    expect(resolveCheckpoint('hazards', 'two-rooms')?.name).toBe('hazards');
    expect(resolveCheckpoint('none', 'two-rooms')).toBeUndefined();
    expect(resolveCheckpoint('nope', 'two-rooms')).toBeUndefined();
  });

  it('summarises what a record has and ignores what is missing or of the wrong type', () => {
    expect(summariseRecord(null)).toBe('');
    expect(summariseRecord('text')).toBe('');
    expect(summariseRecord({ metrics: { steps: '12', probePositionError: 0.5 } })).toBe('probe error 0.50 m');
    expect(summariseRecord({ args: { scenario: 'open' }, metrics: { steps: 3 } })).toBe(
      'trained on open · 3 steps',
    );
  });
});
