// Shared facts and small utilities for the browser tests.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
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
