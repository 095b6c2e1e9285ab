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
  ARTIFACTS, CHROME_EXTENSION_DIR, CHROMIUM_FLAGS, CHROMIUM_PATH, DIST, LINKED_MARK,
  namesCorpusArticle, requireBuild,
} from './helpers.mjs';

const MARK_TIMEOUT = 20_000;

/**
 * The note lives in a closed shadow root, which page scripts (and Playwright's
 * selectors) cannot enter. The DevTools protocol can: DOM.getDocument with
 * `pierce` returns closed shadow roots too, marked with their mode. So the
 * tests read the note as it is, with no test-only hook in the product.
 */
async function readNote(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (node, predicate) => {
      if (predicate(node)) return node;
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
        const found = find(child, predicate);
        if (found) return found;
      }
      return null;
    };
    const text = (node) => (node.nodeType === 3 ? node.nodeValue
      : node.localName === 'style' ? '' : [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(text).join(' '));
    const host = find(root, (node) => node.localName === 'claimlens-note');
    if (!host) return null;
    const shadow = host.shadowRoots?.[0];
    const button = (label) => shadow && find(shadow, (node) => node.localName === 'button'
      && text(node).trim() === label);
    const panel = shadow && find(shadow, (node) => node.localName === 'section');
    let panelBox = null;
    if (panel) {
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: panel.backendNodeId });
      panelBox = { left: model.border[0], top: model.border[1], right: model.border[4], bottom: model.border[5] };
    }
    return {
      mode: shadow?.shadowRootType,
      panelBox,
      text: shadow ? text(shadow).replace(/\s+/g, ' ') : '',
      /** Clicks a button inside the shadow root where it is drawn, as a reader would. */
      async click(label) {
        const node = button(label);
        assert.ok(node, `note has a "${label}" button`);
        await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendNodeId });
        const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId });
        const [x1, y1, , , x3, y3] = model.content;
        await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
      },
      detach: () => cdp.detach(),
    };
  } catch (error) {
    await cdp.detach();
    throw error;
  }
}

/**
 * Scrolls a mark near the top of the window, as a reader would, and clicks
 * inside its first line box (an inline element's bounding-box centre may be off its text).
 */
async function clickMark(page, locator) {
  const point = await locator.evaluate((mark) => {
    window.scrollBy(0, mark.getBoundingClientRect().top - 120);
    const rect = mark.getClientRects()[0];
    return { x: rect.left + Math.min(12, rect.width / 2), y: rect.top + rect.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
}

async function openNoteOnFirstLinkedClaim(page, selector = LINKED_MARK) {
  await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
  await clickMark(page, page.locator(selector).first());
  await page.waitForSelector('claimlens-note', { state: 'attached' });
  return readNote(page);
}

describe('Chromium with the extension', () => {
  let server;
  let context;
  let profile;

  before(async () => {
    requireBuild(join(CHROME_EXTENSION_DIR, 'manifest.json'), join(CHROME_EXTENSION_DIR, 'pkg', 'claimlens_bg.wasm'));
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${CHROME_EXTENSION_DIR}`, `--load-extension=${CHROME_EXTENSION_DIR}`],
    });
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

  test('keyboard: Enter opens the note, Escape closes it and returns focus to the claim', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/article.html`);
      const mark = page.locator(LINKED_MARK).first();
      await mark.waitFor({ timeout: MARK_TIMEOUT });
      await mark.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector('claimlens-note', { state: 'attached' });
      const note = await readNote(page);
      await note.detach();
      assert.ok(namesCorpusArticle(note.text));
      await page.keyboard.press('Escape');
      await page.waitForSelector('claimlens-note', { state: 'detached' });
      assert.equal(await mark.evaluate((element) => element === document.activeElement), true);
    } finally {
      await page.close();
    }
  });

  test('hiding and toggling highlights leave the page text exactly as it was', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/strict/article.html`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      const snapshot = () => page.evaluate(() => ({
        text: document.body.textContent,
        html: document.body.innerHTML,
        marks: document.querySelectorAll('claimlens-mark').length,
      }));
      const before = await page.evaluate(() => window.claimlensFixture);
      assert.ok(before?.textBefore.includes('Lavrov'), 'fixture recorded the page before annotation');

      const highlighted = await snapshot();
      assert.ok(highlighted.marks > 0);
      assert.equal(highlighted.text, before.textBefore, 'marking never changes the text');

      // "Hide highlights" in the note removes every mark and the note.
      const note = await openNoteOnFirstLinkedClaim(page);
      await note.click('Hide highlights');
      await note.detach();
      await page.waitForSelector('claimlens-mark', { state: 'detached' });
      const hidden = await snapshot();
      assert.equal(hidden.text, before.textBefore);
      assert.equal(hidden.html, before.htmlBefore, 'the DOM is restored node for node');
      assert.equal(await page.locator('claimlens-note').count(), 0);

      // The toolbar button sends {type: 'toggle'} from the background; send it from there.
      let [worker] = context.serviceWorkers();
      worker ??= await context.waitForEvent('serviceworker');
      const toggle = () => worker.evaluate(async () => {
        const tabs = await chrome.tabs.query({});
        await Promise.all(tabs.map((tab) => chrome.tabs.sendMessage(tab.id, { type: 'toggle' }).catch(() => {})));
      });
      await toggle();
      await page.waitForSelector('claimlens-mark', { timeout: MARK_TIMEOUT });
      assert.equal((await snapshot()).text, before.textBefore);
      await toggle();
      await page.waitForSelector('claimlens-mark', { state: 'detached' });
      const toggledOff = await snapshot();
      assert.equal(toggledOff.text, before.textBefore);
      assert.equal(toggledOff.html, before.htmlBefore);
    } finally {
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

  test('shows seed 004, marks its claims and opens a note naming another article', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    try {
      await page.goto(`${server.origin}/www/`);
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      assert.equal(await page.locator('#article-picker').inputValue(), '004_1a4cdf3276350bea');
      assert.equal(await page.locator('#article-picker option').count(), 5);
      assert.match(await page.locator('#status').textContent(), /\d+ claims marked/);

      // For the screenshot, the most telling claim: a conflict if there is one.
      const relations = await page.locator(LINKED_MARK).evaluateAll((marks) => marks.map((m) => m.dataset.relation));
      const shown = ['conflicts', 'corroborates', 'other_event', 'related'].find((r) => relations.includes(r));
      const note = await openNoteOnFirstLinkedClaim(page, `${LINKED_MARK}[data-relation="${shown}"]`);
      await note.detach();
      assert.ok(namesCorpusArticle(note.text), `note names a corpus article: ${note.text}`);
      assert.ok(!note.text.includes('004_1a4cdf3276350bea'), 'the article shown is not its own evidence');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'demo-note.png') });

      // Switching article re-reads it against the other four.
      await page.locator('#article-picker').selectOption('001_68686de34c3f3bfb');
      await page.waitForFunction(() => document.querySelector('#article-kicker').textContent.includes('001_'));
      await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
});
