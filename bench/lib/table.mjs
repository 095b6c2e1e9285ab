// The one table `./build.sh bench` prints (Markdown, so it pastes into docs).
//
// Columns: ClaimLens, then each library on the same input with "×": how many
// times ClaimLens is ahead (throughput: ClaimLens / library; time, memory and
// size: library / ClaimLens; above 1 means ClaimLens is faster or smaller).
// The target column quotes issue 6 and marks it met (✓) or not (✗).

const LIBS = ['compromise', 'compromise-dates', 'wink'];

function rateText(v) {
  if (!Number.isFinite(v)) return '–';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M w/s`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(v >= 1e5 ? 0 : 1)}k w/s`;
  return `${v.toFixed(0)} w/s`;
}
function msText(v) {
  if (!Number.isFinite(v)) return '–';
  if (v >= 10_000) return `${(v / 1000).toFixed(1)} s`;
  return `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
}
function bytesText(v) {
  if (!Number.isFinite(v)) return '–';
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)} MB`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)} kB`;
  return `${v.toFixed(0)} B`;
}
const FORMAT = { rate: rateText, ms: msText, bytes: bytesText, s: (v) => (Number.isFinite(v) ? `${v.toFixed(1)} s` : '–'), x: (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–') };

function ratio(kind, ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || ours <= 0 || theirs <= 0) return '';
  const r = kind === 'rate' ? ours / theirs : theirs / ours;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

function check(met) {
  return met === undefined ? '' : met ? ' ✓' : ' ✗';
}

/** Collects rows: `section(title)`, and `row(...)` where `theirs` maps library -> number or a string explaining why there is none. */
function rowsBuilder() {
  const rows = [];
  const section = (title) => rows.push({ section: title });
  const row = (label, kind, ours, theirs = {}, target = '', met) => rows.push({ label, kind, ours, theirs, target: target + check(met) });
  return { rows, section, row };
}

/** The extension's rows (also the whole table of `bench/run.mjs --only e2e`). */
function extensionSection({ rows, section, row }, extension) {
  section('Extension in Chromium (dist/chrome; engine in the service worker; page served on 127.0.0.1)');
  if (!extension) {
    rows.push({ label: 'Chromium runs failed (see the log above)', kind: 'ms', ours: '–', theirs: {}, target: '' });
    return;
  }
  const { first5k, warm5k, page100k, plain100k } = extension;
  row('5k-word page, first after browser start: DOMContentLoaded → last highlight painted', 'ms', first5k.e2eMs);
  row(`5k-word page, engine running: DOMContentLoaded → last highlight painted (median of ${warm5k.runs})`, 'ms', warm5k.e2eMs, {}, '≤ 50 ms', warm5k.e2eMs <= 50);
  row('5k-word page, engine running: DOMContentLoaded → the marks in the window painted', 'ms', warm5k.visibleMs);
  row(`100k-word page: DOMContentLoaded → last highlight painted (${page100k.marks.toLocaleString('en-US')} marks, ${page100k.batches} batch(es))`, 'ms', page100k.e2eMs);
  row('100k-word page: DOMContentLoaded → the marks in the window painted (visible part first)', 'ms', page100k.visibleMs);
  row(`100k-word page: longest main-thread task in that time (${page100k.longTasks} over 50 ms)`, 'ms', page100k.longTasksSupported ? page100k.longestTaskMs : NaN, {}, '≤ 50 ms', page100k.longestTaskMs <= 50);
  row('100k-word page: total blocking time (Σ task − 50 ms)', 'ms', page100k.blockingMs);
  row('100k-word page without the extension: longest task, same window', 'ms', plain100k.longestTaskMs);
  row('100k-word page: the DOMContentLoaded task (finding the article, reading its text; 0 = not over 50 ms)', 'ms', page100k.longTasksSupported ? page100k.dclTaskMs : NaN, {}, '≤ 50 ms', page100k.dclTaskMs <= 50);
  row('100k-word page without the extension: its DOMContentLoaded task', 'ms', plain100k.dclTaskMs);
}

/** The table of `bench/run.mjs --only e2e`. */
export function formatExtensionTable(extension) {
  const builder = rowsBuilder();
  extensionSection(builder, extension);
  return render(builder.rows);
}

/** The reader's corpus at 10,000 articles (also the whole table of `bench/run.mjs --only personal`). */
function personalSection({ rows, section, row }, personal) {
  section('Your corpus of 10,000 articles in the extension (imported on the options page; background restarted, then a 5k-word page)');
  for (const browser of ['chromium', 'firefox']) {
    const p = personal[browser];
    const name = browser === 'chromium' ? 'Chromium' : 'Firefox';
    if (!p) {
      rows.push({ label: `${name}: not measured (see the log above)`, kind: 'ms', ours: '–', theirs: {}, target: '' });
      continue;
    }
    row(`${name}: background start → wasm and bundled corpus ready (median of ${p.restarts})`, 'ms', p.bundledReadyMs, {}, '≤ 30 ms', p.bundledReadyMs <= 30);
    row(`${name}: background start → engine answers pages (warmed up; waits ≤ 20 ms for your articles)`, 'ms', p.engineReadyMs);
    row(`${name}: background start → all 10,000 of your articles loaded (pages answered meanwhile)`, 'ms', p.personalLoadedMs);
    row(`${name}: first 5k-word page after the restart: DOMContentLoaded → last highlight painted`, 'ms', p.firstPageMs);
    row(`${name}: "Add this page" with 10,000 stored (request round trip, median of ${p.addRuns.length})`, 'ms', p.addMs, {}, '< 50 ms (issue 8)', p.addMs < 50);
    row(`${name}: import of the 10,000 (.clc file, options page)`, 'ms', p.importMs);
  }

}

/** The table of `bench/run.mjs --only personal`. */
export function formatPersonalTable(personal) {
  const builder = rowsBuilder();
  personalSection(builder, personal);
  return render(builder.rows);
}

export function formatTable(m) {
  const { node, rivals, extension, personal = {}, series, size, rivalSize, warm, cold, docs, summary } = m;
  const builder = rowsBuilder();
  const { rows, section, row } = builder;
  const rivalFigure = (lib, size, pick) => {
    const run = rivals[lib]?.[size];
    if (!run) return lib === 'compromise-dates' && size === '1M' ? 'not run' : m.FULL ? 'not run' : '--full';
    if (run.error) return run.error === 'timeout' ? `stopped at ${run.timeoutMs / 1000} s` : 'failed';
    return pick(run);
  };
  const rivalRow = (size, pick) => Object.fromEntries(LIBS.map((lib) => [lib, rivalFigure(lib, size, pick)]));
  /** A ClaimLens cell, or why there is no figure (a run stopped at its time limit). */
  const engineCell = (run, which) => {
    if (!run) return '–';
    if (run.error === 'timeout') return which === 'cold' ? `< ${rateText(run.words / (run.timeoutMs / 1000))} (stopped at ${run.timeoutMs / 1000} s)` : 'not reached';
    if (run.error) return 'failed';
    if (which === 'cold') return cold(run);
    if (!run.warmMs?.length) return run.timedOut ? `stopped at ${run.timeoutMs / 1000} s` : '–';
    return warm(run);
  };
  const warmPick = (r) => (r.warmMs.length ? warm(r) : r.timedOut ? `stopped at ${r.timeoutMs / 1000} s` : 'cold only');

  section('Engine in Node (V8, wasm): names + time + numbers + claims, no corpus; fresh process per input');
  for (const [name] of [['5k'], ['100k'], ['1M']]) {
    const isWarmTarget = name !== '5k';
    row(`${name} words (${docs[name].words.toLocaleString('en-US')}), cold: first pass`, 'rate', engineCell(node[name], 'cold'), rivalRow(name, cold));
    row(`${name} words, warm: median of passes after 1 s of untimed ones`, 'rate', engineCell(node[name], 'warm'),
      rivalRow(name, warmPick),
      isWarmTarget ? '≥ 1M w/s' : '', isWarmTarget ? warm(node[name]) >= 1e6 : undefined);
  }
  const coldRatio = warm(node['5k']) / cold(node['5k']);
  row('cold slowdown, 5k (warm ÷ cold throughput)', 'x', coldRatio,
    Object.fromEntries(LIBS.map((lib) => [lib, rivals[lib]?.['5k']?.warmMs ? warm(rivals[lib]['5k']) / cold(rivals[lib]['5k']) : '–'])),
    '≤ 3×', coldRatio <= 3);
  const linear = summary.engine_linearity_1m_vs_5k;
  row('linearity: 1M ÷ 5k warm throughput (1 = linear; 1M cold pass if no warm one fit)', 'x', linear, {
    compromise: rivals.compromise['1M'] && !rivals.compromise['1M'].error ? cold(rivals.compromise['1M']) / warm(rivals.compromise['5k']) : '–',
    wink: warm(rivals.wink['1M']) / warm(rivals.wink['5k']),
  }, '≈ 1 (no slower per word)', linear >= 0.85);
  row('start: wasm instantiate + bundled corpus load (libraries: import + model)', 'ms', m.nodeInitMs,
    Object.fromEntries(LIBS.map((lib) => [lib, rivals[lib]['5k']?.loadMs ?? '–'])));
  row('first call, one sentence (pays for lazy set-up: patterns, gazetteers)', 'ms', m.nodeFirstCallMs);
  row('peak RSS of the 100k-word process', 'bytes', node['100k'].maxRssBytes, rivalRow('100k', (r) => r.maxRssBytes));
  row('wasm linear memory after 1M words', 'bytes', node['1M'].wasmMemoryBytes);

  section('Engine in headless Chromium (wasm run directly by a bench page; new page per input)');
  for (const name of ['5k', '100k', '1M']) {
    const run = m.chromiumRun(name);
    row(`${name} words, cold`, 'rate', engineCell(run, 'cold'));
    row(`${name} words, warm`, 'rate', engineCell(run, 'warm'), {}, name === '5k' ? '' : '≥ 1M w/s', name === '5k' ? undefined : warm(run) >= 1e6);
  }
  row('start: wasm instantiate + bundled corpus load (median of 3 pages)', 'ms', m.chromiumInitMs, {}, '≤ 30 ms', m.chromiumInitMs <= 30);
  row('first call, one sentence (lazy set-up), after that start', 'ms', m.chromiumFirstCallMs, {}, 'start + this ≤ 30 ms (ready to read)',
    Number.isFinite(m.chromiumFirstCallMs) ? m.chromiumInitMs + m.chromiumFirstCallMs <= 30 : undefined);
  const run1m = m.chromiumRun('1M');
  row('peak memory, 1M words: JS heap (sampled) + wasm memory', 'bytes', run1m ? run1m.jsHeapPeakBytes + run1m.wasmMemoryBytes : NaN);

  section('Corpus linking (Node), 100k-word input, warm');
  row(`with the bundled corpus (${size.bundledCorpus.toLocaleString('en-US')} bytes, 5 articles)`, 'rate', engineCell(node.bundled100k, 'warm'), {}, '≥ 500k w/s', warm(node.bundled100k) >= 5e5);
  row('with 10,000 articles', 'rate', engineCell(node.linked10k100k, 'warm'), {}, '≥ 250k w/s', warm(node.linked10k100k) >= 2.5e5);

  section('Corpus scale series (generated articles; claimlens corpus build; load and query in wasm under Node)');
  for (const s of series) {
    const n = s.count.toLocaleString('en-US') + (s.fromFullRun ? ` (from the --full run of ${s.fromFullRun.slice(0, 16)}Z, same engine build)` : '');
    const tenK = s.count === 10_000;
    const hundredK = s.count === 100_000;
    row(`${n} articles: build (${(s.words / 1e6).toFixed(2)}M words${s.cachedBuild ? ', cached' : ''})`, 's', s.buildSeconds);
    row(`${n} articles: file bytes per article (text alone: ${bytesText(s.textBytes / s.count)})`, 'bytes', s.bytes / s.count, {},
      tenK ? '≤ 2 kB' : '', tenK ? s.bytes / s.count <= 2000 : undefined);
    row(`${n} articles: load (Engine constructor; wasm memory ${bytesText(s.run.wasmMemoryBytes)})`, 'ms', s.run.corpusLoadMs);
    row(`${n} articles: query per claim (5k page, ${s.run.claims} claims, ${s.run.linkedClaims} linked)`, 'ms', s.queryMsPerClaim, {},
      tenK ? '≤ 1 ms' : hundredK ? '≤ 5 ms' : '', tenK ? s.queryMsPerClaim <= 1 : hundredK ? s.queryMsPerClaim <= 5 : undefined);
  }
  if (!series.some((s) => s.count === 100_000)) rows.push({ label: '100,000 articles', kind: 'ms', ours: '--full', theirs: {}, target: '' });

  extensionSection(builder, extension);

  personalSection(builder, personal);

  section('Size');
  row('engine wasm, raw', 'bytes', size.wasm, {});
  row('engine wasm, gzip -9 (libraries: browser build, gzip -9)', 'bytes', size.wasmGzip,
    { compromise: rivalSize.compromise ?? '–', 'compromise-dates': rivalSize['compromise-dates'] ?? '–', wink: '–' }, '≤ 250 kB', size.wasmGzip <= 250_000);
  row('engine wasm, brotli', 'bytes', size.wasmBrotli);
  row('JS glue (pkg/claimlens.js)', 'bytes', size.glue);
  row('bundled corpus (dist/corpus/seeds.clc)', 'bytes', size.bundledCorpus);
  return render(rows);
}

function render(rows) {
  const header = ['Measure', 'ClaimLens', 'compromise', '×', 'compromise + dates', '×', 'wink-nlp', '×', 'Target (issue 6)'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? ':---' : i === header.length - 1 ? ':---' : '---:')).join('|')}|`];
  for (const r of rows) {
    if (r.section) {
      lines.push(`| **${r.section}** |${' |'.repeat(header.length - 1)}`);
      continue;
    }
    const format = FORMAT[r.kind];
    const show = (v) => (typeof v === 'string' ? v : v === undefined ? '' : format(v));
    const cells = [r.label, show(r.ours)];
    for (const lib of LIBS) {
      const theirs = r.theirs[lib];
      cells.push(show(theirs), typeof theirs === 'number' && r.kind !== 'x' ? ratio(r.kind, r.ours, theirs) : '');
    }
    cells.push(r.target);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

