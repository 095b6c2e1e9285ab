// Loads the reader's stored articles (shared/personal-store.js) into the live
// engine in slices, so that the engine answers pages while a large corpus is
// still loading.
//
// Why: the background is stopped whenever the browser finds it idle and
// starts again for the next page, and each start reads the reader's corpus
// from IndexedDB into a new engine. The engine takes 0.5 to 1 ms of wasm per
// stored article of a typical 470-word story (headless Chromium 156 and
// Firefox ESR 153 on the 2-core machine; see docs/benchmarks.md), so at
// 10,000 articles a start that waited for all of them kept the first page
// waiting 6.8 s. Instead the engine answers once the whole corpus is in or
// after a short wait (engine-host.js, `settledWithin`), whichever comes
// first: a corpus of a few dozen articles is whole by then, a larger one is
// loaded on in slices of about SLICE_MS of engine work, between which the
// pages' requests are answered with what is loaded so far. Those pages are
// told when the load completes (corpus-changes.js) and read themselves again.
//
// Order: records are read in key (id) order, one IndexedDB transaction per
// batch, so an article added or deleted during the load is seen by the later
// batches; the load skips a record whose article the reader added meanwhile,
// and never loads one they deleted meanwhile.

import { countRecords, recordBatches } from '../shared/personal-store.js';
import { webext } from './webext.js';

/** Engine work between two yields to the event loop (ms): the longest a request waits for a slice. */
const SLICE_MS = 10;
/** Records read from IndexedDB per transaction. */
const BATCH_SIZE = 64;
/**
 * Chromium stops an extension's service worker after about 30 s without
 * events, even mid-work; an extension API call counts as activity. A long
 * load makes one this often, so it is not cut off (and restarted from zero).
 */
const KEEP_ALIVE_MS = 10_000;

/**
 * Yields to the event loop. A zero-delay setTimeout would be clamped to 4 ms
 * once nested, which is most of a slice; a message on a channel is not.
 */
function nextTask() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Starts loading the stored articles into `engine`. `onTrap(error)` is called
 * if the engine traps (its instance is then unusable and the load stops).
 * Returns the load: `done` resolves when every stored article is in (or the
 * load was cancelled or failed), `settledWithin(ms)` at the latest `ms` later.
 */
export function startPersonalLoad(engine, { onTrap }) {
  const startedMs = performance.now();
  const inEngine = new Set(); // ids of the reader's articles now in the engine
  const removed = new Set(); // deleted during the load: never loaded
  let cancelled = false;
  const load = {
    total: null,
    loaded: 0,
    skipped: 0,
    complete: false,
    startedMs,
    /** performance.now() of this worker when the engine answered (set by engine-host.js), and when all was loaded. */
    answeringMs: null,
    completeMs: null,
    /** Resolves when the load is done, or after `ms`, whichever comes first. */
    settledWithin(ms) {
      return Promise.race([load.done, new Promise((resolve) => { setTimeout(resolve, ms); })]);
    },
    cancel() { cancelled = true; },
    /** The reader added this article to the engine during the load: its record is not loaded again. */
    noteAdded(id) { inEngine.add(id); },
    /**
     * The reader deleted this article during the load. True when it is in the
     * engine (the caller removes it there), false when it is not loaded yet
     * (and now never will be).
     */
    noteRemoved(id) {
      if (load.complete || inEngine.has(id)) {
        inEngine.delete(id);
        return true;
      }
      removed.add(id);
      return false;
    },
  };

  load.done = (async () => {
    try {
      // The count is for the progress shown; it need not delay the first articles.
      countRecords().then((total) => { load.total = total; }, () => {});
      let sliceStart = performance.now();
      let keptAlive = sliceStart;
      for await (const batch of recordBatches(BATCH_SIZE)) {
        if (cancelled) return;
        for (const record of batch) {
          if (inEngine.has(record.id) || removed.has(record.id)) continue;
          try {
            engine.loadPersonal(new Uint8Array(record.bytes));
            inEngine.add(record.id);
            load.loaded += 1;
          } catch (error) {
            if (error instanceof WebAssembly.RuntimeError) throw error;
            load.skipped += 1; // damaged or unreadable: kept in storage for a later version
            console.warn(`ClaimLens: article ${record.id} of your corpus could not be read:`, error);
          }
          if (performance.now() - sliceStart >= SLICE_MS) {
            await nextTask(); // pages' requests are answered here
            if (cancelled) return;
            sliceStart = performance.now();
            if (sliceStart - keptAlive >= KEEP_ALIVE_MS) {
              keptAlive = sliceStart;
              webext.runtime.getPlatformInfo?.().catch(() => {});
            }
          }
        }
      }
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        cancelled = true;
        onTrap(error);
      } else {
        console.warn('ClaimLens: your corpus could not be read from storage; the rest of it is left out until the next start:', error);
      }
    } finally {
      if (!cancelled) {
        load.complete = true;
        load.completeMs = performance.now();
      }
    }
  })();
  return load;
}
