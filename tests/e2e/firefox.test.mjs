// End-to-end: the packaged extension and the demo page in real headless
// Firefox ESR, driven by Selenium through geckodriver (both from Debian and
// crates.io; Selenium is told where the driver is, so it downloads nothing).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { By, Key, until } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import {
  ARTIFACTS, CHOE_CLAIM, DIST, FIREFOX_XPI, LINKED_MARK, MARK_TIMEOUT, claimIndexContaining, namesCorpusArticle,
  requireBuild,
} from './helpers.mjs';
import { openNoteOnClaim, openNoteOnFirstLinkedClaim, readNote, startFirefox, waitForMarksToSettle } from './drive-firefox.mjs';

describe('Firefox with the extension', () => {
  let server;
  let driver;

  before(async () => {
    requireBuild(FIREFOX_XPI);
    server = await startServer();
    driver = await startFirefox({ withExtension: true });
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  for (const [name, path] of [['a plain news page', '/pages/article.html'], ['a page with a strict CSP', '/strict/article.html']]) {
    test(`marks claims on ${name}; a click opens a note naming a corpus article`, async () => {
      await driver.get(server.origin + path);
      await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
      await waitForMarksToSettle(driver);
      const marks = await driver.findElements(By.css('claimlens-mark'));
      assert.ok(marks.length >= 5, `expected several claim marks, found ${marks.length}`);
      assert.equal((await driver.findElements(By.css('nav claimlens-mark, footer claimlens-mark, [hidden] claimlens-mark'))).length, 0);

      const { note } = await openNoteOnFirstLinkedClaim(driver);
      assert.ok(namesCorpusArticle(note.text), `note names a corpus article: ${note.text}`);
      assert.match(note.text, /Corroborates|Conflicts|Other event|Related/);
      assert.ok(await note.panel.isDisplayed());

      const pageView = await driver.executeScript(() => ({
        shadowRoot: document.querySelector('claimlens-note').shadowRoot,
        namespace: typeof window.ClaimLens,
      }));
      assert.deepEqual(pageView, { shadowRoot: null, namespace: 'undefined' });
    });
  }

  test('Escape closes the note and returns focus to the claim; hiding restores the page exactly', async () => {
    await driver.get(`${server.origin}/strict/article.html`);
    const { mark } = await openNoteOnFirstLinkedClaim(driver);
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-note'))).length === 0, 5_000);
    const focused = await driver.executeScript(() => document.activeElement);
    assert.equal(await focused.getId(), await mark.getId());

    const before = await driver.executeScript(() => window.claimlensFixture);
    assert.ok(before?.textBefore.includes('Lavrov'), 'fixture recorded the page before annotation');
    assert.equal(await driver.executeScript(() => document.body.textContent), before.textBefore);

    const { note } = await openNoteOnFirstLinkedClaim(driver);
    const hide = await note.root.findElement(By.css('button.hide-all'));
    await hide.click();
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-mark'))).length === 0, 5_000);
    const after = await driver.executeScript(() => ({ text: document.body.textContent, html: document.body.innerHTML }));
    assert.equal(after.text, before.textBefore);
    assert.equal(after.html, before.htmlBefore, 'the DOM is restored node for node');
  });

  test('only the article is marked: never nav, related lists, forms, code, hidden or footer text', async () => {
    await driver.get(`${server.origin}/pages/furniture.html`);
    await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    await waitForMarksToSettle(driver);
    const outside = await driver.executeScript(() => [...document.querySelectorAll('claimlens-mark')]
      .filter((mark) => mark.closest('nav, footer, aside, form, pre, code, svg, [aria-hidden="true"], .related-posts, [contenteditable], h3 + p'))
      .map((mark) => mark.textContent));
    assert.deepEqual(outside, []);
    assert.ok((await driver.findElements(By.css('article > p claimlens-mark[data-claim]'))).length >= 10);
    assert.ok((await driver.findElements(By.css('article claimlens-mark[data-mention="time"]'))).length >= 1);
    const text = await driver.executeScript(() => [document.body.textContent, window.claimlensFixture.textBefore]);
    assert.equal(text[0], text[1]);
  });

  test('content added after load ("Load more") is marked', async () => {
    await driver.get(`${server.origin}/pages/dynamic.html`);
    await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    await waitForMarksToSettle(driver);
    assert.equal(await driver.executeScript(claimIndexContaining, 'John Kirby'), null);
    await driver.findElement(By.id('load-more')).click();
    await driver.wait(async () => (await driver.executeScript(claimIndexContaining, 'Choe Con Hui')) !== null, MARK_TIMEOUT);
    const count = async () => (await driver.findElements(By.css('claimlens-mark'))).length;
    const settled = await count();
    await driver.sleep(1_500);
    assert.equal(await count(), settled, 'our own marks do not set off another reading');
  });

  test('"Open" shows the reader page; the popup switches the site off and on, restoring the page exactly', async () => {
    await driver.get(`${server.origin}/pages/article.html`);
    const articleTab = await driver.getWindowHandle();
    const { note } = await openNoteOnClaim(driver, CHOE_CLAIM.needle);
    for (const pattern of CHOE_CLAIM.expect) assert.match(note.text, pattern);
    const tabsBefore = await driver.getAllWindowHandles();
    await (await note.root.findElement(By.css('button.open'))).click();
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > tabsBefore.length, 5_000);
    const readerTab = (await driver.getAllWindowHandles()).find((handle) => !tabsBefore.includes(handle));
    await driver.switchTo().window(readerTab);
    const evidence = await driver.wait(until.elementLocated(By.css('mark.evidence')), MARK_TIMEOUT);
    const readerUrl = await driver.getCurrentUrl();
    assert.match(readerUrl, /^moz-extension:\/\/[0-9a-f-]+\/reader\/reader\.html#id=/);
    assert.match(await evidence.getText(), /Choe|Lavrov/);
    assert.doesNotMatch(await driver.findElement(By.id('title')).getText(), /^\d{3}_[0-9a-f]{16}$/);

    // The popup page, opened as a tab right after the article's tab. WebDriver
    // may not navigate to moz-extension: URLs, but our own reader page may.
    await driver.switchTo().window(articleTab);
    const before = await driver.executeScript(() => window.claimlensFixture);
    await driver.switchTo().window(readerTab);
    await driver.executeScript('location.href = arguments[0]', new URL('../popup/popup.html', readerUrl).href);
    await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
    const checkbox = await driver.findElement(By.id('enabled'));
    assert.equal(await checkbox.isSelected(), true);
    assert.ok(Number(await driver.findElement(By.id('count-claims')).getText()) >= 5);
    writeFileSync(join(ARTIFACTS, 'popup-firefox.png'), await driver.takeScreenshot(), 'base64');
    await checkbox.click();
    await driver.wait(async () => !(await checkbox.isSelected()) && (await checkbox.isEnabled()), 10_000);
    const popupTab = await driver.getWindowHandle();
    await driver.switchTo().window(articleTab);
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-mark'))).length === 0, 10_000);
    const off = await driver.executeScript(() => ({ text: document.body.textContent, html: document.body.innerHTML }));
    assert.equal(off.text, before.textBefore);
    assert.equal(off.html, before.htmlBefore);
    // Switched back on, for the tests that follow.
    await driver.switchTo().window(popupTab);
    await driver.navigate().refresh();
    await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
    await driver.findElement(By.id('enabled')).click();
    await driver.wait(async () => driver.findElement(By.id('enabled')).isSelected(), 10_000);
    await driver.close();
    await driver.switchTo().window(articleTab);
    await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    await waitForMarksToSettle(driver);
  });
});

describe('Firefox, demo page without the extension', () => {
  let server;
  let driver;

  before(async () => {
    requireBuild(join(DIST, 'www', 'index.html'));
    server = await startServer();
    driver = await startFirefox({ withExtension: false });
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  test('seed 004: the "Choe Con Hui" note names the spelling difference and seed 002; keyboard only', async () => {
    await driver.get(`${server.origin}/www/`);
    await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    await waitForMarksToSettle(driver);
    const picker = await driver.findElement(By.id('article-picker'));
    assert.equal(await picker.getAttribute('value'), '004_1a4cdf3276350bea');
    assert.equal((await driver.findElements(By.css('#article-related claimlens-mark'))).length, 0);
    const { mark, note } = await openNoteOnClaim(driver, CHOE_CLAIM.needle);
    for (const pattern of CHOE_CLAIM.expect) assert.match(note.text, pattern);
    for (const word of CHOE_CLAIM.marked) assert.ok(note.marked.includes(word), `"${word}" is marked: ${note.marked}`);
    assert.ok(!/\b\d{3}_[0-9a-f]{16}\b/.test(note.text), 'no raw article ids in the note');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'demo-note-firefox.png'), await driver.takeScreenshot(), 'base64');

    // Keyboard only: Escape closes and focus returns; Enter on the focused claim reopens.
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-note'))).length === 0, 5_000);
    const focused = await driver.executeScript(() => document.activeElement);
    assert.equal(await focused.getId(), await mark.getId());
    await driver.actions().sendKeys(Key.TAB).perform();
    await driver.actions().keyDown(Key.SHIFT).sendKeys(Key.TAB).keyUp(Key.SHIFT).perform();
    await driver.actions().sendKeys(Key.ENTER).perform();
    const reopened = await readNote(driver);
    assert.match(reopened.text, /Choe Son Hui/);
    await driver.actions().sendKeys(Key.ESCAPE).perform();
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-note'))).length === 0, 5_000);
  });
});
