// Where the reader's own corpus lives: IndexedDB of the extension's own origin
// (chrome-extension:// or moz-extension://), which the background and the
// options page share and no web page can reach. One record per article:
//
//   { id, title, outlet, url, published, added, size, bytes }
//
// where `bytes` is the article as a compiled corpus file of its own (the
// engine's format, with its format version in the header), so adding an
// article writes one record, and a newer engine reads what an older one
// wrote (the engine migrates older format versions; see src/corpus.rs).
//
// Every change is one IndexedDB transaction: it commits whole or not at all.
// An import that is interrupted (the page closed, the browser quit, the quota
// reached) leaves the previous corpus as it was.

const DB_NAME = 'claimlens';
const DB_VERSION = 1;
const STORE = 'articles';
// Head-room kept free beyond what a write needs: IndexedDB stores more than
// the payload (keys, structure), and the browser needs room of its own.
const QUOTA_MARGIN = 1.2;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDatabase() {
  const req = indexedDB.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    // Version 1: the first layout. A later layout adds a case here that
    // converts the records in place; old records are never dropped.
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
  };
  return request(req);
}

/** Runs `work(store)` in one transaction; resolves when it has committed. */
async function inTransaction(mode, work) {
  const db = await openDatabase();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      let result;
      tx.oncomplete = () => resolve(result);
      tx.onabort = () => reject(storageError(tx.error));
      tx.onerror = () => {}; // reported by onabort
      try {
        result = work(tx.objectStore(STORE));
      } catch (error) {
        tx.abort();
        reject(error);
      }
    });
  } finally {
    db.close();
  }
}

function storageError(error) {
  if (error?.name === 'QuotaExceededError') {
    return new Error('Not enough storage space for your corpus: the browser refused the write. Nothing was changed. Free some disk space, or delete articles you no longer need.');
  }
  return new Error(`Your corpus could not be saved (${error?.name ?? 'aborted'}). Nothing was changed.`);
}

/** Every stored article, oldest first (the order the engine loads them in). */
export async function listRecords() {
  const records = await inTransaction('readonly', (store) => {
    const all = [];
    store.openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (!cursor) return;
      all.push(cursor.value);
      cursor.continue();
    };
    return all;
  });
  return records.sort((a, b) => (a.added ?? '').localeCompare(b.added ?? '') || a.id.localeCompare(b.id));
}

/**
 * Refuses a write that the storage quota cannot hold, with a message that
 * says how much is needed and how much is left.
 */
export async function checkQuota(bytesNeeded) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return; // unknown: the transaction reports a refusal itself
  const free = estimate.quota - (estimate.usage ?? 0);
  if (bytesNeeded * QUOTA_MARGIN > free) {
    const mb = (n) => (n / 1e6).toFixed(1);
    throw new Error(`Not enough storage space: this needs about ${mb(bytesNeeded * QUOTA_MARGIN)} MB and ${mb(Math.max(free, 0))} MB is free. Nothing was changed.`);
  }
}

/**
 * Writes records in one transaction; with `replace`, the corpus becomes
 * exactly these records. Records with an id already stored replace it.
 */
export async function putRecords(records, { replace = false } = {}) {
  await checkQuota(records.reduce((sum, r) => sum + (r.bytes?.byteLength ?? 0), 0));
  await inTransaction('readwrite', (store) => {
    if (replace) store.clear();
    for (const record of records) store.put(record);
  });
}

export async function deleteRecord(id) {
  await inTransaction('readwrite', (store) => store.delete(id));
}

export async function clearRecords() {
  await inTransaction('readwrite', (store) => store.clear());
}

/** A stored record for the article `meta` (the engine's listing) compiled as `bytes`. */
export function toRecord(meta, bytes) {
  const copy = bytes.slice(); // own buffer: a view into wasm memory must not be stored
  return {
    id: meta.id, title: meta.title ?? null, outlet: meta.outlet ?? null, url: meta.url ?? null,
    published: meta.published ?? null, added: meta.added ?? null, size: copy.byteLength, bytes: copy.buffer,
  };
}
