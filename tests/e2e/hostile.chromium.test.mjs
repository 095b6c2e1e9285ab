// End-to-end, issue 7: the packaged extension in Chromium on hostile and odd
// pages, with every request the browser makes sent through the test server
// acting as a proxy, so that the privacy test sees all of them.
//
// For each fixture page (tests/e2e/pages/hostile/, served with a strict CSP)
// the page keeps its own books (harness.js): its text and markup fingerprint,
// its errors, its own timer. The test checks that the claims are marked within
// a bound, the page's text never changes, a note opens, "Hide highlights"
// restores the page exactly, the page's timer never stalls, and no error was
// thrown in the page (Playwright's pageerror and the page's own window.onerror)
// nor logged by the content script.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import {
  CHOE_CLAIM, CHROME_EXTENSION_DIR, HOSTILE_CORPUS_EVIDENCE, HOSTILE_CORPUS_OUTLET, HOSTILE_CORPUS_TITLE, HOSTILE_MARK_TIMEOUT, HOSTILE_PAGES, LINKED_MARK, MAX_PAGE_PAUSE_MS,
  INJECTED_TEXT, assertMarkedPage, buildHostileCorpusExtension, foreignRequests, markFacts, namesCorpusArticle, requireBuild,
} from './helpers.mjs';
import { launchWithExtension, openNoteOnClaim, openReaderFromNote, readNote } from './drive-chromium.mjs';

/**
 * Requests Chromium itself makes to its update and sign-in services, with or
 * without extensions: excused only when no page or worker made them (`seen`
 * is everything Playwright attributed to a page or a service worker).
 */
const chromiumOwn = (seen) => ({ url }) => /^https?:\/\/(update\.googleapis\.com|accounts\.google\.com)(:443)?(\/|$)/.test(url)
  && !seen.some((request) => request.url.startsWith(url.replace(/:443$/, '')));

describe('Chromium with the extension, on hostile and odd pages', () => {
  let server;
  let context;
  let profile;
  const seen = []; // every request Playwright reports, with where it came from

  before(async () => {
    requireBuild(join(CHROME_EXTENSION_DIR, 'manifest.json'));
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-hostile-chromium-'));
    context = await launchWithExtension(profile, CHROME_EXTENSION_DIR, { proxy: server.origin });
    context.on('request', (request) => {
      seen.push({ url: request.url(), worker: request.serviceWorker()?.url() ?? null });
    });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const fixture of HOSTILE_PAGES) {
    test(`${fixture.name}: marked in bounded time, the page unchanged, responsive and error-free`, async (t) => {
      const page = await context.newPage();
      const pageErrors = [];
      const logged = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        // The content script's own warnings, and any error other than the favicon's 404.
        if (message.text().includes('ClaimLens')
          || (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))) logged.push(message.text());
      });
      try {
        await page.goto(server.origin + fixture.path);
        await page.waitForSelector(LINKED_MARK, { timeout: HOSTILE_MARK_TIMEOUT });
        const marked = await page.evaluate(() => window.hostile.report());
        const facts = await page.evaluate(markFacts);
        const frames = fixture.frames ? await page.evaluate(() => window.hostile.frames()) : null;
        assertMarkedPage(t, fixture, marked, facts, frames);

        const note = await openNoteOnClaim(page, fixture.needle ?? CHOE_CLAIM.needle);
        assert.ok(namesCorpusArticle(note.text), `the note names a corpus article: ${note.text}`);
        if (fixture.injection) {
          for (const markup of INJECTED_TEXT) assert.ok(note.text.includes(markup), `the note shows ${markup} as text`);
          assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing the text says ran');
        }
        await note.click('Hide highlights');
        await note.detach();
        await page.waitForSelector('claimlens-mark', { state: 'detached', timeout: 10_000 });
        const restored = await page.evaluate(() => window.hostile.report());
        if (!fixture.rewrites) assert.deepEqual(restored.now, restored.before, 'text and markup restored exactly');
        assert.deepEqual(restored.violations, [], 'the page always found its own text as it wrote it');
        assert.deepEqual(restored.errors, [], 'no uncaught error in the page');
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(logged, [], 'nothing logged by the content script');
        assert.ok(restored.ticks > marked.ticks, 'the page\'s own timer kept running');
        const longest = Math.max(0, ...restored.longGaps.map((gap) => gap.ms));
        t.diagnostic(`longest pause of the page's timer after build: ${longest} ms`);
        assert.ok(longest <= MAX_PAGE_PAUSE_MS, `the page never froze: ${JSON.stringify(restored.longGaps)}`);
      } finally {
        await page.close();
      }
    });
  }

  test('privacy: every request during these pages was a page\'s own; the extension made none', async () => {
    // The run so far loaded every fixture, annotated it and opened a note; add
    // the plain article and the reader page (which reads the corpus through
    // the background) for good measure.
    const page = await context.newPage();
    try {
      await page.goto(`${server.origin}/pages/article.html`);
      const reader = await openReaderFromNote(context, page, CHOE_CLAIM.needle);
      await reader.close();
    } finally {
      await page.close();
    }
    assert.ok(server.requests.length >= HOSTILE_PAGES.length, 'the proxy saw the pages\' requests');
    // Playwright reports every request of every page and service worker, the
    // extension's included; it does see the extension's own file loads.
    assert.ok(seen.some(({ url, worker }) => worker && url.endsWith('/pkg/claimlens_bg.wasm')),
      'the extension\'s service worker is observed (it loads its wasm from its package)');
    const extensionNetwork = seen.filter(({ url, worker }) => worker && !url.startsWith('chrome-extension:'));
    assert.deepEqual(extensionNetwork, [], 'the extension\'s service worker requested only its own files');
    const offOrigin = seen.filter(({ url }) => !url.startsWith('chrome-extension:') && !url.startsWith(server.origin));
    assert.deepEqual(offOrigin, [], 'no page or worker requested anything off the test server');
    // The proxy log has every request the browser made, Chromium's own
    // service calls excused (see chromiumOwn).
    assert.deepEqual(foreignRequests(server.requests, server.origin, chromiumOwn(seen)), [],
      'every other request was a fixture page\'s own');
    assert.deepEqual(server.requests.filter(({ url }) => url.includes('/pwned/')), [], 'no injected URL was fetched');
  });
});

describe('Chromium with a corpus whose articles carry markup', () => {
  let server;
  let context;
  let profile;
  let variant;
  const seen = [];

  before(async () => {
    variant = buildHostileCorpusExtension('chrome');
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-hostile-corpus-chromium-'));
    context = await launchWithExtension(profile, variant.dir, { proxy: server.origin });
    context.on('request', (request) => seen.push({ url: request.url(), worker: request.serviceWorker()?.url() ?? null }));
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    variant?.remove();
  });

  test('the note, the reader page and the popup show markup as text; none of it runs or loads', async () => {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(`${server.origin}/strict/hostile/injection.html`);
      const note = await openNoteOnClaim(page, CHOE_CLAIM.needle);
      await note.detach();
      for (const text of [HOSTILE_CORPUS_TITLE, HOSTILE_CORPUS_OUTLET, '"><script>window.__pwned=1</script>',
        '<b onmouseover="window.__pwned=1">Lavrov</b>', ...INJECTED_TEXT]) {
        assert.ok(note.text.includes(text), `the note shows ${text} as text: ${note.text}`);
      }
      assert.equal(await page.evaluate(() => window.__pwned), undefined);

      // The reader page, opened from the note on the article with the markup title.
      const again = await readNote(page);
      const opened = context.waitForEvent('page');
      await again.click('Open');
      await again.detach();
      const reader = await opened;
      await reader.waitForSelector('#article[aria-busy="false"]', { timeout: 20_000 });
      const view = await reader.evaluate(() => ({
        title: document.getElementById('title').textContent,
        outlet: document.getElementById('outlet').textContent,
        body: document.getElementById('body').textContent,
        evidence: document.querySelector('mark.evidence')?.textContent,
        elements: document.querySelectorAll('#article :is(img, script, iframe, svg, a, b)').length,
        pwned: window.__pwned,
      }));
      await reader.close();
      assert.equal(view.title, HOSTILE_CORPUS_TITLE);
      assert.equal(view.outlet, HOSTILE_CORPUS_OUTLET);
      assert.ok(view.body.includes('<img src="http://pwned.example/evidence-img" onerror="window.__pwned=1">'));
      assert.ok(view.evidence.includes(HOSTILE_CORPUS_EVIDENCE), `evidence marked: ${view.evidence}`);
      assert.equal(view.elements, 0, 'the reader made no element from the article');
      assert.equal(view.pwned, undefined);

      // The popup lists the conflicting claim, whose page text carries markup.
      let [worker] = context.serviceWorkers();
      worker ??= await context.waitForEvent('serviceworker');
      const popup = await context.newPage();
      await page.bringToFront();
      await popup.goto(new URL('popup/popup.html', worker.url()).href);
      await popup.waitForSelector('#conflicts button');
      const listed = await popup.evaluate(() => ({
        titles: [...document.querySelectorAll('#conflicts button')].map((button) => button.title),
        elements: document.querySelectorAll('#conflicts :is(img, script)').length,
        pwned: window.__pwned,
      }));
      await popup.close();
      assert.ok(listed.titles.some((title) => title.includes('<img src="/pwned/popup-img" onerror="window.__pwned=1">')),
        JSON.stringify(listed.titles));
      assert.equal(listed.elements, 0);
      assert.equal(listed.pwned, undefined);
      assert.deepEqual(pageErrors, []);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    } finally {
      await page.close();
    }
    const injected = server.requests.filter(({ url }) => url.includes('pwned'));
    assert.deepEqual(injected, [], 'no injected URL was requested');
    assert.deepEqual(foreignRequests(server.requests, server.origin, chromiumOwn(seen)), []);
  });
});
