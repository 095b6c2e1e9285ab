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
    return new Error('Not enough storage space for your corpus: the browser refused the write. Nothing was changed. Delete articles you no longer need, or free some disk space.');
  }
  if (error?.name === 'ConstraintError') {
    return new Error('This article is already in your corpus. Nothing was changed.');
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

/** How many articles are stored. */
export async function countRecords() {
  let count = 0;
  await inTransaction('readonly', (store) => {
    store.count().onsuccess = (event) => { count = event.target.result; };
  });
  return count;
}

/**
 * Every stored record in key (id) order, `size` at a time (the first batch
 * `firstSize`): each batch is read
 * in a transaction of its own, so writes made between two batches are seen by
 * the later ones, and the reader of the batches may take its time (an
 * IndexedDB transaction cannot wait for other work).
 */
export async function* recordBatches(size, firstSize = size) {
  const db = await openDatabase();
  try {
    let after = null;
    for (;;) {
      const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
      const batch = await request(db.transaction(STORE, 'readonly').objectStore(STORE).getAll(range, after === null ? firstSize : size));
      if (batch.length) yield batch;
      if (batch.length < (after === null ? firstSize : size)) return;
      after = batch[batch.length - 1].id;
    }
  } finally {
    db.close();
  }
}

/** "1.5 kB", "830 kB", "12.4 MB": sizes as the reader sees them in the messages. */
function readableSize(bytes) {
  if (bytes < 1e3) return `${Math.max(0, Math.round(bytes))} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Refuses a write that the storage quota cannot hold, with a message that
 * says how much is needed and how much is left. Firefox reports its real
 * limit here; Chromium reports a padded figure (usage plus about 10 GB, so
 * that pages cannot learn the disk's size), and there the browser's refusal
 * of the write itself is what the reader is told about (storageError).
 */
export async function checkQuota(bytesNeeded) {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return; // unknown: the transaction reports a refusal itself
  const free = estimate.quota - (estimate.usage ?? 0);
  if (bytesNeeded * QUOTA_MARGIN > free) {
    throw new Error(`Not enough storage space for your corpus: this needs about ${readableSize(bytesNeeded * QUOTA_MARGIN)} and ${readableSize(Math.max(free, 0))} is free. Nothing was changed. Delete articles you no longer need, or free some disk space.`);
  }
}

/**
 * Writes records in one transaction; with `replace`, the corpus becomes
 * exactly these records. A record with an id already stored replaces it,
 * unless `keep` is set: then the whole write is refused (an article added
 * while the background was still loading the stored ones, so the engine could
 * not see it was there already).
 */
export async function putRecords(records, { replace = false, keep = false } = {}) {
  await checkQuota(records.reduce((sum, r) => sum + (r.bytes?.byteLength ?? 0), 0));
  await inTransaction('readwrite', (store) => {
    if (replace) store.clear();
    for (const record of records) {
      if (keep) store.add(record);
      else store.put(record);
    }
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
