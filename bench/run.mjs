// `./build.sh bench`: measures the engine, the corpus and the extension, beside
// compromise (+ compromise-dates) and wink-nlp on the same inputs, prints one
// table and writes bench/summary.json. See docs/benchmarks.md.
//
//   node bench/run.mjs [--full] [--only e2e|personal]
//
// Expects a finished ./build.sh (pkg/, dist/chrome/, target/release/claimlens)
// and node_modules. --full adds the 100,000-article corpus and the rivals' slow
// runs (compromise on 1M words, compromise-dates on 100k words). --only e2e
// runs only the extension in Chromium (about a minute): it prints that part of
// the table and writes bench/summary-e2e.json, leaving bench/summary.json alone;
// --only personal runs only the reader's corpus of 10,000 articles in both
// browsers (a few minutes) and writes bench/summary-personal.json.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, WORK_DIR, loadRealText, makeDocument } from './lib/text.mjs';
import { CLI, annotatedPool, ensureCorpus, ensureEmptyCorpus } from './lib/corpora.mjs';
import { median, runWorker } from './lib/measure.mjs';
import { runEnginePages, runExtension, startServer, writeArticlePage } from './lib/chromium.mjs';
import { runPersonalChromium, runPersonalFirefox } from './lib/personal.mjs';
import { formatExtensionTable, formatPersonalTable, formatTable } from './lib/table.mjs';

const FULL = process.argv.includes('--full');
const onlyAt = process.argv.indexOf('--only');
const ONLY = onlyAt >= 0 ? process.argv[onlyAt + 1] : null;
if (ONLY !== null && ONLY !== 'e2e' && ONLY !== 'personal') throw new Error(`--only ${ONLY}: the parts that run alone are e2e and personal`);
const E2E_ONLY = ONLY === 'e2e';
const PERSONAL_ONLY = ONLY === 'personal';
const ENGINE_WORKER = fileURLToPath(new URL('node-engine.mjs', import.meta.url));
const RIVALS_WORKER = fileURLToPath(new URL('node-rivals.mjs', import.meta.url));
const SUMMARY = join(REPO_ROOT, 'bench', ONLY ? `summary-${ONLY}.json` : 'summary.json');
const PUBLISHED = '2023-10-19';
const BUNDLED_CORPUS = join(REPO_ROOT, 'dist', 'corpus', 'seeds.clc');
const WASM = join(REPO_ROOT, 'pkg', 'claimlens_bg.wasm');
const SIZES = ONLY ? [['5k', 5_000], ['100k', 100_000]] : [['5k', 5_000], ['100k', 100_000], ['1M', 1_000_000]];
const CORPUS_SIZES = FULL ? [100, 1_000, 10_000, 100_000] : [100, 1_000, 10_000];

const began = performance.now();
const log = (message) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);

for (const required of [WASM, join(REPO_ROOT, 'pkg', 'claimlens.js'), BUNDLED_CORPUS, CLI, join(REPO_ROOT, 'dist', 'chrome', 'manifest.json')]) {
  if (!existsSync(required)) throw new Error(`${required} is missing: run ./build.sh first`);
}

// --- inputs ------------------------------------------------------------------------------------

log('reading the real news sentences (corpus/seeds, TimeML)');
const { sentences, sources } = loadRealText();
mkdirSync(join(WORK_DIR, 'docs'), { recursive: true });
mkdirSync(join(WORK_DIR, 'pages'), { recursive: true });
const docs = {};
for (const [name, words] of SIZES) {
  const doc = makeDocument(sentences, words, words);
  const path = join(WORK_DIR, 'docs', `${name}.txt`);
  writeFileSync(path, doc.text);
  docs[name] = { path, url: `/work/docs/${name}.txt`, words: doc.words, paragraphs: doc.paragraphs };
}
const pages = {
  p5k: writeArticlePage('e2e-5k', 'Bench article, 5,000 words', docs['5k'].paragraphs),
  p100k: writeArticlePage('e2e-100k', 'Bench article, 100,000 words', docs['100k'].paragraphs),
};

/** The extension's figures, for summary.json and summary-e2e.json. */
const extensionFigures = (extension) => ({
  e2e_ms_5k_chromium: extension?.warm5k.e2eMs ?? NaN,
  e2e_ms_5k_chromium_first_page: extension?.first5k.e2eMs ?? NaN,
  e2e_visible_ms_5k_chromium: extension?.warm5k.visibleMs ?? NaN,
  e2e_ms_100k_chromium: extension?.page100k.e2eMs ?? NaN,
  e2e_visible_ms_100k_chromium: extension?.page100k.visibleMs ?? NaN,
  longest_task_ms_100k_chromium: extension?.page100k.longestTaskMs ?? NaN,
  longest_task_ms_100k_chromium_without_extension: extension?.plain100k.longestTaskMs ?? NaN,
  dcl_task_ms_100k_chromium: extension?.page100k.dclTaskMs ?? NaN,
  dcl_task_ms_100k_chromium_without_extension: extension?.plain100k.dclTaskMs ?? NaN,
});
/** Numbers only: a figure that could not be measured is left out. */
const numericOnly = (figures) => Object.fromEntries(Object.entries(figures).filter(([, v]) => Number.isFinite(v)).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));

/** The reader's corpus of 10,000 articles in both browsers (lib/personal.mjs); a browser that fails is left out. */
async function measurePersonal(corpusFile) {
  const personal = {};
  // Articles of a typical length (600 words) for "Add this page".
  const addPages = [1, 2, 3, 4, 5].map((k) => writeArticlePage(`add-${k}`, `Bench article to add, ${k}`, makeDocument(sentences, 600, 100 + k).paragraphs));
  const personalServer = await startServer();
  try {
    for (const [name, run] of [['chromium', runPersonalChromium], ['firefox', runPersonalFirefox]]) {
      try {
        personal[name] = await run(personalServer.origin, { corpusFile, articles: 10_000, page5k: pages.p5k, addPages, log });
      } catch (error) {
        log(`your corpus, ${name}: ${error.stack ?? error}`);
      }
    }
  } finally {
    await personalServer.close();
  }
  return personal;
}

/** The reader's-corpus figures, for summary.json and summary-personal.json. */
const personalFigures = (personal) => Object.fromEntries(['chromium', 'firefox'].flatMap((browser) => [
  [`personal_10k_bundled_ready_ms_${browser}`, personal[browser]?.bundledReadyMs ?? NaN],
  [`personal_10k_engine_ready_ms_${browser}`, personal[browser]?.engineReadyMs ?? NaN],
  [`personal_10k_loaded_ms_${browser}`, personal[browser]?.personalLoadedMs ?? NaN],
  [`personal_10k_first_page_ms_${browser}`, personal[browser]?.firstPageMs ?? NaN],
  [`personal_10k_add_ms_${browser}`, personal[browser]?.addMs ?? NaN],
  [`personal_10k_import_ms_${browser}`, personal[browser]?.importMs ?? NaN],
]));

if (PERSONAL_ONLY) {
  const corpus = ensureCorpus(annotatedPool(sentences), 10_000, log);
  const personal = await measurePersonal(corpus.file);
  const figures = { ...personalFigures(personal), bench_seconds: (performance.now() - began) / 1000 };
  writeFileSync(SUMMARY, `${JSON.stringify(numericOnly(figures), null, 2)}\n`);
  process.stdout.write(`\nClaimLens benchmark, your corpus only (${new Date().toISOString().slice(0, 16)}Z)\n\n`);
  process.stdout.write(`${formatPersonalTable(personal)}\n\nwrote bench/summary-personal.json in ${figures.bench_seconds.toFixed(0)} s\n`);
  process.exit(Object.keys(personal).length === 2 ? 0 : 1);
}

if (E2E_ONLY) {
  const server = await startServer();
  let extension = null;
  try {
    extension = await runExtension(server.origin, pages, { log });
  } finally {
    await server.close();
  }
  const figures = { ...extensionFigures(extension), bench_seconds: (performance.now() - began) / 1000 };
  writeFileSync(SUMMARY, `${JSON.stringify(numericOnly(figures), null, 2)}\n`);
  process.stdout.write(`\nClaimLens benchmark, extension only (${new Date().toISOString().slice(0, 16)}Z; pages of 5k=${docs['5k'].words.toLocaleString('en-US')} and 100k=${docs['100k'].words.toLocaleString('en-US')} words)\n\n`);
  process.stdout.write(`${formatExtensionTable(extension)}\n\nwrote bench/summary-e2e.json in ${figures.bench_seconds.toFixed(0)} s\n`);
  process.exit(extension ? 0 : 1);
}

log('corpus scale series');
const pool = annotatedPool(sentences);
const emptyCorpus = ensureEmptyCorpus();
const corpora = CORPUS_SIZES.map((count) => ensureCorpus(pool, count, log));

// --- the engine under Node --------------------------------------------------------------------

// Each run has a time limit, so a slow (say, quadratic) engine still gives a table in time: a
// run stopped during its warm passes keeps its cold pass; one stopped in its first pass becomes
// {error: 'timeout'} and the table shows an upper bound.
async function engine(corpus, doc, repeat, timeoutMs = 120_000) {
  try {
    return await runWorker(ENGINE_WORKER, { corpus, doc, published: PUBLISHED, repeat }, { timeoutMs });
  } catch (error) {
    log(`  failed: ${error.message}`);
    return { error: error.timedOut ? 'timeout' : error.message, timeoutMs, warmMs: [] };
  }
}
const node = {};
log('Node: start (wasm instantiate + bundled corpus), 3 fresh processes');
node.init = [];
for (let i = 0; i < 3; i += 1) node.init.push(await engine(BUNDLED_CORPUS, null));
for (const [name] of SIZES) {
  log(`Node: engine, ${name} words, fresh process`);
  node[name] = await engine(emptyCorpus, docs[name].path, name === '1M' ? { minReps: 3, maxReps: 3, maxMs: 30_000 } : undefined, name === '1M' ? 60_000 : 120_000);
  node[name].words ??= docs[name].words;
}
log('Node: engine with the bundled corpus, 100k words');
node.bundled100k = await engine(BUNDLED_CORPUS, docs['100k'].path);
node.bundled100k.words ??= docs['100k'].words;

const series = [];
for (const corpus of corpora) {
  log(`Node: ${corpus.count.toLocaleString('en-US')}-article corpus: load, and a 5k-word page against it`);
  const run = await engine(corpus.file, docs['5k'].path, undefined, corpus.count >= 100_000 ? 300_000 : 120_000);
  series.push({ ...corpus, run });
}
const corpus10k = series.find((c) => c.count === 10_000);
if (corpus10k) {
  log('Node: engine with the 10,000-article corpus, 100k words');
  node.linked10k100k = await engine(corpus10k.file, docs['100k'].path);
  node.linked10k100k.words ??= docs['100k'].words;
}

// --- the rivals under Node --------------------------------------------------------------------

// compromise-dates slows down faster than linearly (about 128 s for 100k words
// measured here), compromise takes minutes on 1M words: those runs are --full only.
const rivalPlan = {
  compromise: { '5k': {}, '100k': { minReps: 1, maxReps: 1 }, ...(FULL ? { '1M': { maxReps: 0 } } : {}) },
  'compromise-dates': { '5k': {}, ...(FULL ? { '100k': { maxReps: 0 } } : {}) },
  wink: { '5k': {}, '100k': {}, '1M': { minReps: 3, maxReps: 3 } },
};
const RIVAL_TIMEOUT_MS = FULL ? 400_000 : 120_000;
const rivals = {};
for (const [lib, plan] of Object.entries(rivalPlan)) {
  rivals[lib] = {};
  for (const [name, repeat] of Object.entries(plan)) {
    log(`Node: ${lib}, ${name} words, fresh process`);
    try {
      rivals[lib][name] = await runWorker(RIVALS_WORKER, { lib, doc: docs[name].path, repeat }, { timeoutMs: RIVAL_TIMEOUT_MS, nodeArgs: ['--max-old-space-size=8192'] });
    } catch (error) {
      log(`  ${lib} ${name}: ${error.message}`);
      rivals[lib][name] = { error: error.timedOut ? 'timeout' : error.message, timeoutMs: RIVAL_TIMEOUT_MS };
    }
  }
}

// --- Chromium ---------------------------------------------------------------------------------

const server = await startServer();
let chromiumEngine = [];
let extension = null;
try {
  const runs = [
    ...[1, 2, 3].map((i) => ({ label: `start ${i}`, corpus: '/dist/corpus/seeds.clc', doc: null })),
    ...SIZES.map(([name]) => ({ label: name, corpus: '/work/corpora/empty/corpus.clc', doc: docs[name].url, words: docs[name].words, timeoutMs: name === '1M' ? 60_000 : 120_000, maxMs: name === '1M' ? 30_000 : 20_000 })),
  ];
  chromiumEngine = await runEnginePages(server.origin, runs, log);
  extension = await runExtension(server.origin, pages, { log });
} catch (error) {
  log(`Chromium: ${error.stack ?? error}`);
} finally {
  await server.close();
}

// --- the reader's corpus at 10,000 articles, in both browsers (lib/personal.mjs) -------------

const personal = corpus10k ? await measurePersonal(corpus10k.file) : {};

// --- sizes ------------------------------------------------------------------------------------

const wasmBytes = readFileSync(WASM);
const size = {
  wasm: wasmBytes.length,
  wasmGzip: gzipSync(wasmBytes, { level: 9 }).length,
  wasmBrotli: brotliCompressSync(wasmBytes).length,
  glue: statSync(join(REPO_ROOT, 'pkg', 'claimlens.js')).size,
  bundledCorpus: statSync(BUNDLED_CORPUS).size,
};
const gzipOf = (...files) => files.reduce((sum, file) => sum + gzipSync(readFileSync(join(REPO_ROOT, 'node_modules', file)), { level: 9 }).length, 0);
const rivalSize = {};
try {
  rivalSize.compromise = gzipOf('compromise/builds/compromise.js');
  rivalSize['compromise-dates'] = rivalSize.compromise + gzipOf('compromise-dates/builds/compromise-dates.min.js');
} catch {
  // a browser build moved in a new version: leave the size out
}

// --- figures ----------------------------------------------------------------------------------

const rate = (words, ms) => (ms > 0 ? words / (ms / 1000) : NaN);
const warm = (run) => (run?.warmMs?.length ? rate(run.words, median(run.warmMs)) : NaN);
const cold = (run) => (run?.coldMs ? rate(run.words, run.coldMs) : NaN);
const chromiumRun = (label) => chromiumEngine.find((r) => r.label === label);
const chromiumStarts = chromiumEngine.filter((r) => r.doc === null);
const nodeInitMs = median(node.init.map((r) => r.instantiateMs + r.corpusLoadMs));
const chromiumInitMs = chromiumStarts.length ? median(chromiumStarts.map((r) => r.instantiateMs + r.corpusLoadMs)) : NaN;
const nodeFirstCallMs = median(node.init.map((r) => r.firstCallMs));
const chromiumFirstCallMs = chromiumStarts.length ? median(chromiumStarts.map((r) => r.firstCallMs)) : NaN;

const empty5kWarmMs = median(node['5k'].warmMs);
for (const entry of series) {
  const claims = entry.run.claims || 1;
  entry.queryMsPerClaim = Math.max(0, median(entry.run.warmMs) - empty5kWarmMs) / claims;
  entry.annotateMsPerClaim = median(entry.run.warmMs) / claims;
}
// The 100,000-article corpus is --full only; a default run reuses the last --full run's
// figures for it when they were measured with this very engine build (same wasm and CLI).
const LAST_FULL = join(WORK_DIR, 'last-full-100k.json');
const engineBuild = [WASM, CLI].map((f) => `${statSync(f).size}-${Math.floor(statSync(f).mtimeMs)}`).join('/');
const measured100k = series.find((s) => s.count === 100_000);
if (measured100k) {
  writeFileSync(LAST_FULL, JSON.stringify({ engineBuild, at: new Date().toISOString(), entry: measured100k }));
} else if (existsSync(LAST_FULL)) {
  const last = JSON.parse(readFileSync(LAST_FULL, 'utf8'));
  if (last.engineBuild === engineBuild) series.push({ ...last.entry, fromFullRun: last.at });
}
const seriesOf = (count) => series.find((s) => s.count === count);

const summary = {
  engine_words_per_s_warm: warm(node['100k']),
  engine_words_per_s_cold: cold(node['5k']),
  // Warm when a warm pass fit in the time limit, else the first pass, else an upper bound
  // (words ÷ time limit); engine_words_per_s_1m_kind says which: 2, 1 or 0.
  engine_words_per_s_1m: [warm(node['1M']), cold(node['1M']), node['1M'].words / (node['1M'].timeoutMs / 1000)].find(Number.isFinite),
  engine_words_per_s_1m_kind: Number.isFinite(warm(node['1M'])) ? 2 : Number.isFinite(cold(node['1M'])) ? 1 : 0,
  engine_words_per_s_1m_cold: cold(node['1M']),
  engine_words_per_s_5k_warm: warm(node['5k']),
  engine_linearity_1m_vs_5k: 0,
  engine_words_per_s_100k_cold: cold(node['100k']),
  engine_words_per_s_chromium_warm: warm(chromiumRun('100k')),
  engine_words_per_s_chromium_cold: cold(chromiumRun('5k')),
  linked_words_per_s_bundled: warm(node.bundled100k),
  linked_words_per_s_10k: warm(node.linked10k100k),
  init_ms: Number.isFinite(chromiumInitMs) ? chromiumInitMs : nodeInitMs,
  init_ms_node: nodeInitMs,
  first_call_ms_chromium: chromiumFirstCallMs,
  first_call_ms_node: nodeFirstCallMs,
  ...extensionFigures(extension),
  wasm_bytes: size.wasm,
  wasm_gzip_bytes: size.wasmGzip,
  corpus_bytes_per_article_10k: seriesOf(10_000) ? seriesOf(10_000).bytes / 10_000 : NaN,
  query_ms_per_claim_100: seriesOf(100)?.queryMsPerClaim ?? NaN,
  query_ms_per_claim_1k: seriesOf(1_000)?.queryMsPerClaim ?? NaN,
  query_ms_per_claim_10k: seriesOf(10_000)?.queryMsPerClaim ?? NaN,
  query_ms_per_claim_100k: seriesOf(100_000)?.queryMsPerClaim ?? NaN,
  corpus_load_ms_10k: seriesOf(10_000)?.run.corpusLoadMs ?? NaN,
  peak_rss_bytes_100k_node: node['100k'].maxRssBytes,
  compromise_words_per_s: warm(rivals.compromise['5k']),
  compromise_dates_words_per_s: warm(rivals['compromise-dates']['5k']),
  wink_words_per_s: warm(rivals.wink['100k']),
  ...personalFigures(personal),
  bench_seconds: 0,
};

summary.engine_linearity_1m_vs_5k = summary.engine_words_per_s_1m / summary.engine_words_per_s_5k_warm;
const table = formatTable({ FULL, node, rivals, chromiumRun, chromiumInitMs, nodeInitMs, nodeFirstCallMs, chromiumFirstCallMs, extension, personal, series, size, rivalSize, warm, cold, summary, docs });
summary.bench_seconds = (performance.now() - began) / 1000;
// Numbers only: a figure that could not be measured (e.g. 100k-article query without --full) is left out.
const numeric = numericOnly(summary);
writeFileSync(SUMMARY, `${JSON.stringify(numeric, null, 2)}\n`);

const words = (n) => n.toLocaleString('en-US');
process.stdout.write(`\nClaimLens benchmark (${FULL ? 'full' : 'default'} run, ${new Date().toISOString().slice(0, 16)}Z, Node ${process.versions.node}, ${sources.length} source texts, ${words(sentences.length)} real sentences; documents of ${SIZES.map(([n]) => `${n}=${words(docs[n].words)}`).join(', ')} words)\n\n`);
process.stdout.write(`${table}\n`);
const missing = Object.keys(summary).filter((k) => !(k in numeric));
process.stdout.write(`\nwrote bench/summary.json (${Object.keys(numeric).length} figures${missing.length ? `; not measured this run: ${missing.join(', ')}` : ''}) in ${summary.bench_seconds.toFixed(0)} s\n`);
