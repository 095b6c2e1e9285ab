// Headless Chromium runs: the engine bench page (wasm in the page) and the
// built extension (dist/chrome) on generated article pages, both served from
// 127.0.0.1. Debian's /usr/bin/chromium through playwright-core; nothing is
// downloaded. Flags as in tests/e2e/helpers.mjs.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, CHROME_EXTENSION_DIR } from '../../tests/e2e/helpers.mjs';
import { REPO_ROOT, WORK_DIR } from './text.mjs';
import { median } from './measure.mjs';

const ROUTES = [
  ['/pkg/', join(REPO_ROOT, 'pkg')],
  ['/page/', join(REPO_ROOT, 'bench', 'page')],
  ['/work/', WORK_DIR],
  ['/dist/corpus/', join(REPO_ROOT, 'dist', 'corpus')],
];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8' };

/** A static server on 127.0.0.1 for the bench page, the engine and the generated inputs. */
export async function startServer() {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const route = ROUTES.find(([prefix]) => path.startsWith(prefix));
    const file = route && normalize(join(route[1], path.slice(route[0].length)));
    if (!route || !file.startsWith(route[1] + sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

async function launch(extraArgs = []) {
  const profile = mkdtempSync(join(tmpdir(), 'claimlens-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info', ...extraArgs],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Writes an article page of `paragraphs` under bench/.work/pages/ and returns its URL path. */
export function writeArticlePage(name, title, paragraphs) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<script src="/page/probe.js"></script>
<title>${escape(title)}</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="2023-10-19T08:00:00Z">
<style>body{font:16px/1.5 Georgia,serif;max-width:44em;margin:2em auto}</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
</article>
<footer>© Bench Wire</footer>
</body></html>
`;
  writeFileSync(join(WORK_DIR, 'pages', `${name}.html`), html);
  return `/work/pages/${name}.html`;
}

/**
 * The engine bench page, each run in a new page (a fresh wasm instance, so
 * the first pass is cold).
 * @param {{corpus: string, doc: string|null, minMs?: number}[]} runs URL paths
 */
export async function runEnginePages(origin, runs, log = () => {}) {
  const browser = await launch();
  const results = [];
  try {
    for (const run of runs) {
      log(`Chromium engine page: ${run.label}`);
      const page = await browser.context.newPage();
      try {
        const query = new URLSearchParams({ corpus: run.corpus, minMs: String(run.minMs ?? 1000), maxMs: String(run.maxMs ?? 20_000) });
        if (run.doc) query.set('doc', run.doc);
        await page.goto(`${origin}/page/engine.html?${query}`);
        const timeoutMs = run.timeoutMs ?? 120_000;
        let result;
        try {
          await page.waitForFunction(() => window.benchResult, null, { timeout: timeoutMs, polling: 200 });
          result = await page.evaluate(() => window.benchResult);
        } catch {
          // Stopped at the time limit: keep the cold pass if it finished. The page may be
          // busy inside the engine, so its state is read with a short limit of its own.
          result = await Promise.race([page.evaluate(() => window.benchPartial ?? null), new Promise((r) => setTimeout(() => r(null), 2000))]);
          result = result ? { ...result, timedOut: true, timeoutMs } : { error: 'timeout', timeoutMs };
          log(`  stopped at ${timeoutMs / 1000} s`);
        }
        if (result.error && result.error !== 'timeout') throw new Error(`bench page: ${result.error}`);
        results.push({ ...run, ...result });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

/**
 * The long task that ran DOMContentLoaded (the page's handlers and, with the
 * extension, the content script's finding of the article and reading of its
 * text), in ms; 0 when it was not a long task (50 ms or less).
 */
function domContentLoadedTaskMs(probe) {
  const task = (probe.longTasks ?? []).find((t) => t.start <= probe.domContentLoaded && probe.domContentLoaded < t.start + t.duration);
  return task ? task.duration : 0;
}

/**
 * Loads `path` in a new tab and waits for the extension's marks: the first
 * one, then no new ones for `quietMs`. Returns the probe's view.
 */
async function loadAndWatch(context, url, { quietMs, timeoutMs = 120_000 }) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => window.benchProbe?.marks > 0, null, { timeout: timeoutMs, polling: 50 });
    // Marks may come in several batches (visible part first); wait until they stop.
    for (;;) {
      const before = await page.evaluate(() => window.benchProbe.markBatches.length);
      await page.waitForTimeout(quietMs);
      const after = await page.evaluate(() => ({ batches: window.benchProbe.markBatches.length, painted: window.benchProbe.lastMarkPaintedAt }));
      if (after.batches === before && after.painted !== null) break;
    }
    const visibleDoneAt = await page.evaluate(() => window.benchVisibleDone());
    const probe = await page.evaluate(() => window.benchProbe);
    const end = probe.lastMarkPaintedAt;
    const during = (probe.longTasks ?? []).filter((t) => t.start + t.duration > probe.domContentLoaded && t.start < end);
    return {
      e2eMs: end - probe.domContentLoaded,
      firstMarkMs: probe.markBatches[0].at - probe.domContentLoaded,
      // The marks in the window (the top of the page) painted: what a reader sees first.
      visibleMs: visibleDoneAt === null ? NaN : visibleDoneAt - probe.domContentLoaded,
      marks: probe.marks,
      batches: probe.markBatches.length,
      longTasksSupported: probe.longTasks !== null,
      longestTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
      longTasks: during.length,
      dclTaskMs: domContentLoadedTaskMs(probe),
      // Blocking time: the part of each long task beyond 50 ms, as Lighthouse counts it.
      blockingMs: during.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
    };
  } finally {
    await page.close();
  }
}

/** The same page without the extension: the page's own long tasks (parse, layout) in the same window. */
async function pageOwnTasks(context, url, windowMs) {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(Math.max(500, windowMs));
    const probe = await page.evaluate(() => window.benchProbe);
    const end = probe.domContentLoaded + windowMs;
    const during = (probe.longTasks ?? []).filter((t) => t.start + t.duration > probe.domContentLoaded && t.start < end);
    return { longestTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0), longTasks: during.length, dclTaskMs: domContentLoadedTaskMs(probe) };
  } finally {
    await page.close();
  }
}

/**
 * The built extension in real Chromium. The first page after the browser
 * starts also pays for the engine's start in the service worker; later pages
 * find it running.
 */
export async function runExtension(origin, pages, { loads5k = 5, loads100k = 2, log = () => {} } = {}) {
  const browser = await launch([`--disable-extensions-except=${CHROME_EXTENSION_DIR}`, `--load-extension=${CHROME_EXTENSION_DIR}`]);
  const out = {};
  try {
    const { context } = browser;
    if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 30_000 });
    log('extension: first 5k-word page (engine starts)');
    out.first5k = await loadAndWatch(context, origin + pages.p5k, { quietMs: 1000 });
    const runs5k = [];
    for (let i = 0; i < loads5k; i += 1) runs5k.push(await loadAndWatch(context, origin + pages.p5k, { quietMs: 1000 }));
    out.warm5k = summarise(runs5k);
    log('extension: 100k-word page');
    const runs100k = [];
    for (let i = 0; i < loads100k; i += 1) runs100k.push(await loadAndWatch(context, origin + pages.p100k, { quietMs: 3000, timeoutMs: 300_000 }));
    out.page100k = summarise(runs100k);
  } finally {
    await browser.close();
  }
  log('Chromium without the extension: the 100k-word page alone');
  const plain = await launch();
  try {
    out.plain100k = await pageOwnTasks(plain.context, origin + pages.p100k, out.page100k.e2eMs);
  } finally {
    await plain.close();
  }
  return out;
}

function summarise(runs) {
  return {
    runs: runs.length,
    e2eMs: median(runs.map((r) => r.e2eMs)),
    firstMarkMs: median(runs.map((r) => r.firstMarkMs)),
    visibleMs: median(runs.map((r) => r.visibleMs)),
    marks: runs[0].marks,
    batches: runs[0].batches,
    longTasksSupported: runs.every((r) => r.longTasksSupported),
    longestTaskMs: Math.max(...runs.map((r) => r.longestTaskMs)),
    longTasks: Math.max(...runs.map((r) => r.longTasks)),
    dclTaskMs: Math.max(...runs.map((r) => r.dclTaskMs)),
    blockingMs: median(runs.map((r) => r.blockingMs)),
  };
}
