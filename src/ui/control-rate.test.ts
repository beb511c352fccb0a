import { describe, expect, it } from 'vitest';
import { CONTROL_RATES, DecisionClock, plannedAction } from './control-rate';

/** Steps a clock through `seconds` of world time at dt, deciding whenever due and `free` allows. */
function decisions(
  clock: DecisionClock,
  seconds: number,
  dt = 0.1,
  free = (_step: number) => true,
): number[] {
  const at: number[] = [];
  const steps = Math.round(seconds / dt);
  for (let i = 0; i < steps; i++) {
    if (clock.due && free(i)) {
      clock.decided();
      at.push(i);
    }
    clock.advance(dt);
  }
  return at;
}

describe('DecisionClock', () => {
  it('at max decides on every step', () => {
    expect(decisions(new DecisionClock('max'), 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('at 2 Hz on a 10 Hz world decides every fifth step, on the first one too', () => {
    expect(decisions(new DecisionClock('2'), 3)).toEqual([0, 5, 10, 15, 20, 25]);
  });

  it.each([
    ['10', 10],
    ['5', 5],
    ['2', 2],
    ['1', 1],
    ['0.5', 0.5],
  ] as const)('at %s Hz makes that many decisions per world second over 20 s', (rate, hz) => {
    expect(decisions(new DecisionClock(rate), 20).length).toBe(20 * hz);
  });

  it('a decision delayed by a plan in flight keeps the rate (the next one stays on its grid)', () => {
    // Steps 5 and 10 are busy: those decisions slip one step, the ones after do not.
    const at = decisions(new DecisionClock('2'), 3, 0.1, (i) => i !== 5 && i !== 10);
    expect(at).toEqual([0, 6, 11, 15, 20, 25]);
  });

  it('after a stall longer than a period the next decision is a period later, not a burst', () => {
    const at = decisions(new DecisionClock('2'), 3, 0.1, (i) => i < 1 || i >= 17);
    expect(at).toEqual([0, 17, 22, 27]);
  });

  it('restart (new episode or goal) and a new rate decide on the next step', () => {
    const clock = new DecisionClock('1');
    expect(decisions(clock, 0.3)).toEqual([0]);
    clock.restart();
    expect(clock.due).toBe(true);
    clock.decided();
    clock.advance(0.1);
    expect(clock.due).toBe(false);
    clock.rate = '0.5';
    expect(clock.due).toBe(true);
    expect(clock.period).toBe(2);
  });

  it('every listed rate is max or a positive number of Hz', () => {
    for (const r of CONTROL_RATES) expect(r === 'max' || Number(r) > 0).toBe(true);
  });
});

describe('plannedAction', () => {
  const plan = { sequence: new Float32Array([1, -1, 2, -2, 3, -3]), H: 3 };

  it('plays the sequence in order, one action per world step, and nothing past its end', () => {
    expect(plannedAction(plan, 0)).toEqual([1, -1]);
    expect(plannedAction(plan, 1)).toEqual([2, -2]);
    expect(plannedAction(plan, 2)).toEqual([3, -3]);
    expect(plannedAction(plan, 3)).toBeNull();
    expect(plannedAction(plan, -1)).toBeNull();
    expect(plannedAction(plan, 0.5)).toBeNull();
  });

  it('holds each action for its block when the planner repeats actions (H = horizon x repeat)', () => {
    const repeated = { sequence: new Float32Array([1, 0, 0, 1]), H: 6 };
    const seen = [0, 1, 2, 3, 4, 5].map((o) => plannedAction(repeated, o));
    expect(seen).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    expect(plannedAction(repeated, 6)).toBeNull();
  });

  it('an empty plan has no action', () => {
    expect(plannedAction({ sequence: new Float32Array(0), H: 4 }, 0)).toBeNull();
  });
});
