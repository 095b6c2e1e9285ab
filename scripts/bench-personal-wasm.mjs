// The reader's corpus in wasm (node's V8), after ./build.sh: adding one article to 10,000,
// export, load and removal. Run: node scripts/bench-personal-wasm.mjs
// The 10,000 articles recombine the seed sentences, as tests/personal_corpus.rs does natively.
import { readFileSync, readdirSync } from 'node:fs';
const root = new URL('..', import.meta.url).pathname;
const bindings = await import(root + '/pkg/claimlens.js');
await bindings.default({ module_or_path: readFileSync(root + '/pkg/claimlens_bg.wasm') });
const engine = new bindings.Engine(readFileSync(root + '/dist/corpus/seeds.clc'));
const sentences = readdirSync(root + '/corpus/seeds').filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(`${root}/corpus/seeds/${f}`, 'utf8').split(/\n|\. /)).map((s) => s.trim()).filter((s) => s.length > 40 && s.length < 400);
let state = 1n;
const pick = () => { state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return sentences[Number(state >> 33n) % sentences.length]; };
const article = (k) => [...Array(8)].map(pick).concat(`Officials counted ${100 + k} visitors on ${1 + (k % 28)} March.`).join('\n\n');
let t = performance.now();
for (let k = 0; k < 10000; k += 1) engine.addArticle({ url: `https://example.org/${k}` }, article(k));
console.log(`10,000 added one by one in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const times = [];
for (let k = 0; k < 20; k += 1) { const text = article(50000 + k); t = performance.now(); engine.addArticle({ url: `https://example.net/${k}` }, text); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`wasm (node/V8): adding one to 10,000: median ${times[10].toFixed(2)} ms, worst ${times[19].toFixed(2)} ms`);
t = performance.now(); const bytes = engine.personalBytes(); console.log(`export of 10,020: ${(bytes.length / 1e6).toFixed(1)} MB in ${(performance.now() - t).toFixed(0)} ms`);
const fresh = new bindings.Engine(readFileSync(root + '/dist/corpus/seeds.clc'));
t = performance.now(); fresh.loadPersonal(bytes); console.log(`load of the export: ${(performance.now() - t).toFixed(0)} ms`);
t = performance.now(); fresh.removeArticle(fresh.personalArticles()[0].id); console.log(`remove one: ${(performance.now() - t).toFixed(0)} ms`);
