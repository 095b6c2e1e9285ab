// End-to-end, Chromium: the reader's own corpus (issue 8). Add a page from the
// popup, see a page on the same event link to it; export, delete all, import,
// and see the same links; an import interrupted by closing the options page
// leaves the corpus as it was; the background restores the corpus after its
// service worker is stopped; the keyboard shortcut adds the page; over the
// storage quota, adding and importing are refused and change nothing; a page
// open while the corpus changes (a deletion, or the stored articles still
// loading after a restart) follows it without a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { clickMark, readNote } from './drive-chromium.mjs';
import { CHROME_EXTENSION_DIR, CHROMIUM_FLAGS, CHROMIUM_PATH, claimIndexContaining, claimSelector, requireBuild } from './helpers.mjs';
import {
  ADDED_PAGE, ADDED_STATUS, ADDED_TITLE, CONFLICTING_CLAIM, EARLIER_PREFIX, SAME_EVENT_PAGE, holdKeepsLastOut, holdStoredArticles, manyArticleFiles,
  relationOfClaim,
} from './personal-corpus.mjs';

const MARK_TIMEOUT = 20_000;
const SCRATCH_DB = 'claimlens-test-scratch';

/** In an extension page: true when a 4 kB write to a scratch database is refused for quota. */
async function tryScratchWrite() {
  const name = 'claimlens-test-scratch';
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore('scratch');
  const db = await new Promise((resolve, reject) => { opening.onsuccess = () => resolve(opening.result); opening.onerror = () => reject(opening.error); });
  try {
    return await new Promise((resolve) => {
      const tx = db.transaction('scratch', 'readwrite');
      tx.objectStore('scratch').put(new Uint8Array(4096).fill(7).buffer, `k${Math.random()}`);
      tx.oncomplete = () => resolve(false);
      tx.onabort = () => resolve(tx.error?.name === 'QuotaExceededError');
    });
  } finally {
    db.close();
  }
}

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

  /** Waits until the open page's 4,000-residents claim has `relation` (the page re-reads itself). */
  async function waitForRelation(page, relation, timeoutMs = MARK_TIMEOUT) {
    let seen;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      seen = await page.evaluate(relationOfClaim, CONFLICTING_CLAIM);
      if (seen === relation) return;
      await page.waitForTimeout(100);
    }
    assert.equal(seen, relation, `the open page's claim became "${relation}" without a reload`);
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
      // The herald, still open, drops its link to the deleted article by itself.
      await waitForRelation(herald, 'none');
      assert.equal(await relationOnSameEventPage(herald), 'none');
      await herald.close();
      await options.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the keyboard shortcut Alt+Shift+Y adds the page (a key press the browser handles, not a page event)', async () => {
    const gazette = await context.newPage();
    const herald = await context.newPage();
    try {
      assert.equal(await relationOnSameEventPage(herald), 'none', 'before: the corpus is empty');
      await gazette.goto(server.origin + ADDED_PAGE);
      await gazette.waitForSelector('claimlens-mark[data-claim]', { timeout: MARK_TIMEOUT });
      await gazette.bringToFront();
      // DevTools' Input.dispatchKeyEvent enters the browser's input pipeline as a real key
      // press: the page does not handle it, so the browser looks it up among its shortcuts
      // and fires the extension's command (page-dispatched KeyboardEvents never get there).
      const cdp = await context.newCDPSession(gazette);
      const ALT = 1;
      const SHIFT = 8;
      for (const type of ['rawKeyDown', 'keyUp']) {
        await cdp.send('Input.dispatchKeyEvent', { type, modifiers: ALT | SHIFT, key: 'Y', code: 'KeyY', windowsVirtualKeyCode: 89, nativeVirtualKeyCode: 89 });
      }
      await cdp.detach();
      const options = await openOptions();
      await options.waitForFunction(() => document.getElementById('count').textContent === '1', null, { timeout: MARK_TIMEOUT });
      assert.equal(await options.locator('#articles .title').textContent(), ADDED_TITLE);
      await options.close();
      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
    } finally {
      await herald.close();
      await gazette.close();
    }
  });

  test('over the storage quota (a real limit: DevTools\' quota override), adding and importing are refused with a clear message and change nothing', async () => {
    const origin = `chrome-extension://${new URL(extensionUrl('/')).host}`; // URL.origin is 'null' for this scheme
    const options = await openOptions();
    const herald = await context.newPage();
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-quota-'));
    const quota = await context.newCDPSession(options);
    try {
      const before = await exportBytes(options);
      assert.equal(await options.locator('#count').textContent(), '1');
      // A quota below what the origin already uses: no room for anything more. Chromium
      // enforces it on writes (what is stored stays readable); its
      // navigator.storage.estimate() keeps reporting a padded quota, so the browser's
      // refusal of the write is what the reader is told about.
      const { usage } = await options.evaluate(() => navigator.storage.estimate());
      await quota.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: Math.floor(usage / 2) });
      // Chromium's IndexedDB keeps granting writes from the allowance it last got from the
      // quota manager for a few seconds; wait until the new limit is in force: a write to a
      // scratch database of this test's own is refused.
      let inForce = false;
      for (let tries = 0; tries < 150 && !inForce; tries += 1) {
        inForce = await options.evaluate(tryScratchWrite);
        if (!inForce) await options.waitForTimeout(200);
      }
      assert.ok(inForce, 'the quota override is enforced on writes');

      // "Add this page" on the herald.
      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
      await herald.bringToFront();
      const popup = await context.newPage();
      await popup.goto(extensionUrl('popup/popup.html'));
      await popup.locator('#add-page').click();
      await popup.waitForFunction(() => !/^Adding/.test(document.getElementById('add-status').textContent));
      assert.match(await popup.locator('#add-status').textContent(), /^Not enough storage space for your corpus: .*Nothing was changed\./);
      await popup.close();

      // An import.
      await options.bringToFront();
      await options.setInputFiles('#import-files', manyArticleFiles(dir, 3));
      await options.waitForSelector('#import-status[data-error]');
      assert.match(await options.locator('#import-status').textContent(), /^Nothing was imported\. Not enough storage space for your corpus: .*Nothing was changed\./);

      // The corpus is exactly as it was: the same list, the same export, the same links.
      await options.reload();
      await options.waitForSelector('body[data-ready]');
      assert.equal(await options.locator('#count').textContent(), '1');
      assert.equal(await options.locator('#articles .title').textContent(), ADDED_TITLE);
      assert.deepEqual(await exportBytes(options), before);
      assert.equal(await relationOnSameEventPage(herald), 'conflicts');
      assert.match(await noteOnConflict(herald), new RegExp(ADDED_TITLE));

      // With the limit lifted, the same import goes through: it was the quota.
      await quota.send('Storage.overrideQuotaForOrigin', { origin });
      await options.bringToFront();
      await options.setInputFiles('#import-files', manyArticleFiles(dir, 3));
      await options.waitForFunction(() => /Imported 3 articles/.test(document.getElementById('import-status').textContent));
      assert.equal(await options.locator('#count').textContent(), '4');
    } finally {
      await options.evaluate((name) => new Promise((resolve) => { indexedDB.deleteDatabase(name).onsuccess = resolve; }), SCRATCH_DB).catch(() => {});
      await quota.send('Storage.overrideQuotaForOrigin', { origin }).catch(() => {});
      await quota.detach().catch(() => {});
      await herald.close();
      await options.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a page read while the stored articles are still loading links to one that loads late, without a reload (issue 8)', async () => {
    // 600 stored articles whose ids sort before the gazette's: after a restart the
    // background loads them first, and answers pages before it has all of them.
    const dir = mkdtempSync(join(tmpdir(), 'claimlens-late-'));
    const options = await openOptions();
    const herald = await context.newPage();
    try {
      await options.setInputFiles('#import-files', manyArticleFiles(dir, 600, EARLIER_PREFIX));
      await options.waitForFunction(() => /Imported 600 articles/.test(document.getElementById('import-status').textContent), null, { timeout: 120_000 });
      const stored = Number(await options.locator('#count').textContent());

      // The background is stopped, and the stored articles are held (see
      // holdStoredArticles) before it starts again for the page below: that page is
      // read while none of them is loaded. Should the background not have stopped
      // (its status shows the articles loaded), again.
      let held;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await options.evaluate(() => window.releaseStoredArticles?.());
        const cdp = await context.newCDPSession(options);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
        assert.equal((await options.evaluate(holdStoredArticles)).ok, true);
        held = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'personal.status' }));
        if (holdKeepsLastOut(held, stored)) break;
      }
      assert.ok(holdKeepsLastOut(held, stored), `the load is held before its end (${held.loaded} of ${stored} loaded)`);

      await herald.goto(server.origin + SAME_EVENT_PAGE);
      await waitForRelation(herald, 'none'); // read from the articles loaded so far: no gazette yet
      const during = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'personal.status' }));
      assert.equal(during.complete, false, 'the page was answered while the load was incomplete');

      await options.evaluate(() => window.releaseStoredArticles());
      await waitForRelation(herald, 'conflicts', 60_000); // the load completed: the page read itself again
      assert.match(await noteOnConflict(herald), new RegExp(ADDED_TITLE));
      await herald.keyboard.press('Escape');

      // The page's text never changed, and switching off still restores it exactly.
      const before = await herald.evaluate(() => window.claimlensFixture);
      assert.equal(await herald.evaluate(() => document.body.textContent), before.textBefore);
      await herald.bringToFront();
      const popup = await context.newPage();
      await popup.goto(extensionUrl('popup/popup.html'));
      await popup.waitForSelector('#controls:not([hidden])');
      await popup.locator('#enabled').uncheck();
      await herald.waitForSelector('claimlens-mark', { state: 'detached' });
      assert.deepEqual(await herald.evaluate(() => ({ textBefore: document.body.textContent, htmlBefore: document.body.innerHTML })), before,
        'the DOM is restored node for node');
      await popup.locator('#enabled').check();
      await popup.close();
    } finally {
      await herald.close();
      await options.evaluate(() => window.releaseStoredArticles?.()).catch(() => {});
      await options.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
