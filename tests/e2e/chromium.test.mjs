// End-to-end: the packaged extension and the demo page in real headless
// Chromium (Playwright drives the Debian-packaged browser; nothing is downloaded).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import {
  ARTIFACTS, CHOE_CLAIM, CHROME_EXTENSION_DIR, CHROMIUM_FLAGS, CHROMIUM_PATH, DIST, LINKED_MARK,
  MARK_TIMEOUT, claimIndexContaining, namesCorpusArticle, requireBuild,
} from './helpers.mjs';
import { launchWithExtension, openNoteOnClaim, openNoteOnFirstLinkedClaim, openReaderFromNote, readNote, waitForMarksToSettle } from './drive-chromium.mjs';

describe('Chromium with the extension', () => {
  let server;
  let context;
  let profile;

  before(async () => {
    requireBuild(join(CHROME_EXTENSION_DIR, 'manifest.json'), join(CHROME_EXTENSION_DIR, 'pkg', 'claimlens_bg.wasm'));
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-chromium-'));
    context = await launchWithExtension(profile, CHROME_EXTENSION_DIR);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const [name, path] of [['a plain news page', '/pages/article.html'], ['a page with a strict CSP', '/strict/article.html']]) {
    test(`marks claims on ${name}; a click opens a note naming a corpus article`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(server.origin + path);
        await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
        await waitForMarksToSettle(page);
        const marks = await page.locator('claimlens-mark').count();
        assert.ok(marks >= 5, `expected several claim marks, found ${marks}`);
        // A claim that crosses inline elements (<strong>, <em> in the fixture) is one mark per piece.
        const splitClaims = await page.evaluate(() => {
          const counts = {};
          for (const mark of document.querySelectorAll('claimlens-mark')) counts[mark.dataset.claim] = (counts[mark.dataset.claim] ?? 0) + 1;
          return Object.values(counts).filter((count) => count > 1).length;
        });
        assert.ok(splitClaims >= 1, 'some claim spans several elements');
        assert.ok(await page.locator('strong > claimlens-mark').count() >= 1);
        // Marks only wrap article prose: nothing in nav, footer, hidden or script.
        assert.equal(await page.locator('nav claimlens-mark, footer claimlens-mark, [hidden] claimlens-mark').count(), 0);

        const note = await openNoteOnFirstLinkedClaim(page);
        try {
          assert.equal(note.mode, 'closed');
          // Drawn inside the viewport (1280 x 900), below or above the claim.
          const { left, top, right, bottom } = note.panelBox;
          assert.ok(left >= 0 && top >= 0 && right <= 1280 && bottom <= 900, `note inside the viewport: ${JSON.stringify(note.panelBox)}`);
          assert.ok(namesCorpusArticle(note.text), `note names a corpus article: ${note.text}`);
          assert.match(note.text, /Corroborates|Conflicts|Other event|Related/);
        } finally {
          await note.detach();
        }
        // The page sees neither the note's contents nor the content script's namespace.
        const pageView = await page.evaluate(() => ({
          shadowRoot: document.querySelector('claimlens-note').shadowRoot,
          namespace: typeof window.ClaimLens,
          notes: document.querySelectorAll('claimlens-note').length,
        }));
        assert.deepEqual(pageView, { shadowRoot: null, namespace: 'undefined', notes: 1 });
      } finally {
        await page.close();
      }
    });
  }

  test('keyboard only: Tab reaches a claim, Enter opens its note, Escape closes it and focus returns', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/article.html`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      await waitForMarksToSettle(page);
      // From the top of the page: past the nav links, onto the first claim.
      let focused = null;
      for (let presses = 0; presses < 20 && !focused; presses += 1) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() => (document.activeElement?.matches('claimlens-mark[role="button"]')
          ? document.activeElement.dataset.claim : null));
      }
      assert.ok(focused !== null, 'Tab reaches a claim');
      // Tab again moves to the next claim: one tab stop per claim, however many marks it has.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(() => document.activeElement?.dataset.claim);
      assert.equal(Number(next), Number(focused) + 1);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await page.waitForSelector('claimlens-note', { state: 'attached' });
      const note = await readNote(page);
      await note.detach();
      assert.ok(namesCorpusArticle(note.text));
      // Focus is in the note (its host, seen from the page), and Tab stays usable inside it.
      assert.equal(await page.evaluate(() => document.activeElement?.localName), 'claimlens-note');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.localName), 'claimlens-note');
      await page.keyboard.press('Escape');
      await page.waitForSelector('claimlens-note', { state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.claim), focused);
    } finally {
      await page.close();
    }
  });

  test('only the article is marked: never nav, related lists, forms, code, hidden or footer text', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/furniture.html`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      await waitForMarksToSettle(page);
      const outside = await page.evaluate(() => [...document.querySelectorAll('claimlens-mark')]
        .filter((mark) => mark.closest('nav, footer, aside, form, pre, code, svg, [aria-hidden="true"], .related-posts, [contenteditable], h3 + p'))
        .map((mark) => mark.textContent));
      assert.deepEqual(outside, []);
      const inside = await page.locator('article > p claimlens-mark[data-claim]').count();
      assert.ok(inside >= 10, `the article body is marked (${inside} marks)`);
      // Names and dates are marked too, more quietly.
      assert.ok(await page.locator('article claimlens-mark[data-mention="entity"]').count() >= 5);
      assert.ok(await page.locator('article claimlens-mark[data-mention="time"]').count() >= 1);
      const fixture = await page.evaluate(() => ({
        textarea: document.querySelector('textarea').value,
        input: document.querySelector('input').value,
        before: window.claimlensFixture.textBefore,
        now: document.body.textContent,
      }));
      assert.match(fixture.textarea, /^Lavrov was received/);
      assert.match(fixture.input, /^Lavrov was received/);
      assert.equal(fixture.now, fixture.before, 'marking never changes the text');
    } finally {
      await page.close();
    }
  });

  test('content added after load ("Load more") is marked, and our own marks do not trigger re-reading', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/dynamic.html`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      await waitForMarksToSettle(page);
      assert.equal(await page.evaluate(claimIndexContaining, 'John Kirby'), null);
      await page.click('#load-more');
      await page.waitForFunction(claimIndexContaining, 'Choe Con Hui', { timeout: MARK_TIMEOUT });
      await page.waitForFunction(claimIndexContaining, 'Lavrov held a meeting with the staff', { timeout: MARK_TIMEOUT });
      // Settled: no loop of re-reading its own marks.
      const count = () => page.locator('claimlens-mark').count();
      const settled = await count();
      await page.waitForTimeout(1_500);
      assert.equal(await count(), settled);
      const note = await openNoteOnClaim(page, 'Choe Con Hui');
      await note.detach();
      assert.match(note.text, /Choe Son Hui/);
    } finally {
      await page.close();
    }
  });

  test('"Open" in the note shows the article in the reader page, its evidence marked and in view', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/article.html`);
      const reader = await openReaderFromNote(context, page, CHOE_CLAIM.needle);
      try {
        assert.match(reader.url(), /^chrome-extension:\/\/[a-p]{32}\/reader\/reader\.html#id=/);
        const view = await reader.evaluate(() => {
          const rect = document.querySelector('mark.evidence').getBoundingClientRect();
          return {
            title: document.getElementById('title').textContent,
            evidence: document.querySelector('mark.evidence').textContent,
            inView: rect.top >= 0 && rect.bottom <= innerHeight,
          };
        });
        assert.ok(!/^\d{3}_[0-9a-f]{16}$/.test(view.title), `a readable title, not an id: ${view.title}`);
        assert.match(view.evidence, /Choe|Lavrov/);
        assert.ok(view.inView, 'the evidence is scrolled into view');
        mkdirSync(ARTIFACTS, { recursive: true });
        await reader.screenshot({ path: join(ARTIFACTS, 'reader-chromium.png') });
      } finally {
        await reader.close();
      }
    } finally {
      await page.close();
    }
  });

  test('popup: counts, conflicts, and off for this site (remembered) restores the page exactly', async () => {
    const page = await context.newPage();
    const popup = await context.newPage();
    try {
      // A page whose container count conflicts with seed 004 ("over 1,000").
      await page.goto(`${server.origin}/strict/conflict.html`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      await waitForMarksToSettle(page);
      const before = await page.evaluate(() => window.claimlensFixture);
      const claims = await page.evaluate(() => new Set([...document.querySelectorAll('claimlens-mark[data-claim]')].map((m) => m.dataset.claim)).size);

      let [worker] = context.serviceWorkers();
      worker ??= await context.waitForEvent('serviceworker');
      const popupUrl = new URL('popup/popup.html', worker.url()).href;
      // The popup opened as a tab reports on the tab used just before it.
      await page.bringToFront();
      await popup.goto(popupUrl);
      await popup.waitForSelector('#controls:not([hidden])');
      assert.equal(await popup.locator('#site').textContent(), new URL(server.origin).host);
      assert.equal(await popup.locator('#enabled').isChecked(), true);
      assert.equal(Number(await popup.locator('#count-claims').textContent()), claims);
      const conflicting = Number(await popup.locator('#count-conflicting').textContent());
      assert.ok(conflicting >= 1, 'the 300 containers conflict');
      assert.equal(await popup.locator('#conflicts li').count(), conflicting);
      assert.ok(Number(await popup.locator('#count-corroborated').textContent()) >= 1);
      await popup.screenshot({ path: join(ARTIFACTS, 'popup-chromium.png'), clip: { x: 0, y: 0, width: 360, height: 320 } });

      // A conflict in the list jumps to its claim and opens its note.
      await popup.locator('#conflicts button', { hasText: '300 containers' }).click();
      await page.waitForSelector('claimlens-note', { state: 'attached' });
      const note = await readNote(page);
      await note.detach();
      assert.match(note.text, /Number: about 300 containers here/);
      assert.match(note.text, /Conflicts/);
      assert.equal(await page.evaluate(() => document.activeElement?.localName), 'claimlens-note');

      await popup.locator('#enabled').uncheck();
      await page.waitForSelector('claimlens-mark', { state: 'detached' });
      const off = await page.evaluate(() => ({ text: document.body.textContent, html: document.body.innerHTML }));
      assert.equal(off.text, before.textBefore, 'document.body.textContent is exactly as before');
      assert.equal(off.html, before.htmlBefore, 'the DOM is restored node for node');

      // Remembered for the site: a reload stays unmarked.
      await page.reload();
      await page.waitForTimeout(1_500);
      assert.equal(await page.locator('claimlens-mark').count(), 0);

      await page.bringToFront();
      await popup.reload();
      await popup.waitForSelector('#controls:not([hidden])');
      assert.equal(await popup.locator('#enabled').isChecked(), false);
      await popup.locator('#enabled').check();
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      await waitForMarksToSettle(page);
    } finally {
      await popup.close();
      await page.close();
    }
  });
});

describe('Chromium, demo page without the extension', () => {
  let server;
  let browser;

  before(async () => {
    requireBuild(join(DIST, 'www', 'index.html'), join(DIST, 'www', 'pkg', 'claimlens_bg.wasm'));
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`seed 004 (${colorScheme}): the "Choe Con Hui" note names the spelling difference and seed 002 as another occasion`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme });
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      try {
        await page.goto(`${server.origin}/www/`);
        await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
        await waitForMarksToSettle(page);
        assert.equal(await page.locator('#article-picker').inputValue(), '004_1a4cdf3276350bea');
        assert.equal(await page.locator('#article-picker option').count(), 5);
        assert.match(await page.locator('#status').textContent(), /\d+ claims marked/);
        // The "More on this story" rail (the other four seeds) is not read.
        assert.equal(await page.locator('#article-related li').count(), 4);
        assert.equal(await page.locator('#article-related claimlens-mark').count(), 0);
        if (colorScheme === 'dark') assert.equal(await page.locator('claimlens-mark[data-tone="dark"]').count() > 0, true);

        const note = await openNoteOnClaim(page, CHOE_CLAIM.needle);
        await note.detach();
        for (const pattern of CHOE_CLAIM.expect) assert.match(note.text, pattern);
        for (const word of CHOE_CLAIM.marked) assert.ok(note.marked.includes(word), `"${word}" is marked: ${note.marked}`);
        assert.ok(!/\b\d{3}_[0-9a-f]{16}\b/.test(note.text), 'no raw article ids in the note');
        assert.match(note.text, /Untitled article: “/);
        const { left, top, right, bottom } = note.panelBox;
        assert.ok(left >= 0 && top >= 0 && right <= 1280 && bottom <= 860, `note inside the viewport: ${JSON.stringify(note.panelBox)}`);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, `demo-note-${colorScheme}.png`) });

        if (colorScheme === 'light') {
          // One note at a time: opening another claim's note replaces it.
          const other = await openNoteOnClaim(page, 'On Thursday, Lavrov was received');
          await other.detach();
          assert.equal(await page.locator('claimlens-note').count(), 1);
          assert.doesNotMatch(other.text, /Choe Son\s?-\s?hui/);

          // "Open" shows the article in the demo's reader, its evidence marked.
          // Close the other note first: where it lies over the Choe claim, the
          // click would land on it (a race in this test under load).
          await page.keyboard.press('Escape');
          await page.waitForSelector('claimlens-note', { state: 'detached' });
          const again = await openNoteOnClaim(page, CHOE_CLAIM.needle);
          await again.click('Open');
          await again.detach();
          await page.waitForSelector('#reader[open] mark.evidence');
          assert.match(await page.locator('#reader-title').textContent(), /^Untitled article: “Russian Foreign Minister/);
          assert.match(await page.locator('#reader mark.evidence').textContent(), /Choe/);
          await page.keyboard.press('Escape');
          await page.waitForSelector('#reader:not([open])', { state: 'attached' });

          // Switching article re-reads it against the other four.
          await page.locator('#article-picker').selectOption('001_68686de34c3f3bfb');
          await page.waitForFunction(() => document.querySelector('#article-kicker').textContent.includes('Seed 2 of 5'));
          await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
          await waitForMarksToSettle(page);
        }
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }
});
