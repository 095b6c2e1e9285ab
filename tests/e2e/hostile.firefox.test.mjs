// End-to-end, issue 7: the packaged extension in Firefox on the hostile and
// odd fixture pages (see hostile.chromium.test.mjs for what each test checks),
// with Firefox's proxy preferences pointing every request, loopback included,
// at the test server, which logs it and forwards nothing.
//
// Firefox has no CDP "pageerror" here; each fixture page catches its own
// uncaught errors (harness.js) and the test reads them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { By, Key, until } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import {
  CHOE_CLAIM, FIREFOX_XPI, HOSTILE_CORPUS_EVIDENCE, HOSTILE_CORPUS_OUTLET, HOSTILE_CORPUS_TITLE, HOSTILE_MARK_TIMEOUT, HOSTILE_PAGES, INJECTED_TEXT, LINKED_MARK, MAX_PAGE_PAUSE_MS,
  assertMarkedPage, buildHostileCorpusExtension, claimIndexContaining, claimSelector, foreignRequests, markFacts, namesCorpusArticle, requireBuild,
} from './helpers.mjs';
import { openNoteOnClaim, readNote, startFirefox } from './drive-firefox.mjs';

/**
 * Opens the note of the claim containing `needle` with a click or, where WebDriver
 * cannot scroll to the mark (Gecko lays out 5,000-deep content, but WebDriver
 * gives up scrolling to it), from the keyboard: focus the claim, press Enter.
 */
async function openNote(driver, needle) {
  try {
    return (await openNoteOnClaim(driver, needle)).note;
  } catch (error) {
    if (!/could not be scrolled into view/.test(error.message)) throw error;
    const index = await driver.executeScript(claimIndexContaining, needle);
    await driver.executeScript((selector) => document.querySelector(selector).focus(), claimSelector(index));
    await driver.actions().sendKeys(Key.ENTER).perform();
    return readNote(driver);
  }
}

/**
 * Firefox's Remote Settings client (blocklists, certificate revocation) opens
 * tunnels to its server on its own, with or without extensions, and release
 * builds ignore the pref that would move it. Those tunnels, and only those,
 * are excused; any other request, to any host or path, fails a test. (The
 * Chromium tests can attribute requests; here the excuse rests on the host.)
 */
const firefoxOwn = ({ method, url }) => method === 'CONNECT' && url === 'https://firefox.settings.services.mozilla.com:443';

describe('Firefox with the extension, on hostile and odd pages', () => {
  let server;
  let driver;

  before(async () => {
    requireBuild(FIREFOX_XPI);
    server = await startServer();
    const { hostname, port } = new URL(server.origin);
    driver = await startFirefox({ withExtension: true, proxy: { host: hostname, port: Number(port) } });
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  for (const fixture of HOSTILE_PAGES) {
    test(`${fixture.name}: marked in bounded time, the page unchanged, responsive and error-free`, async (t) => {
      await driver.get(server.origin + fixture.path);
      await driver.wait(until.elementLocated(By.css(LINKED_MARK)), HOSTILE_MARK_TIMEOUT);
      const marked = await driver.executeScript(() => window.hostile.report());
      const facts = await driver.executeScript(markFacts);
      const frames = fixture.frames ? await driver.executeScript(() => window.hostile.frames()) : null;
      assertMarkedPage(t, fixture, marked, facts, frames);

      const note = await openNote(driver, fixture.needle ?? CHOE_CLAIM.needle);
      assert.ok(namesCorpusArticle(note.text), `the note names a corpus article: ${note.text}`);
      if (fixture.injection) {
        for (const markup of INJECTED_TEXT) assert.ok(note.text.includes(markup), `the note shows ${markup} as text`);
        assert.equal(await driver.executeScript(() => window.__pwned ?? null), null, 'nothing the text says ran');
      }
      await (await note.root.findElement(By.css('button.hide-all'))).click();
      await driver.wait(async () => (await driver.findElements(By.css('claimlens-mark'))).length === 0, 10_000);
      const restored = await driver.executeScript(() => window.hostile.report());
      if (!fixture.rewrites) assert.deepEqual(restored.now, restored.before, 'text and markup restored exactly');
      assert.deepEqual(restored.violations, [], 'the page always found its own text as it wrote it');
      assert.deepEqual(restored.errors, [], 'no uncaught error in the page');
      assert.ok(restored.ticks > marked.ticks, 'the page\'s own timer kept running');
      const longest = Math.max(0, ...restored.longGaps.map((gap) => gap.ms));
      t.diagnostic(`longest pause of the page's timer after build: ${longest} ms`);
      assert.ok(longest <= MAX_PAGE_PAUSE_MS, `the page never froze: ${JSON.stringify(restored.longGaps)}`);
    });
  }

  test('privacy: every request during these pages was a page\'s own; the extension made none', async (t) => {
    // Add the plain article and the reader page (which reads the corpus through the background).
    await driver.get(`${server.origin}/pages/article.html`);
    const tabsBefore = await driver.getAllWindowHandles();
    const { note } = await openNoteOnClaim(driver, CHOE_CLAIM.needle);
    await (await note.root.findElement(By.css('button.open'))).click();
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > tabsBefore.length, 5_000);
    const readerTab = (await driver.getAllWindowHandles()).find((handle) => !tabsBefore.includes(handle));
    await driver.switchTo().window(readerTab);
    await driver.wait(until.elementLocated(By.css('mark.evidence')), 20_000);
    await driver.close();
    await driver.switchTo().window(tabsBefore[0]);
    assert.ok(server.requests.length >= HOSTILE_PAGES.length, 'the proxy saw the pages\' requests');
    const excused = server.requests.filter(firefoxOwn).length;
    t.diagnostic(`${server.requests.length} requests seen by the proxy, ${excused} of them Firefox's Remote Settings`);
    assert.deepEqual(foreignRequests(server.requests, server.origin, firefoxOwn), [], 'every other request was a fixture page\'s own');
    assert.deepEqual(server.requests.filter(({ url }) => url.includes('/pwned/')), [], 'no injected URL was fetched');
  });
});

describe('Firefox with a corpus whose articles carry markup', () => {
  let server;
  let driver;
  let variant;

  before(async () => {
    variant = buildHostileCorpusExtension('firefox');
    server = await startServer();
    const { hostname, port } = new URL(server.origin);
    driver = await startFirefox({ withExtension: true, xpi: variant.xpi, proxy: { host: hostname, port: Number(port) } });
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
    variant?.remove();
  });

  test('the note, the reader page and the popup show markup as text; none of it runs or loads', async () => {
    await driver.get(`${server.origin}/strict/hostile/injection.html`);
    const articleTab = await driver.getWindowHandle();
    const { note } = await openNoteOnClaim(driver, CHOE_CLAIM.needle);
    for (const text of [HOSTILE_CORPUS_TITLE, HOSTILE_CORPUS_OUTLET, '"><script>window.__pwned=1</script>',
      '<b onmouseover="window.__pwned=1">Lavrov</b>', ...INJECTED_TEXT]) {
      assert.ok(note.text.includes(text), `the note shows ${text} as text: ${note.text}`);
    }
    assert.equal(await driver.executeScript(() => window.__pwned ?? null), null);

    // The reader page, opened from the note on the article with the markup title.
    const tabsBefore = await driver.getAllWindowHandles();
    await (await note.root.findElement(By.css('button.open'))).click();
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > tabsBefore.length, 5_000);
    const readerTab = (await driver.getAllWindowHandles()).find((handle) => !tabsBefore.includes(handle));
    await driver.switchTo().window(readerTab);
    await driver.wait(until.elementLocated(By.css('#article[aria-busy="false"]')), 20_000);
    const view = await driver.executeScript(() => ({
      title: document.getElementById('title').textContent,
      outlet: document.getElementById('outlet').textContent,
      body: document.getElementById('body').textContent,
      evidence: document.querySelector('mark.evidence')?.textContent,
      elements: document.querySelectorAll('#article :is(img, script, iframe, svg, a, b)').length,
      pwned: window.__pwned ?? null,
    }));
    assert.equal(view.title, HOSTILE_CORPUS_TITLE);
    assert.equal(view.outlet, HOSTILE_CORPUS_OUTLET);
    assert.ok(view.body.includes('<img src="http://pwned.example/evidence-img" onerror="window.__pwned=1">'));
    assert.ok(view.evidence.includes(HOSTILE_CORPUS_EVIDENCE), `evidence marked: ${view.evidence}`);
    assert.equal(view.elements, 0, 'the reader made no element from the article');
    assert.equal(view.pwned, null);

    // The popup, opened in the reader's tab (WebDriver may not navigate to
    // moz-extension: URLs, but our own page may), reports on the article tab.
    const readerUrl = await driver.getCurrentUrl();
    await driver.switchTo().window(articleTab);
    await driver.switchTo().window(readerTab);
    await driver.executeScript('location.href = arguments[0]', new URL('../popup/popup.html', readerUrl).href);
    await driver.wait(until.elementLocated(By.css('#conflicts button')), 10_000);
    const listed = await driver.executeScript(() => ({
      titles: [...document.querySelectorAll('#conflicts button')].map((button) => button.title),
      elements: document.querySelectorAll('#conflicts :is(img, script)').length,
      pwned: window.__pwned ?? null,
    }));
    await driver.close();
    await driver.switchTo().window(articleTab);
    assert.ok(listed.titles.some((title) => title.includes('<img src="/pwned/popup-img" onerror="window.__pwned=1">')),
      JSON.stringify(listed.titles));
    assert.equal(listed.elements, 0);
    assert.equal(listed.pwned, null);
    const report = await driver.executeScript(() => window.hostile.report());
    assert.deepEqual(report.errors, []);
    assert.equal(await driver.executeScript(() => window.__pwned ?? null), null);

    assert.deepEqual(server.requests.filter(({ url }) => url.includes('pwned')), [], 'no injected URL was requested');
    assert.deepEqual(foreignRequests(server.requests, server.origin, firefoxOwn), []);
  });
});
