import { describe, expect, it } from 'vitest';
import { MAX_EXECUTED_ACTIONS } from '../../workers/agent-api';
import { ExecutedActions } from './executed-actions';

describe('ExecutedActions', () => {
  it('hands over exactly the actions applied since the last decision, oldest first', () => {
    const log = new ExecutedActions();
    expect(log.take('e1', 0)).toBeNull(); // no decision before: nothing to vouch for
    log.note('e1', 0, [0.1, 0]);
    log.note('e1', 1, [0.2, 0]);
    log.note('e1', 2, [0.3, 0]);
    expect(log.take('e1', 3)).toEqual([
      [0.1, 0],
      [0.2, 0],
      [0.3, 0],
    ]);
    log.note('e1', 3, [0, 1]);
    expect(log.take('e1', 4)).toEqual([[0, 1]]);
  });

  it('says null when a step was not its own: skipped (keys held), another run (hand placement, new episode)', () => {
    const log = new ExecutedActions();
    log.take('e1', 0);
    log.note('e1', 0, [1, 0]);
    log.note('e1', 2, [1, 0]); // step 1 was taken with the keys
    expect(log.take('e1', 3)).toBeNull();
    log.note('e1', 3, [1, 0]);
    expect(log.take('e1', 4)).toEqual([[1, 0]]); // a fresh log after each decision

    log.note('e1', 4, [1, 0]);
    log.note('e1:moved', 5, [1, 0]);
    expect(log.take('e1:moved', 6)).toBeNull();
    log.note('e1:moved', 6, [1, 0]);
    expect(log.take('e2', 0)).toBeNull();
  });

  it('says null when the world stepped without a note before the decision, or more than the cap', () => {
    const log = new ExecutedActions();
    log.take('e1', 0);
    log.note('e1', 0, [1, 0]);
    expect(log.take('e1', 2)).toBeNull();
    for (let i = 0; i <= MAX_EXECUTED_ACTIONS; i++) log.note('e1', 2 + i, [0, 1]);
    expect(log.take('e1', 3 + MAX_EXECUTED_ACTIONS)).toBeNull();
  });
});
