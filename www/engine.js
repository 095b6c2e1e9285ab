// The demo page's engine: the wasm module and the bundled corpus, loaded from
// files next to this page, run directly in the page (the extension runs the
// same engine in its background instead; see extension/background/engine-host.js).

import init, * as bindings from './pkg/claimlens.js';

const WASM_URL = new URL('./pkg/claimlens_bg.wasm', import.meta.url);
const CORPUS_URL = new URL('./corpus/seeds.clc', import.meta.url);

let corpusBytes = null;
let engine = null;

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url.pathname} (${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads the wasm module and the corpus; returns the Engine. */
export async function loadEngine() {
  if (engine) return engine;
  const [, corpus] = await Promise.all([init({ module_or_path: WASM_URL }), fetchBytes(CORPUS_URL)]);
  corpusBytes = corpus;
  engine = new bindings.Engine(corpusBytes);
  return engine;
}

/**
 * Runs `use(engine)`. A wasm trap kills the instance: swap in a fresh one
 * (wasm-bindgen's reset hook, when the build has it) so the next call works.
 */
export function withEngine(use) {
  if (!engine) throw new Error('the engine is not loaded yet');
  try {
    return use(engine);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      engine = null;
      if (typeof bindings.__wbg_reset_state === 'function') {
        bindings.__wbg_reset_state();
        engine = new bindings.Engine(corpusBytes);
      }
    }
    throw error;
  }
}
