// End-to-end: the packaged extension and the demo page in real headless
// Firefox ESR, driven by Selenium through geckodriver (both from Debian and
// crates.io; Selenium is told where the driver is, so it downloads nothing).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Builder, By, Key, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer } from './server.mjs';
import {
  ARTIFACTS, DIST, FIREFOX_PATH, FIREFOX_XPI, LINKED_MARK, findGeckodriver, namesCorpusArticle, requireBuild,
} from './helpers.mjs';

const MARK_TIMEOUT = 20_000;

async function startFirefox({ withExtension }) {
  const geckodriver = findGeckodriver();
  assert.ok(existsSync(geckodriver), `geckodriver not found at ${geckodriver} (set $GECKODRIVER)`);
  const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX_PATH)
    .windowSize({ width: 1280, height: 900 });
  // Keep the browser off the network: no updates, telemetry or remote settings.
  for (const [name, value] of Object.entries({
    'app.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false,
    'network.captive-portal-service.enabled': false,
  })) options.setPreference(name, value);
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(geckodriver)).build();
  if (withExtension) await driver.installAddon(FIREFOX_XPI, true);
  return driver;
}

/**
 * The note is in a closed shadow root: page scripts get `shadowRoot === null`.
 * WebDriver's "Get Element Shadow Root" returns the root whatever its mode
 * (geckodriver uses the privileged openOrClosedShadowRoot), so the test reads
 * the note as a user sees it, with no test hook in the product.
 */
async function readNote(driver) {
  const host = await driver.wait(until.elementLocated(By.css('claimlens-note')), 5_000);
  const root = await host.getShadowRoot();
  const panel = await root.findElement(By.css('section'));
  return { root, panel, text: (await panel.getText()).replace(/\s+/g, ' ') };
}

async function openNoteOnFirstLinkedClaim(driver) {
  const mark = await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
  await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', mark);
  await mark.click();
  return { mark, note: await readNote(driver) };
}

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

  test('shows seed 004, marks its claims and opens a note naming another article', async () => {
    await driver.get(`${server.origin}/www/`);
    await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
    const picker = await driver.findElement(By.id('article-picker'));
    assert.equal(await picker.getAttribute('value'), '004_1a4cdf3276350bea');
    const { note } = await openNoteOnFirstLinkedClaim(driver);
    assert.ok(namesCorpusArticle(note.text), `note names a corpus article: ${note.text}`);
    assert.ok(!note.text.includes('004_1a4cdf3276350bea'));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'demo-note-firefox.png'), await driver.takeScreenshot(), 'base64');
  });
});
