// End-to-end, Firefox: the reader's own corpus (issue 8), as in
// personal-corpus.chromium.test.mjs: add a page from the popup and see a page
// on the same event link to it; export, delete all, import, the same links; an
// import interrupted by closing the options page leaves the corpus as it was;
// the keyboard shortcut adds the page; over a real storage limit, an import is
// refused with a clear message and changes nothing; a page open while the
// corpus changes (a deletion, or the stored articles still loading after a
// restart) follows it without a reload.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, By, Key, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer } from './server.mjs';
import { FIREFOX_PATH, FIREFOX_XPI, LINKED_MARK, claimIndexContaining, claimSelector, findGeckodriver, requireBuild } from './helpers.mjs';
import {
  ADDED_PAGE, ADDED_STATUS, ADDED_TITLE, CONFLICTING_CLAIM, EARLIER_PREFIX, SAME_EVENT_PAGE, holdKeepsLastOut, holdStoredArticles,
  manyArticleFiles, relationOfClaim,
} from './personal-corpus.mjs';

const MARK_TIMEOUT = 20_000;

describe('Firefox: the reader\'s own corpus', () => {
  let server;
  let driver;
  let scratch;
  let pageTab; // a tab for web pages
  let extensionTab; // a tab on one of our own pages, from which others can be opened
  let extensionBase;

  before(async () => {
    requireBuild(FIREFOX_XPI);
    server = await startServer();
    scratch = mkdtempSync(join(tmpdir(), 'claimlens-ff-personal-'));
    const geckodriver = findGeckodriver();
    assert.ok(existsSync(geckodriver), `geckodriver not found at ${geckodriver} (set $GECKODRIVER)`);
    const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX_PATH).windowSize({ width: 1280, height: 900 });
    for (const [name, value] of Object.entries({
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      // The export's download goes to the scratch folder, without asking.
      'browser.download.folderList': 2,
      'browser.download.dir': scratch,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    })) options.setPreference(name, value);
    // --allow-system-access: the shortcut test presses keys in the browser window itself.
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(geckodriver).addArguments('--allow-system-access')).build();
    await driver.installAddon(FIREFOX_XPI, true);

    // WebDriver may not navigate to moz-extension: URLs; our own pages may. The
    // reader page, opened from a note's "Open", is the way in.
    pageTab = await driver.getWindowHandle();
    await driver.get(`${server.origin}/pages/article.html`);
    const mark = await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', mark);
    await mark.click();
    const host = await driver.wait(until.elementLocated(By.css('claimlens-note')), 5_000);
    const handles = await driver.getAllWindowHandles();
    await (await (await host.getShadowRoot()).findElement(By.css('button.open'))).click();
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > handles.length, 5_000);
    extensionTab = (await driver.getAllWindowHandles()).find((handle) => !handles.includes(handle));
    await driver.switchTo().window(extensionTab);
    await driver.wait(until.elementLocated(By.css('mark.evidence')), MARK_TIMEOUT);
    extensionBase = new URL('../', await driver.getCurrentUrl()).href;
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  let visits = 0;
  async function openOwnPage(path) {
    await driver.switchTo().window(extensionTab);
    // A query string of its own makes every visit a new document, even to the same page.
    const url = `${extensionBase}${path}?visit=${visits += 1}`;
    await driver.executeScript('location.href = arguments[0]', url);
    await driver.wait(async () => (await driver.getCurrentUrl()) === url, 10_000);
  }

  async function openOptions() {
    await openOwnPage('options/options.html');
    await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
  }

  const text = async (selector) => (await driver.findElement(By.css(selector))).getText();
  const waitText = (selector, pattern) => driver.wait(async () => pattern.test(await text(selector)), 15_000);

  /** Loads the same-event page in the page tab; the relation of its 4,000-residents claim. */
  async function relationOnSameEventPage() {
    await driver.switchTo().window(pageTab);
    await driver.get(server.origin + SAME_EVENT_PAGE);
    await driver.wait(until.elementLocated(By.css('claimlens-mark[data-claim]')), MARK_TIMEOUT);
    const index = await driver.executeScript(claimIndexContaining, CONFLICTING_CLAIM);
    assert.ok(index !== null, `a claim contains "${CONFLICTING_CLAIM}"`);
    return (await driver.findElement(By.css(claimSelector(index)))).getAttribute('data-relation');
  }

  /** Waits until the page tab's 4,000-residents claim has `relation` (the page re-reads itself). */
  async function waitForRelation(relation, timeoutMs = MARK_TIMEOUT) {
    await driver.switchTo().window(pageTab);
    let seen;
    await driver.wait(async () => (seen = await driver.executeScript(relationOfClaim, CONFLICTING_CLAIM)) === relation, timeoutMs, undefined, 100)
      .catch(() => {});
    assert.equal(seen, relation, `the open page's claim became "${relation}" without a reload`);
  }

  /** Asks the background from our own page in the extension tab. */
  async function ask(message) {
    await driver.switchTo().window(extensionTab);
    return driver.executeAsyncScript('const done = arguments[arguments.length - 1]; browser.runtime.sendMessage(arguments[0]).then(done, (e) => done({ ok: false, error: String(e) }))', message);
  }

  async function noteOnConflict() {
    const index = await driver.executeScript(claimIndexContaining, CONFLICTING_CLAIM);
    const mark = await driver.findElement(By.css(claimSelector(index)));
    await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', mark);
    await mark.click();
    const host = await driver.wait(until.elementLocated(By.css('claimlens-note')), 5_000);
    return (await (await (await host.getShadowRoot()).findElement(By.css('section'))).getText()).replace(/\s+/g, ' ');
  }

  async function exportBytes() {
    await driver.findElement(By.id('export')).click();
    await driver.wait(until.elementLocated(By.css('#export-file:not([hidden])')), 10_000);
    return driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      fetch(document.getElementById('export-file').href).then((r) => r.arrayBuffer())
        .then((b) => done([...new Uint8Array(b)]), (e) => done(String(e)));`);
  }

  test('"Add this page" in the popup; the next page on the same event links to it', async () => {
    assert.equal(await relationOnSameEventPage(), 'none', 'before: nothing in the corpus reports the tunnel');
    await driver.get(server.origin + ADDED_PAGE);
    await driver.wait(until.elementLocated(By.css('claimlens-mark[data-claim]')), MARK_TIMEOUT);
    // The popup opened as a tab acts on the tab used just before it.
    await openOwnPage('popup/popup.html');
    await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
    await driver.findElement(By.id('add-page')).click();
    await waitText('#add-status', ADDED_STATUS);

    assert.equal(await relationOnSameEventPage(), 'conflicts');
    const note = await noteOnConflict();
    assert.match(note, new RegExp(ADDED_TITLE));
    assert.match(note, /Brackwater Gazette · 2025-03-03/);
  });

  test('options: export, delete all, import the export: the same links, and the same file again', async () => {
    await openOptions();
    assert.equal(await text('#count'), '1');
    assert.equal(await text('#articles .title'), ADDED_TITLE);
    const exported = await exportBytes();
    assert.ok(Array.isArray(exported), `export read back: ${exported}`);
    await waitText('#export-status', /Exported 1 article \(\d+ KB\)/);
    const file = join(scratch, 'corpus.clc');
    writeFileSync(file, Buffer.from(exported));

    await driver.findElement(By.id('clear')).click();
    await driver.findElement(By.id('clear-confirm')).click();
    await waitText('#count', /^0$/);
    assert.equal(await relationOnSameEventPage(), 'none', 'deleted: the link is gone');

    await openOptions();
    await driver.findElement(By.id('import-files')).sendKeys(file);
    await waitText('#import-status', /Imported 1 article/);
    assert.equal(await text('#articles .title'), ADDED_TITLE);
    assert.deepEqual(await exportBytes(), exported, 'export, import, export: the same bytes');

    assert.equal(await relationOnSameEventPage(), 'conflicts');
    assert.match(await noteOnConflict(), new RegExp(ADDED_TITLE));
  });

  test('an import interrupted by closing the options page leaves the corpus as it was; delete one', async () => {
    // Enough files that reading them outlasts WebDriver's polling: 300 short ones were read
    // before a poll sees "Reading …", and the import is done before the tab is closed.
    const files = manyArticleFiles(join(scratch, 'many'), 1000);
    // The options page in a tab of its own, closed mid-import.
    await driver.switchTo().window(extensionTab);
    const before = await driver.getAllWindowHandles();
    await driver.executeScript('window.open(arguments[0])', `${extensionBase}options/options.html`);
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > before.length, 5_000);
    const optionsTab = (await driver.getAllWindowHandles()).find((handle) => !before.includes(handle));
    await driver.switchTo().window(optionsTab);
    await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
    await driver.findElement(By.id('import-files')).sendKeys(files.join('\n'));
    await waitText('#import-status', /^Reading \d+ of 1000/);
    await driver.close();

    await openOptions();
    assert.equal(await text('#count'), '1');
    assert.equal(await text('#articles .title'), ADDED_TITLE);
    assert.equal(await relationOnSameEventPage(), 'conflicts');

    await openOptions();
    await driver.findElement(By.css('#articles li button')).click();
    await waitText('#count', /^0$/);
    await waitForRelation('none'); // the herald, still open in its tab, drops the link by itself
    assert.equal(await relationOnSameEventPage(), 'none');
  });

  test('the keyboard shortcut Alt+Shift+Y adds the page (a key press in the browser window, not a page event)', async () => {
    await driver.switchTo().window(pageTab); // selects the tab: the command acts on the active one
    await driver.get(server.origin + ADDED_PAGE);
    await driver.wait(until.elementLocated(By.css('claimlens-mark[data-claim]')), MARK_TIMEOUT);
    // Extension shortcuts live in the browser window (a <key> in its keyset), not in the
    // page: Marionette's chrome context dispatches the key press there, as the keyboard would.
    driver.setContext(firefox.Context.CHROME);
    try {
      await driver.actions().keyDown(Key.ALT).keyDown(Key.SHIFT).sendKeys('Y').keyUp(Key.SHIFT).keyUp(Key.ALT).perform();
    } finally {
      driver.setContext(firefox.Context.CONTENT);
    }
    await driver.wait(async () => {
      await openOptions();
      return (await text('#count')) === '1';
    }, MARK_TIMEOUT);
    assert.equal(await text('#articles .title'), ADDED_TITLE);
    assert.equal(await relationOnSameEventPage(), 'conflicts');
  });

  test('a page read while the stored articles are still loading links to one that loads late, without a reload (issue 8)', async () => {
    // 600 stored articles whose ids sort before the gazette's: after a restart the
    // background loads them first, and answers pages before it has all of them.
    await openOptions();
    await driver.findElement(By.id('import-files')).sendKeys(manyArticleFiles(join(scratch, 'late'), 600, EARLIER_PREFIX).join('\n'));
    await driver.wait(async () => /Imported 600 articles/.test(await text('#import-status')), 120_000, undefined, 250);
    await driver.wait(async () => /^\d+$/.test(await text('#count')) && Number(await text('#count')) > 600, 10_000, undefined, 100);
    const stored = Number(await text('#count'));

    // The background is stopped, and the stored articles are held (see
    // holdStoredArticles) before it starts again for the page below: that page is
    // read while none of them is loaded. Should the background not have stopped
    // (its status shows the articles loaded), again.
    let held;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await driver.executeScript('window.releaseStoredArticles?.()');
      driver.setContext(firefox.Context.CHROME);
      try {
        await driver.executeScript(`const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          return ExtensionParent.GlobalManager.getExtension(arguments[0]).terminateBackground().then(() => true)`, 'claimlens@claimlens.local');
      } finally {
        driver.setContext(firefox.Context.CONTENT);
      }
      const atHold = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
        (${holdStoredArticles})().then(done, (e) => done({ ok: false, error: String(e) }))`);
      assert.equal(atHold.ok, true, atHold.error);
      held = await ask({ type: 'personal.status' });
      if (holdKeepsLastOut(held, stored)) break;
    }
    assert.ok(holdKeepsLastOut(held, stored), `the load is held before its end (${held.loaded} of ${stored} loaded)`);

    await driver.switchTo().window(pageTab);
    await driver.get(server.origin + SAME_EVENT_PAGE);
    await waitForRelation('none'); // read from the articles loaded so far: no gazette yet
    assert.equal((await ask({ type: 'personal.status' })).complete, false, 'the page was answered while the load was incomplete');

    await driver.executeScript('window.releaseStoredArticles()');
    await waitForRelation('conflicts', 60_000); // the load completed: the page read itself again
    assert.match(await noteOnConflict(), new RegExp(ADDED_TITLE));
    await driver.actions().sendKeys(Key.ESCAPE).perform();

    // The page's text never changed, and switching off still restores it exactly.
    const before = await driver.executeScript(() => window.claimlensFixture);
    assert.equal(await driver.executeScript(() => document.body.textContent), before.textBefore);
    await openOwnPage('popup/popup.html'); // acts on the tab used just before it
    await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
    await driver.findElement(By.id('enabled')).click();
    await driver.switchTo().window(pageTab);
    await driver.wait(async () => (await driver.findElements(By.css('claimlens-mark'))).length === 0, MARK_TIMEOUT);
    assert.deepEqual(await driver.executeScript(() => ({ textBefore: document.body.textContent, htmlBefore: document.body.innerHTML })), before,
      'the DOM is restored node for node');
    await driver.switchTo().window(extensionTab);
    await driver.findElement(By.id('enabled')).click();
    await driver.wait(async () => (await driver.findElement(By.id('enabled')).isSelected()), 10_000);
  });
});

describe('Firefox: the reader\'s own corpus over a real storage limit', () => {
  // Firefox's own limit on temporary storage, in kB (its quota manager reads it at start):
  // the extension's origin gets at most this much. The gazette fits; 700 short articles
  // (about 320 kB compiled, 457 bytes each in corpus format 4) do not.
  const LIMIT_KB = 256;
  let server;
  let driver;

  before(async () => {
    requireBuild(FIREFOX_XPI);
    server = await startServer();
    const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX_PATH).windowSize({ width: 1280, height: 900 });
    for (const [name, value] of Object.entries({
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'dom.quotaManager.temporaryStorage.fixedLimit': LIMIT_KB,
    })) options.setPreference(name, value);
    // --allow-system-access: our own pages are opened from the browser window (chrome context).
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(findGeckodriver()).addArguments('--allow-system-access')).build();
    await driver.installAddon(FIREFOX_XPI, true);
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  /** Opens one of our pages in a new tab, from the browser window, and switches to it. */
  async function openOwnTab(path) {
    driver.setContext(firefox.Context.CHROME);
    try {
      const url = await driver.executeScript('return WebExtensionPolicy.getByID(arguments[0]).getURL(arguments[1])', 'claimlens@claimlens.local', path);
      await driver.executeScript('gBrowser.selectedTab = gBrowser.addTrustedTab(arguments[0])', url);
    } finally {
      driver.setContext(firefox.Context.CONTENT);
    }
    await driver.wait(async () => {
      for (const handle of await driver.getAllWindowHandles()) {
        await driver.switchTo().window(handle);
        if ((await driver.getCurrentUrl()).endsWith(path)) return true;
      }
      return false;
    }, 10_000);
  }

  const text = async (selector) => (await driver.findElement(By.css(selector))).getText();

  async function exportBytes() {
    await driver.findElement(By.id('export')).click();
    await driver.wait(until.elementLocated(By.css('#export-file:not([hidden])')), 10_000);
    return driver.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      fetch(document.getElementById('export-file').href).then((r) => r.arrayBuffer())
        .then((b) => done([...new Uint8Array(b)]), (e) => done(String(e)));`);
  }

  test('an import over the limit is refused, saying how much is needed and free, and the corpus stays as it was', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'claimlens-ff-quota-'));
    try {
      await driver.get(server.origin + ADDED_PAGE);
      await driver.wait(until.elementLocated(By.css('claimlens-mark[data-claim]')), MARK_TIMEOUT);
      await openOwnTab('popup/popup.html'); // acts on the tab used before it
      await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
      await driver.findElement(By.id('add-page')).click();
      await driver.wait(async () => ADDED_STATUS.test(await text('#add-status')), 15_000);

      await openOwnTab('options/options.html');
      await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
      assert.equal(await text('#count'), '1');
      const quota = await driver.executeAsyncScript('navigator.storage.estimate().then(arguments[arguments.length - 1])');
      assert.equal(quota.quota, LIMIT_KB * 1024, 'the limit is the one set');
      const before = await exportBytes();
      assert.ok(Array.isArray(before), `export read back: ${before}`);

      await driver.findElement(By.id('import-files')).sendKeys(manyArticleFiles(join(scratch, 'many'), 700).join('\n'));
      await driver.wait(until.elementLocated(By.css('#import-status[data-error]')), 60_000);
      assert.match(await text('#import-status'),
        /^Nothing was imported\. Not enough storage space for your corpus: this needs about [\d.]+ kB and [\d.]+ kB is free\. Nothing was changed\./);

      await driver.navigate().refresh();
      await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
      assert.equal(await text('#count'), '1');
      assert.equal(await text('#articles .title'), ADDED_TITLE);
      assert.deepEqual(await exportBytes(), before, 'the same corpus, byte for byte');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
