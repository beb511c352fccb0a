// Checkpoints in the browser's IndexedDB (works in a Web Worker). Bytes are validated on the way
// out by the caller's decode, never trusted because they came from our own store.
const DB_NAME = 'jepa-playground';
const STORE = 'checkpoints';
const DB_VERSION = 1;

export interface StoredCheckpointInfo {
  name: string;
  bytes: number;
  savedAt: string;
}

interface Row {
  name: string;
  data: ArrayBuffer;
  savedAt: string;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export class IdbCheckpointStore {
  private dbPromise: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory = globalThis.indexedDB,
    private readonly dbName = DB_NAME,
  ) {
    if (!factory) throw new Error('IndexedDB is not available in this context');
  }

  private db(): Promise<IDBDatabase> {
    this.dbPromise ??= new Promise((resolve, reject) => {
      const open = this.factory.open(this.dbName, DB_VERSION);
      open.onupgradeneeded = () => {
        if (!open.result.objectStoreNames.contains(STORE))
          open.result.createObjectStore(STORE, { keyPath: 'name' });
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error(`cannot open IndexedDB '${this.dbName}'`));
      open.onblocked = () => reject(new Error(`IndexedDB '${this.dbName}' is blocked by another open tab`));
    });
    return this.dbPromise;
  }

  private async tx(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.db()).transaction(STORE, mode).objectStore(STORE);
  }

  async save(name: string, data: ArrayBuffer): Promise<void> {
    if (!name || name.length > 200) throw new Error('checkpoint name must be 1-200 characters');
    const row: Row = { name, data: data.slice(0), savedAt: new Date().toISOString() };
    await request((await this.tx('readwrite')).put(row));
  }

  /** The stored bytes, or null when there is no checkpoint of that name. */
  async load(name: string): Promise<ArrayBuffer | null> {
    const row = (await request((await this.tx('readonly')).get(name))) as Row | undefined;
    return row ? row.data : null;
  }

  async list(): Promise<StoredCheckpointInfo[]> {
    const rows = (await request((await this.tx('readonly')).getAll())) as Row[];
    return rows.map((r) => ({ name: r.name, bytes: r.data.byteLength, savedAt: r.savedAt }));
  }

  async delete(name: string): Promise<void> {
    await request((await this.tx('readwrite')).delete(name));
  }

  async close(): Promise<void> {
    if (this.dbPromise) (await this.dbPromise).close();
    this.dbPromise = null;
  }
}
