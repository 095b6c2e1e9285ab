// Worker: the ClaimLens wasm engine under Node (V8), in a fresh process.
//
//   node bench/node-engine.mjs '{"corpus": "FILE", "doc": "FILE"|null, "published": "YYYY-MM-DD"}'
//
// Prints one JSON line: wasm instantiate time, corpus load time, the first
// (cold) annotate pass on the document, warm passes after it, what was found
// (without a document: the first call on one sentence),
// and memory (peak process RSS; wasm linear memory, which only grows).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { countWords } from './lib/text.mjs';
import { repeat } from './lib/measure.mjs';

const PKG = new URL('../pkg/', import.meta.url);
const options = JSON.parse(process.argv[2] ?? '{}');
const FIRST_CALL_TEXT = 'Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday, two days after 1,000 containers arrived.';

const wasmBytes = readFileSync(fileURLToPath(new URL('claimlens_bg.wasm', PKG)));
const corpusBytes = readFileSync(options.corpus);
const text = options.doc ? readFileSync(options.doc, 'utf8') : null;
const { default: init, Engine } = await import(new URL('claimlens.js', PKG));

let started = performance.now();
const exports = await init({ module_or_path: wasmBytes });
const instantiateMs = performance.now() - started;
started = performance.now();
const engine = new Engine(corpusBytes);
const corpusLoadMs = performance.now() - started;

const result = { instantiateMs, corpusLoadMs, corpusBytes: corpusBytes.length };
if (text === null) {
  // Without a document: time the first call on one sentence, which pays for whatever the engine
  // sets up lazily (compiled patterns, gazetteers) before any page can be read.
  started = performance.now();
  engine.annotate(FIRST_CALL_TEXT, { published: options.published });
  result.firstCallMs = performance.now() - started;
} else {
  const annotateOptions = options.published ? { published: options.published } : {};
  let annotation;
  result.words = countWords(text);
  started = performance.now();
  annotation = engine.annotate(text, annotateOptions);
  result.coldMs = performance.now() - started;
  // A partial result, in case the warm passes outlast the runner's time limit.
  console.log(JSON.stringify({ ...result, warmMs: [], claims: annotation.claims?.length ?? 0 }));
  result.warmMs = repeat(() => { annotation = engine.annotate(text, annotateOptions); }, options.repeat);
  const claims = annotation.claims ?? [];
  Object.assign(result, {
    entities: annotation.entities?.length ?? 0,
    times: annotation.times?.length ?? 0,
    quantities: annotation.quantities?.length ?? 0,
    claims: claims.length,
    linkedClaims: claims.filter((c) => (c.links ?? []).length > 0).length,
    links: claims.reduce((n, c) => n + (c.links ?? []).length, 0),
  });
}
result.wasmMemoryBytes = exports.memory.buffer.byteLength;
result.maxRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify(result));
