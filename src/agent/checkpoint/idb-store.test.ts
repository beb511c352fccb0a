import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IdbCheckpointStore } from './idb-store';

describe('IdbCheckpointStore', () => {
  it('saves, lists, loads byte-identical data and deletes', async () => {
    const store = new IdbCheckpointStore(indexedDB, 'test-db-1');
    const data = new Uint8Array([1, 2, 3, 250, 0, 7]).buffer;
    await store.save('two-rooms', data);
    await store.save('other', new ArrayBuffer(3));
    const list = await store.list();
    expect(list.map((r) => r.name).sort()).toEqual(['other', 'two-rooms']);
    expect(list.find((r) => r.name === 'two-rooms')!.bytes).toBe(6);
    const back = await store.load('two-rooms');
    expect(new Uint8Array(back!)).toEqual(new Uint8Array(data));
    await store.delete('two-rooms');
    expect(await store.load('two-rooms')).toBeNull();
    await expect(store.save('', data)).rejects.toThrow(/name must be/);
    await store.close();
  });

  it('persists across store instances (reopening the database)', async () => {
    const a = new IdbCheckpointStore(indexedDB, 'test-db-2');
    await a.save('ck', new Uint8Array([9, 9]).buffer);
    await a.close();
    const b = new IdbCheckpointStore(indexedDB, 'test-db-2');
    expect(new Uint8Array((await b.load('ck'))!)).toEqual(new Uint8Array([9, 9]));
    await b.close();
  });
});
