// End-to-end, Firefox: the reader's own corpus (issue 8), as in
// personal-corpus.chromium.test.mjs: add a page from the popup and see a page
// on the same event link to it; export, delete all, import, the same links; an
// import interrupted by closing the options page leaves the corpus as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer } from './server.mjs';
import { FIREFOX_PATH, FIREFOX_XPI, LINKED_MARK, claimIndexContaining, claimSelector, findGeckodriver, requireBuild } from './helpers.mjs';
import { ADDED_PAGE, ADDED_STATUS, ADDED_TITLE, CONFLICTING_CLAIM, SAME_EVENT_PAGE, manyArticleFiles } from './personal-corpus.mjs';

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
    driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
      .setFirefoxService(new firefox.ServiceBuilder(geckodriver)).build();
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
    const files = manyArticleFiles(join(scratch, 'many'), 300);
    // The options page in a tab of its own, closed mid-import.
    await driver.switchTo().window(extensionTab);
    const before = await driver.getAllWindowHandles();
    await driver.executeScript('window.open(arguments[0])', `${extensionBase}options/options.html`);
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > before.length, 5_000);
    const optionsTab = (await driver.getAllWindowHandles()).find((handle) => !before.includes(handle));
    await driver.switchTo().window(optionsTab);
    await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
    await driver.findElement(By.id('import-files')).sendKeys(files.join('\n'));
    await waitText('#import-status', /^Reading \d+ of 300/);
    await driver.close();

    await openOptions();
    assert.equal(await text('#count'), '1');
    assert.equal(await text('#articles .title'), ADDED_TITLE);
    assert.equal(await relationOnSameEventPage(), 'conflicts');

    await openOptions();
    await driver.findElement(By.css('#articles li button')).click();
    await waitText('#count', /^0$/);
    assert.equal(await relationOnSameEventPage(), 'none');
  });
});
