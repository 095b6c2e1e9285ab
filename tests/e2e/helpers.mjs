// Shared facts and small utilities for the browser tests.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './server.mjs';

export const DIST = join(REPO_ROOT, 'dist');
export const ARTIFACTS = join(REPO_ROOT, 'tests', 'artifacts');
export const CHROME_EXTENSION_DIR = join(DIST, 'chrome');
export const FIREFOX_XPI = join(DIST, 'claimlens-firefox.xpi');

/** Every way a note may name a corpus article: its id, or its title when it has one. */
export const CORPUS_ARTICLE_NAMES = (() => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'corpus', 'seeds', 'manifest.json'), 'utf8'));
  return manifest.articles.flatMap((article) => [article.file.replace(/\.txt$/, ''), article.title].filter(Boolean));
})();

export function namesCorpusArticle(text) {
  return CORPUS_ARTICLE_NAMES.some((name) => text.includes(name));
}

/** How long a page may take to be marked (ms): the engine runs in the background, on a shared CPU. */
export const MARK_TIMEOUT = 20_000;

/** A mark that opens a note on click: the first piece of a linked claim, not inside a link. */
export const LINKED_MARK = 'claimlens-mark[role="button"]:not([data-relation="none"])';

/** Fails fast, with the fix, when the packaged build is missing. */
export function requireBuild(...paths) {
  for (const path of paths) {
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: run ./build.sh (or scripts/package-extension.sh) first`);
    }
  }
}

/** geckodriver: $GECKODRIVER, else on PATH, else where `cargo install` puts it. */
export function findGeckodriver() {
  if (process.env.GECKODRIVER) return process.env.GECKODRIVER;
  try {
    const found = execFileSync('which', ['geckodriver'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // not on PATH
  }
  return join(homedir(), '.cargo', 'bin', 'geckodriver');
}

export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Flags that keep headless Chromium off the network and quiet. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * In the page: the data-claim index of the first claim whose marked text
 * contains `needle`, or null. (A claim is several marks: names and dates
 * inside it are marks of their own.) Pass to page.evaluate / executeScript.
 */
export function claimIndexContaining(needle) {
  const byClaim = new Map();
  for (const mark of document.querySelectorAll('claimlens-mark[data-claim]')) {
    byClaim.set(mark.dataset.claim, (byClaim.get(mark.dataset.claim) ?? '') + mark.textContent);
  }
  for (const [index, text] of byClaim) if (text.includes(needle)) return index;
  return null;
}

/** The claim of seed 004 the tests open, and what its note must say (engine output, checked with the CLI). */
export const CHOE_CLAIM = {
  needle: 'Choe Con Hui',
  // The spelling difference, per source, and seed 002 (the 2025 Wonsan visit) as another occasion.
  expect: [/Spelling: Choe Con Hui here/, /Choe Son Hui/, /Choe Son\s?-\s?hui/, /another occasion/,
    /Lavrovs Visit to North Korea Strengthens Military and Political Ties with Kim Jong Un/, /Other event/],
  // The differing words, marked with <mark> in the note.
  marked: ['Con', 'Son', 'Pyongyang', 'Wonsan'],
};

export const claimSelector = (index) => `claimlens-mark[role="button"][data-claim="${index}"]`;

/**
 * The hostile and odd fixture pages (tests/e2e/pages/hostile/), each served
 * with the strict CSP. Every one holds the same short report on Lavrov's visit,
 * whose "Choe Con Hui" claim links to the bundled corpus, next to its oddity.
 */
export const HOSTILE_PAGES = [
  { name: 'a 10 MB text node', file: 'huge-text-node.html' },
  { name: '100,000 small text nodes', file: 'many-text-nodes.html' },
  { name: '5,000-deep nesting', file: 'deep-nesting.html' },
  { name: 'right-to-left text (Arabic, Hebrew)', file: 'rtl.html' },
  { name: 'emoji, combining marks and zero-width characters', file: 'unicode.html' },
  { name: 'text in an open shadow root and in iframes', file: 'shadow-iframe.html', frames: true },
  // The note is opened on the claim in a paragraph the page leaves alone: marks
  // in the text the page rewrites are given back to it within a tick.
  { name: 'a page that rewrites its text every 50 ms', file: 'rewriting.html', rewrites: true, needle: 'Choe Con Hui:' },
  { name: 'hostile globals defined before the content script', file: 'hostile-globals.html', counts: true },
  { name: 'markup in the page\'s text', file: 'injection.html', injection: true },
].map((page) => ({ ...page, path: `/strict/hostile/${page.file}` }));

/** Longest time a hostile page may take to be marked (ms): generous, the CPU is shared. */
export const HOSTILE_MARK_TIMEOUT = 45_000;
/**
 * Longest pause of the page's own 10 ms timer (ms) allowed while the extension
 * works. The content script keeps each task far shorter (see collect.js);
 * the bound is loose because the test machines are shared and slow.
 */
export const MAX_PAGE_PAUSE_MS = 1_000;

/**
 * In the page: what the marks look like. Written with plain loops, since a
 * hostile fixture breaks Array.prototype.map and forEach in the page's world.
 */
export function markFacts() {
  const marks = document.querySelectorAll('claimlens-mark');
  const claims = new Set();
  const splitSurrogates = [];
  for (const mark of marks) {
    if (mark.dataset.claim) claims.add(mark.dataset.claim);
    // A mark edge inside a surrogate pair would cut an emoji in two.
    if (/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(mark.textContent)) splitSurrogates.push(mark.textContent);
  }
  return { marks: marks.length, claims: claims.size, splitSurrogates };
}

/** The markup the injection fixture carries as text, which must show as these characters. */
export const INJECTED_TEXT = ['<img src="/pwned/page-img" onerror="window.__pwned=1">', '"><script>window.__pwned=1</script>'];

/**
 * Requests in a server log that a page did not make itself: anything not for
 * the test server, and any path there that is not a fixture file (or the
 * favicon the browser asks for by itself). The fixture pages load only
 * fixture files, so any other request came from somewhere else.
 * `browserOwn(request)` names requests the browser itself makes to its
 * vendor's services (updates, sign-in), which each test attributes by its own
 * means before excusing them.
 */
export function foreignRequests(requests, origin, browserOwn = () => false) {
  return requests.filter((request) => {
    const parsed = new URL(request.url);
    if (request.method === 'CONNECT' || parsed.origin !== origin) return !browserOwn(request);
    return !(/^\/(pages|strict)\/[\w/.-]+$/.test(parsed.pathname) || parsed.pathname === '/favicon.ico');
  });
}

/**
 * On the hostile-globals fixture: annotating called none of the built-ins the
 * page replaced (the page counted every call until the first mark appeared).
 * The one page code that does run is the page's own custom element for our
 * tag name, upgraded as each mark enters its DOM: the page acting on its own
 * document, as a MutationObserver could, with no access to the content
 * script. It is reported, not forbidden.
 */
export function assertIsolated(report) {
  const counters = JSON.parse(report.countersAtFirstMark);
  const upgraded = counters['claimlens-mark connected'] ?? 0;
  delete counters['claimlens-mark connected'];
  assert.deepEqual(counters, JSON.parse(report.countersBefore), 'the content script called none of the page\'s replaced built-ins');
  return upgraded;
}

/**
 * The checks every hostile page shares once marked, in either browser: a claim is marked, no
 * mark cuts a surrogate pair, text and markup are unchanged (unless the page rewrites itself),
 * the page's replaced built-ins were never called, and frames are left alone. `frames` is the
 * page's `window.hostile.frames()` answer, or null for a fixture without frames.
 */
export function assertMarkedPage(t, fixture, marked, facts, frames) {
  t.diagnostic(`marked ${facts.marks} marks, ${facts.claims} claims, ${marked.firstMarkAt - marked.builtAt} ms after the page was built`);
  assert.ok(facts.claims >= 1);
  assert.deepEqual(facts.splitSurrogates, [], 'no mark cuts a surrogate pair');
  if (!fixture.rewrites) {
    assert.equal(marked.now.text, marked.before.text, 'marking never changes the text');
    assert.equal(marked.now.extra, marked.before.extra);
  }
  if (fixture.counts) t.diagnostic(`the page's own element for our tag ran ${assertIsolated(marked)} times`);
  if (frames) {
    assert.deepEqual(frames.map((frame) => frame.marks), [0, 0], 'frames are not annotated');
    assert.match(frames[0].text, /^Inside a same-origin iframe: .* exactly as it was\.$/);
    assert.match(frames[1].text, /^Lavrov met Kim Jong Un in Wonsan .* written by srcdoc\.$/);
  }
}

/** The corpus whose titles, outlets and texts carry markup (tests/e2e/corpus-hostile/). */
export const HOSTILE_CORPUS_DIR = join(REPO_ROOT, 'tests', 'e2e', 'corpus-hostile');
/** Markup from that corpus that the note and the reader must show as these very characters. */
export const HOSTILE_CORPUS_TITLE = '<img src="http://pwned.example/title-img" onerror="window.__pwned=1">"><script>window.__pwned=1</script> Lavrov in Pyongyang';
export const HOSTILE_CORPUS_EVIDENCE = 'Choe Son Hui "><script>window.__pwned=1</script> in Pyongyang';
export const HOSTILE_CORPUS_OUTLET = '<b onmouseover="window.__pwned=1">Outlet</b>';

/**
 * A copy of the packaged extension whose bundled corpus is the hostile one,
 * compiled with the CLI: `dir` (unpacked, for Chromium) and `xpi` (for
 * Firefox), in a temporary folder that `remove()` deletes.
 */
export function buildHostileCorpusExtension(browser) {
  const cli = join(REPO_ROOT, 'target', 'release', 'claimlens');
  const packaged = join(DIST, browser);
  requireBuild(cli, join(packaged, 'manifest.json'));
  const temp = mkdtempSync(join(tmpdir(), `claimlens-hostile-corpus-${browser}-`));
  const dir = join(temp, browser);
  cpSync(packaged, dir, { recursive: true });
  execFileSync(cli, ['corpus', 'build', HOSTILE_CORPUS_DIR, '-o', join(dir, 'corpus', 'seeds.clc')], { stdio: 'pipe' });
  const xpi = join(temp, 'claimlens-hostile-corpus.xpi');
  execFileSync('zip', ['-qrX', xpi, '.'], { cwd: dir });
  return { dir, xpi, remove: () => rmSync(temp, { recursive: true, force: true }) };
}
