// Driving the extension in Firefox (Selenium + geckodriver), shared by the
// Firefox test files: starting the browser, and reading and clicking the note.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Builder, By, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { FIREFOX_PATH, FIREFOX_XPI, LINKED_MARK, MARK_TIMEOUT, claimIndexContaining, claimSelector, findGeckodriver } from './helpers.mjs';

/**
 * Headless Firefox ESR; `xpi` is installed as a temporary add-on. With `proxy`
 * ({host, port}), every request, loopback included, goes through that proxy.
 */
export async function startFirefox({ withExtension, xpi = FIREFOX_XPI, proxy } = {}) {
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
    ...(proxy ? {
      'network.proxy.type': 1,
      'network.proxy.http': proxy.host,
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': proxy.host,
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    } : {}),
  })) options.setPreference(name, value);
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(geckodriver)).build();
  if (withExtension) await driver.installAddon(xpi, true);
  return driver;
}

/**
 * The note is in a closed shadow root: page scripts get `shadowRoot === null`.
 * WebDriver's "Get Element Shadow Root" returns the root whatever its mode
 * (geckodriver uses the privileged openOrClosedShadowRoot), so the test reads
 * the note as a user sees it, with no test hook in the product.
 */
export async function readNote(driver) {
  const host = await driver.wait(until.elementLocated(By.css('claimlens-note')), 5_000);
  const root = await host.getShadowRoot();
  const panel = await root.findElement(By.css('section'));
  const marked = await Promise.all((await root.findElements(By.css('mark'))).map((mark) => mark.getText()));
  return { root, panel, marked, text: (await panel.getText()).replace(/\s+/g, ' ') };
}

/** Opens the note of the claim whose text contains `needle`, by a click. */
export async function openNoteOnClaim(driver, needle) {
  // The page is marked in slices, the part in view first: wait for this claim.
  let index = null;
  await driver.wait(async () => (index = await driver.executeScript(claimIndexContaining, needle)) !== null, MARK_TIMEOUT)
    .catch(() => {});
  assert.ok(index !== null, `a claim contains "${needle}"`);
  const mark = await driver.findElement(By.css(claimSelector(index)));
  await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', mark);
  await mark.click();
  return { mark, note: await readNote(driver) };
}

export async function openNoteOnFirstLinkedClaim(driver) {
  const mark = await driver.wait(until.elementLocated(By.css(LINKED_MARK)), MARK_TIMEOUT);
  await driver.executeScript('arguments[0].scrollIntoView({block: "center"})', mark);
  await mark.click();
  return { mark, note: await readNote(driver) };
}

/**
 * Waits until the number of marks stops changing: the content script marks in
 * slices, the part of the page in view first, so the first mark is not the last.
 */
export async function waitForMarksToSettle(driver, timeoutMs = MARK_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const count = (await driver.findElements(By.css('claimlens-mark'))).length;
    if ((count > 0 && count === last) || Date.now() > deadline) return count;
    last = count;
    await driver.sleep(300);
  }
}
