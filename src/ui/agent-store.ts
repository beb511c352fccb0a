// Keeps one checkpoint in the browser's IndexedDB, so a trained agent survives a reload without a
// file dialog. One database, one object store, one key per scenario.
const DB = 'jepa-playground';
const STORE = 'checkpoints';

function open(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = idb.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () =>
      reject(new Error(`IndexedDB '${DB}' could not open: ${req.error?.message ?? 'unknown error'}`));
  });
}

function run<T>(
  idb: IDBFactory,
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return open(idb).then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = fn(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result);
        };
        tx.onerror = () => {
          db.close();
          reject(
            new Error(
              `IndexedDB ${mode} failed: ${tx.error?.message ?? req.error?.message ?? 'unknown error'}`,
            ),
          );
        };
      }),
  );
}

export function saveCheckpointLocal(idb: IDBFactory, key: string, bytes: Uint8Array): Promise<void> {
  // A copy: the caller's buffer may be transferred to the worker later.
  return run(idb, 'readwrite', (s) => s.put(bytes.slice(), key)).then(() => undefined);
}

/** The stored bytes, or null when nothing was kept under `key`. */
export async function loadCheckpointLocal(idb: IDBFactory, key: string): Promise<Uint8Array | null> {
  const v = await run<unknown>(idb, 'readonly', (s) => s.get(key));
  if (v === undefined) return null;
  if (!(v instanceof Uint8Array)) throw new Error(`IndexedDB entry '${key}' is not a checkpoint`);
  return v;
}
