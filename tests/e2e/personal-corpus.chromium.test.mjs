// End-to-end, Chromium: the reader's own corpus (issue 8). Add a page from the
// popup, see a page on the same event link to it; export, delete all, import,
// and see the same links; an import interrupted by closing the options page
// leaves the corpus as it was; the background restores the corpus after its
// service worker is stopped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { clickMark, readNote } from './drive-chromium.mjs';
import { CHROME_EXTENSION_DIR, CHROMIUM_FLAGS, CHROMIUM_PATH, claimIndexContaining, claimSelector, requireBuild } from './helpers.mjs';
import { ADDED_PAGE, ADDED_STATUS, ADDED_TITLE, CONFLICTING_CLAIM, SAME_EVENT_PAGE, manyArticleFiles } from './personal-corpus.mjs';

const MARK_TIMEOUT = 20_000;

describe('Chromium: the reader\'s own corpus', () => {
  let server;
  let context;
  let profile;
  let extensionUrl;

  before(async () => {
    requireBuild(join(CHROME_EXTENSION_DIR, 'manifest.json'), join(CHROME_EXTENSION_DIR, 'pkg', 'claimlens_bg.wasm'));
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-personal-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
      args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${CHROME_EXTENSION_DIR}`, `--load-extension=${CHROME_EXTENSION_DIR}`],
    });
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    extensionUrl = (path) => new URL(path, worker.url()).href;
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Loads the same-event page and returns the relation of its 4,000-residents claim. */
  async function relationOnSameEventPage(page) {
    await page.goto(server.origin + SAME_EVENT_PAGE);
    await page.waitForSelector('claimlens-mark[data-claim]', { timeout: MARK_TIMEOUT });
    const index = await page.evaluate(claimIndexContaining, CONFLICTING_CLAIM);
    assert.ok(index !== null, `a claim contains "${CONFLICTING_CLAIM}"`);
    return page.locator(claimSelector(index)).getAttribute('data-relation');
  }

  async function noteOnConflict(page) {
    const index = await page.evaluate(claimIndexContaining, CONFLICTING_CLAIM);
    await clickMark(page, page.locator(claimSelector(index)));
    await page.waitForSelector('claimlens-note', { state: 'attached' });
    const note = await readNote(page);
    await note.detach();
    return note.text;
  }

  async function openOptions() {
    const options = await context.newPage();
    await options.goto(extensionUrl('options/options.html'));
    await options.waitForSelector('body[data-ready]');
    return options;
  }

  async function exportBytes(options) {
    await options.locator('#export').click();
    await options.waitForSelector('#export-file:not([hidden])');
    return options.evaluate(async () => {
      const response = await fetch(document.getElementById('export-file').href);
      return [...new Uint8Array(await response.arrayBuffer())];
    });
  }

  test('"Add this page" in the popup; the next page on the same event links to it', async () => {
    const herald = await context.newPage();
    const gazette = await context.newPage();
    const popup = await context.newPage();
    try {
      assert.equal(await relationOnSameEventPage(herald), 'none', 'before: nothing in the corpus reports the tunnel');
      await gazette.goto(server.origin + ADDED_PAGE);
      await gazette.waitForSelector('claimlens-mark[data-claim]', { timeout: MARK_TIMEOUT });
      await gazette.bringToFront(); // the popup opened as a tab acts on the tab used before it
      await popup.goto(extensionUrl('popup/popup.html'));
      await popup.locator('#add-page').click();
      await popup.waitForFunction((pattern) => new RegExp(pattern).test(document.getElementById('add-status').textContent), ADDED_STATUS.source);
      // The same page again is refused, by name.
      await popup.reload();
      await gazette.bringToFront();
      await popup.locator('#add-page').click();
      await popup.waitForSelector('#add-status[data-error]');
      assert.match(await popup.locator('#add-status').textContent(), /already in the corpus/);

      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
      const note = await noteOnConflict(herald);
      assert.match(note, new RegExp(ADDED_TITLE));
      assert.match(note, /Number: About 4\s?,\s?000 residents here/);
      assert.match(note, /Brackwater Gazette · 2025-03-03/);
    } finally {
      await popup.close();
      await gazette.close();
      await herald.close();
    }
  });

  test('the background restores the corpus after its service worker is stopped', async () => {
    const herald = await context.newPage();
    try {
      const cdp = await context.newCDPSession(herald);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
    } finally {
      await herald.close();
    }
  });

  test('options: export, delete all, import the export: the same links, and the same file again', async () => {
    const options = await openOptions();
    const herald = await context.newPage();
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-export-'));
    try {
      assert.equal(await options.locator('#count').textContent(), '1');
      assert.equal(await options.locator('#articles .title').textContent(), ADDED_TITLE);
      assert.match(await options.locator('#articles .source').textContent(), /Brackwater Gazette · 2025-03-03 · http:\/\/127\.0\.0\.1:\d+\/pages\/tunnel-gazette\.html/);
      const exported = await exportBytes(options);
      assert.match(await options.locator('#export-status').textContent(), /Exported 1 article \(\d+ KB\)/);
      console.log(`# export of 1 article: ${exported.length} bytes`);
      const file = join(dir, 'corpus.clc');
      writeFileSync(file, Buffer.from(exported));

      await options.locator('#clear').click();
      await options.locator('#clear-confirm').click();
      await options.waitForFunction(() => document.getElementById('count').textContent === '0');
      assert.equal(await relationOnSameEventPage(herald), 'none', 'deleted: the link is gone');

      await options.bringToFront();
      await options.setInputFiles('#import-files', file);
      await options.waitForFunction(() => /Imported 1 article/.test(document.getElementById('import-status').textContent));
      assert.equal(await options.locator('#articles .title').textContent(), ADDED_TITLE);
      assert.deepEqual(await exportBytes(options), exported, 'export, import, export: the same bytes');
      assert.ok(readFileSync(file).length === exported.length);

      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
      assert.match(await noteOnConflict(herald), new RegExp(ADDED_TITLE));
    } finally {
      await herald.close();
      await options.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an import interrupted by closing the options page leaves the corpus as it was; delete one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-import-'));
    const files = manyArticleFiles(dir, 300);
    try {
      let options = await openOptions();
      await options.setInputFiles('#import-files', files);
      await options.waitForFunction(() => /^Reading \d+ of 300/.test(document.getElementById('import-status').textContent));
      await options.close();

      options = await openOptions();
      assert.equal(await options.locator('#count').textContent(), '1');
      assert.equal(await options.locator('#articles .title').textContent(), ADDED_TITLE);
      const herald = await context.newPage();
      assert.equal(await relationOnSameEventPage(herald), 'conflicts');

      // A file that is not an article: the whole import is refused, naming it.
      const bad = join(dir, 'empty.txt');
      writeFileSync(bad, '   \n');
      await options.bringToFront();
      await options.setInputFiles('#import-files', [files[0], bad]);
      await options.waitForSelector('#import-status[data-error]');
      assert.match(await options.locator('#import-status').textContent(), /Nothing was imported\. empty\.txt: no article text found/);
      assert.equal(await options.locator('#count').textContent(), '1');

      await options.locator('#articles li button').click();
      await options.waitForFunction(() => document.getElementById('count').textContent === '0');
      assert.equal(await relationOnSameEventPage(herald), 'none');
      await herald.close();
      await options.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
