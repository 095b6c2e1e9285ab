// Shared facts for the tests of the reader's own corpus (issue 8), in both browsers.
// The fixture pages report one invented event: tunnel-gazette.html is added to
// the corpus, tunnel-herald.html reports the same opening with another figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADDED_PAGE = '/pages/tunnel-gazette.html';
export const SAME_EVENT_PAGE = '/strict/tunnel-herald.html';
/** What the popup says once the gazette is added: title and outlet from its JSON-LD. */
export const ADDED_STATUS = /Added to your corpus: Selby Rail Tunnel opens under the Harn Estuary \(Brackwater Gazette\)/;
export const ADDED_TITLE = 'Selby Rail Tunnel opens under the Harn Estuary';
/** The herald's claim that conflicts with the gazette (4,000 / 2,400 residents). */
export const CONFLICTING_CLAIM = '4,000 residents';

/**
 * Writes `count` short article files on other subjects to `dir`, for an import
 * long enough to be interrupted. Returns their paths.
 */
export function manyArticleFiles(dir, count, prefix = 'note') {
  mkdirSync(dir, { recursive: true });
  const paths = [];
  for (let k = 0; k < count; k += 1) {
    const path = join(dir, `${prefix}-${String(k).padStart(3, '0')}.txt`);
    writeFileSync(path, [
      `The Farrow Valley council approved ${100 + k} new housing units on Tuesday, the council said.`,
      `Mayor Ines Dalgaard said construction of block ${k} would begin in ${2026 + (k % 3)}.`,
      `About ${20 + k} residents spoke at the public hearing in Farrow, according to the minutes.`,
    ].join('\n\n'));
    paths.push(path);
  }
  return paths;
}

/**
 * Articles whose ids sort before those of pages added from the popup
 * (`my-<hash>`): the background loads stored articles in id order, so with
 * these stored, an added page is among the last to load.
 */
export const EARLIER_PREFIX = 'a-filler';

/**
 * In an extension page (pass to evaluate / executeAsyncScript), while the
 * background is stopped: holds the store of the reader's articles with a
 * read-write transaction kept open (a request after each request), as a long
 * import does. IndexedDB starts a transaction created after a read-write one
 * on the same store only once that one ends, so the background, started
 * after this, reads no stored article until `releaseStoredArticles()`. It
 * answers pages meanwhile (engine-host.js waits only briefly for them).
 * Resolves to {ok: true} once the transaction is running.
 */
export async function holdStoredArticles() {
  const db = await new Promise((resolve, reject) => {
    const opening = indexedDB.open('claimlens');
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
  const store = db.transaction('articles', 'readwrite').objectStore('articles');
  let held = true;
  await new Promise((running) => {
    const keepOpen = () => {
      running();
      if (held) store.get('').onsuccess = keepOpen;
    };
    store.get('').onsuccess = keepOpen;
  });
  window.releaseStoredArticles = () => {
    held = false;
    store.transaction.oncomplete = () => db.close();
  };
  return { ok: true };
}

/**
 * Whether the background's status `held`, asked for during a hold, shows that
 * the last of `stored` articles is out of the engine: the hold should keep
 * every one out, but had the background started before it (it should not),
 * it may have loaded a batch it held and one it had asked for
 * (extension/background/personal-load.js, BATCH_SIZE 64).
 */
export function holdKeepsLastOut(held, stored) {
  return held.complete === false && Number.isInteger(held.loaded) && held.loaded + 2 * 64 < stored;
}

/** In the page: the relation of the first claim whose text contains `needle`, or null. */
export function relationOfClaim(needle) {
  const byClaim = new Map();
  for (const mark of document.querySelectorAll('claimlens-mark[data-claim]')) {
    const entry = byClaim.get(mark.dataset.claim) ?? { text: '', relation: mark.dataset.relation };
    entry.text += mark.textContent;
    byClaim.set(mark.dataset.claim, entry);
  }
  for (const { text, relation } of byClaim.values()) if (text.includes(needle)) return relation;
  return null;
}
