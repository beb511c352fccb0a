import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadCheckpointLocal, saveCheckpointLocal } from './agent-store';

describe('checkpoint kept in IndexedDB', () => {
  it('round-trips the bytes per key and answers null for a key never saved', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 250]);
    await saveCheckpointLocal(indexedDB, 'two-rooms', bytes);
    expect(Array.from((await loadCheckpointLocal(indexedDB, 'two-rooms'))!)).toEqual([1, 2, 3, 250]);
    expect(await loadCheckpointLocal(indexedDB, 'maze')).toBeNull();
  });
});
