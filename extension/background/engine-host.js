// Owns the one ClaimLens engine of the extension: loads the wasm module and the
// bundled corpus from the extension package (never from the network), and
// rebuilds the engine after a wasm trap.
//
// Why here and not in the content script: Chromium refuses to compile wasm in a
// content script on pages whose CSP lacks 'wasm-unsafe-eval' (measured on
// Chromium 156 with `script-src 'self'`), while the extension's own pages may,
// because our manifest's extension_pages CSP allows it.
//
// The service worker (Chromium) or event page (Firefox) can be stopped at any
// moment, so nothing here is state that must survive: the engine is a cache
// that the next request rebuilds if it is gone, from the package (the bundled
// corpus) and from IndexedDB (the reader's own articles, shared/personal-store.js,
// loaded in slices by personal-load.js while the engine already answers).

import init, * as bindings from '../pkg/claimlens.js';
import { webext } from './webext.js';
import { startPersonalLoad } from './personal-load.js';
import { corpusChanged, loadCompleted } from './corpus-changes.js';

const WASM_PATH = 'pkg/claimlens_bg.wasm';
const CORPUS_PATH = 'corpus/seeds.clc';

/**
 * When (this worker's performance.now(), ms since it started) each step of
 * the engine's start ended: this module evaluated, the wasm read, compiled
 * and instantiated, the bundled corpus read and loaded. For the
 * benchmark, through the `personal.status` request.
 */
export const startTimes = { scriptMs: performance.now() };

/** Promise of the live Engine, or null when the next call must build one. */
let enginePromise = null;

async function packagedBytes(path) {
  const response = await fetch(webext.runtime.getURL(path));
  if (!response.ok) throw new Error(`cannot read ${path} from the extension package (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/** An engine with the bundled corpus only. The options page makes its own for imports. */
export async function bundledEngine() {
  const corpusBytes = packagedBytes(CORPUS_PATH);
  // From a URL, init() compiles the wasm while it is read (instantiateStreaming).
  // It is a no-op after the first successful call in this worker's life (nothing
  // is read then); after a trap the instance is replaced by resetInstance() below.
  await init({ module_or_path: webext.runtime.getURL(WASM_PATH) });
  startTimes.instantiatedMs ??= performance.now();
  const engine = new bindings.Engine(await corpusBytes);
  startTimes.bundledMs ??= performance.now();
  return engine;
}

/**
 * Loads stored articles into an engine. A record the engine cannot read (a
 * damaged one) is skipped and reported, never deleted: the rest still loads,
 * and the record stays for a later version to read.
 */
export function restorePersonal(engine, records) {
  let skipped = 0;
  for (const record of records) {
    try {
      engine.loadPersonal(new Uint8Array(record.bytes));
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) throw error;
      skipped += 1;
      console.warn(`ClaimLens: article ${record.id} of your corpus could not be read:`, error);
    }
  }
  return skipped;
}

/** The load of the reader's articles into the live engine (personal-load.js), or null. */
let personalLoad = null;

/**
 * Starts loading the stored articles into `engine`. When the load completes,
 * the pages answered during it are told (corpus-changes.js); after a reload
 * (an import or a deletion elsewhere) every open page is.
 */
function startLoad(engine, { reload }) {
  const load = startPersonalLoad(engine, { onTrap: dropTrappedEngine });
  personalLoad = load;
  load.done.then(() => {
    if (!load.complete || personalLoad !== load) return; // cancelled, or replaced by a reload
    if (reload) corpusChanged();
    else loadCompleted(load.loaded);
  });
  return load;
}

/** How many stored articles are in the engine while they are still loading; null once all are. */
export function personalLoading() {
  return personalLoad && !personalLoad.complete ? personalLoad.loaded : null;
}

/** The engine traps mid-load: drop it, so the next request builds a new one and loads again. */
function dropTrappedEngine() {
  enginePromise = null;
  personalLoad = null;
  resetInstance();
}

// The engine sets itself up lazily on its first annotate call (compiling the
// date and number patterns, building the word lists: ~100 ms in Chromium).
// One short sentence pays for that as soon as the engine is built, so the
// reader's first page does not (see requests.js, `prepare`).
const WARM_UP_TEXT = 'On Monday, Foreign Minister Sergei Lavrov said in Pyongyang that over 1,000 people met.';

/**
 * How long the engine waits for the reader's stored articles, after its
 * warm-up, before it answers pages with what is loaded so far (ms). A few
 * dozen articles load in that time (0.3 to 1 ms each), so a small corpus is
 * whole when the first page is read; with thousands, pages are answered at
 * once and told when the rest is in (corpus-changes.js).
 */
const WAIT_FOR_PERSONAL_MS = 20;

/**
 * The bundled corpus, then the reader's articles, which load in slices (see
 * personal-load.js). The warm-up runs while IndexedDB reads the first
 * records, which is I/O off this thread.
 */
async function buildEngine() {
  const engine = await bundledEngine();
  const load = startLoad(engine, { reload: false });
  engine.annotate(WARM_UP_TEXT, {});
  await load.settledWithin(WAIT_FOR_PERSONAL_MS);
  load.answeringMs = performance.now(); // this is when pages get answers
  return engine;
}

/** The running load of the reader's articles (progress, timings), once the engine is built. */
export async function currentPersonalLoad() {
  await withEngine(() => {});
  return personalLoad;
}

/** Resolves when every stored article is in the engine. */
export async function personalLoaded() {
  for (;;) {
    const load = await currentPersonalLoad();
    await load.done;
    if (load.complete || personalLoad === load) return load;
    // cancelled by a reload meanwhile: wait for the new one
  }
}

/**
 * Replaces the engine's personal articles by what is stored (after an import
 * or a deletion elsewhere); resolves once they are all loaded. Returns how
 * many stored records could not be read.
 */
export async function reloadPersonal() {
  await withEngine((engine) => {
    personalLoad?.cancel();
    engine.clearPersonal();
    startLoad(engine, { reload: true });
  });
  const load = await personalLoaded();
  return load.skipped;
}

/**
 * A trap ("unreachable": a Rust panic under panic=abort) leaves the wasm
 * instance's memory in an unknown state, so neither it nor any Engine built on
 * it may be used again. wasm-bindgen's `__wbg_reset_state` (generated with
 * `--experimental-reset-state-function`) swaps in a fresh instance of the same
 * compiled module; without it, a Firefox event page can reload itself, and a
 * Chromium worker stays broken until the browser stops it (about 30 s idle).
 */
function resetInstance() {
  if (typeof bindings.__wbg_reset_state === 'function') {
    bindings.__wbg_reset_state();
    return;
  }
  if (typeof globalThis.location?.reload === 'function' && typeof globalThis.document !== 'undefined') {
    globalThis.location.reload();
  }
}

/** Runs `use(engine)` with a live engine, building one first if needed. */
export async function withEngine(use) {
  enginePromise ??= buildEngine().catch((error) => {
    enginePromise = null; // a failed load must not poison later calls
    if (error instanceof WebAssembly.RuntimeError) resetInstance();
    throw error;
  });
  const engine = await enginePromise;
  try {
    return use(engine);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      enginePromise = null;
      resetInstance();
    }
    throw error;
  }
}
