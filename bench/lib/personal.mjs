// The reader's own corpus at scale in the built extension (issue 8): 10,000
// stored articles, then what a restart of the background costs. Headless
// Chromium (playwright-core, dist/chrome) and Firefox ESR (selenium-webdriver,
// geckodriver, dist/claimlens-firefox.xpi); pages served on 127.0.0.1.
//
// The 10,000 articles are the bench's generated corpus (corpora.mjs), put into
// the extension the way a reader would: the options page imports its .clc
// file. Then, several times: the background is stopped (Chromium: DevTools'
// ServiceWorker.stopAllWorkers; Firefox: the add-on manager's own
// terminateBackground, from the browser's chrome context), and a 5k-word
// article page is loaded, which starts it again. Measured:
//
// - from the background's start (its time origin) to the engine answering
//   pages (wasm + bundled corpus + the first personal articles), and to all
//   10,000 personal articles loaded: the background's own clock, read with
//   the `personal.status` request the options page uses for its progress line;
// - the first page after the restart: DOMContentLoaded to the last highlight
//   painted (bench/page/probe.js, as in chromium.mjs);
// - adding one article to the 10,000: the `personal.add-tab` request from an
//   extension page, round trip (the tab's article read by its content script,
//   analysed, indexed and written to IndexedDB), median of several pages.
//
// Nothing here is a test; it prints figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, CHROME_EXTENSION_DIR, FIREFOX_PATH, FIREFOX_XPI, findGeckodriver } from '../../tests/e2e/helpers.mjs';
import { median } from './measure.mjs';

const IMPORT_TIMEOUT_MS = 15 * 60_000;
const LOAD_TIMEOUT_MS = 5 * 60_000;

/** Waits until `probe` (in the page) has marks and then no new batch for `quietMs`. */
async function watchMarks(read, wait, quietMs) {
  for (;;) {
    const before = await read();
    await wait(quietMs);
    const after = await read();
    if (after.marks > 0 && after.batches === before.batches && after.painted !== null) return after;
  }
}

const PROBE_STATE = `return { marks: window.benchProbe?.marks ?? 0, batches: window.benchProbe?.markBatches.length ?? 0,
  painted: window.benchProbe?.lastMarkPaintedAt ?? null, dcl: window.benchProbe?.domContentLoaded ?? null }`;

/** Logs the steps of one background start (engine-host.js, startTimes), in its own clock. */
function logStart(log, status) {
  const t = status?.start;
  if (!t) return;
  const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '–');
  log(`  background start: script ${ms(t.scriptMs)}, wasm read and instantiated ${ms(t.instantiatedMs)}, bundled corpus ${ms(t.bundledMs)}, answering ${ms(status.engineReadyMs)}`);
}

function summariseRestarts(restarts) {
  const pick = (key) => median(restarts.map((r) => r[key]).filter(Number.isFinite));
  return {
    restarts: restarts.length,
    bundledReadyMs: pick('bundledReadyMs'),
    engineReadyMs: pick('engineReadyMs'),
    personalLoadedMs: pick('personalLoadedMs'),
    firstPageMs: pick('firstPageMs'),
    firstPageLinked: restarts.every((r) => r.linked),
  };
}

// --- Chromium ---------------------------------------------------------------------------------

export async function runPersonalChromium(origin, { corpusFile, articles, page5k, addPages, restarts = 3, log = () => {} }) {
  const profile = mkdtempSync(join(tmpdir(), 'claimlens-bench-personal-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${CHROME_EXTENSION_DIR}`, `--load-extension=${CHROME_EXTENSION_DIR}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    const extension = `chrome-extension://${new URL(worker.url()).host}/`;
    const options = await context.newPage();
    await options.goto(`${extension}options/options.html`);
    await options.waitForSelector('body[data-ready]');
    const ask = (message) => options.evaluate((m) => chrome.runtime.sendMessage(m), message);

    log(`Chromium, your corpus: importing ${articles.toLocaleString('en-US')} articles on the options page`);
    let started = performance.now();
    await options.setInputFiles('#import-files', corpusFile);
    await options.waitForFunction(() => /^(Imported|Nothing)/.test(document.getElementById('import-status').textContent), null, { timeout: IMPORT_TIMEOUT_MS, polling: 500 });
    const importStatus = await options.locator('#import-status').textContent();
    if (!importStatus.startsWith('Imported')) throw new Error(`import failed: ${importStatus}`);
    const importMs = performance.now() - started;

    const runs = [];
    for (let i = 0; i < restarts; i += 1) {
      log(`Chromium, your corpus: restart ${i + 1} of ${restarts} (service worker stopped, 5k-word page loaded)`);
      const cdp = await context.newCDPSession(options);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const page = await context.newPage();
      await page.goto(origin + page5k, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.benchProbe?.marks > 0, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
      const seen = await watchMarks(() => page.evaluate(new Function(PROBE_STATE)), (ms) => page.waitForTimeout(ms), 1000);
      const linked = await page.evaluate(() => document.querySelectorAll('claimlens-mark[data-relation]:not([data-relation="none"])').length > 0);
      await page.close();
      let status;
      for (;;) {
        status = await ask({ type: 'personal.status' });
        if (!status?.ok || status.complete) break;
        await options.waitForTimeout(250);
      }
      runs.push({ firstPageMs: seen.painted - seen.dcl, linked, bundledReadyMs: status?.bundledReadyMs, engineReadyMs: status?.engineReadyMs, personalLoadedMs: status?.personalLoadedMs });
      logStart(log, status);
    }
    // The old background had no status request: then a request that needs the
    // whole corpus (the list) says when it is loaded.
    await ask({ type: 'personal.list' });

    log(`Chromium, your corpus: adding ${addPages.length} pages to the ${articles.toLocaleString('en-US')}`);
    const addMs = [];
    for (const path of addPages) {
      const page = await context.newPage();
      await page.goto(origin + path, { waitUntil: 'domcontentloaded' });
      await page.waitForFunction(() => window.benchProbe?.marks > 0, null, { timeout: LOAD_TIMEOUT_MS, polling: 50 });
      const reply = await options.evaluate(async () => {
        // The tab used last before this page (the article just loaded), as the popup finds it:
        // without the "tabs" permission, tabs.query cannot match by URL.
        const self = await chrome.tabs.getCurrent();
        const tab = (await chrome.tabs.query({ currentWindow: true })).filter((t) => t.id !== self.id)
          .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
        const begun = performance.now();
        const answer = await chrome.runtime.sendMessage({ type: 'personal.add-tab', tabId: tab.id });
        return { ms: performance.now() - begun, ok: answer?.ok, error: answer?.error };
      });
      if (!reply.ok) throw new Error(`add ${path}: ${reply.error}`);
      addMs.push(reply.ms);
      await page.close();
    }
    return { browser: 'Chromium', articles, importMs, ...summariseRestarts(runs), runs, addMs: median(addMs), addRuns: addMs };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// --- Firefox ----------------------------------------------------------------------------------

export async function runPersonalFirefox(origin, { corpusFile, articles, page5k, addPages, restarts = 3, log = () => {} }) {
  const { Builder, By, until } = await import('selenium-webdriver');
  const firefox = (await import('selenium-webdriver/firefox.js')).default;
  const options = new firefox.Options().addArguments('-headless').setBinary(FIREFOX_PATH).windowSize({ width: 1280, height: 900 });
  for (const [name, value] of Object.entries({
    'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false, 'network.captive-portal-service.enabled': false,
    // A long import must not be cut by the slow-script dialog.
    'dom.max_script_run_time': 0,
  })) options.setPreference(name, value);
  // --allow-system-access: the chrome context, to stop the background as the browser does when idle.
  const driver = await new Builder().forBrowser('firefox').setFirefoxOptions(options)
    .setFirefoxService(new firefox.ServiceBuilder(findGeckodriver()).addArguments('--allow-system-access')).build();
  const ADDON_ID = 'claimlens@claimlens.local';
  try {
    await driver.installAddon(FIREFOX_XPI, true);
    const chrome = async (script, ...args) => {
      driver.setContext(firefox.Context.CHROME);
      try {
        return await driver.executeScript(script, ...args);
      } finally {
        driver.setContext(firefox.Context.CONTENT);
      }
    };
    // Our options page in a tab of its own (WebDriver may not navigate to moz-extension: URLs).
    const optionsUrl = await chrome(`return WebExtensionPolicy.getByID(arguments[0]).getURL('options/options.html')`, ADDON_ID);
    await chrome('gBrowser.selectedTab = gBrowser.addTrustedTab(arguments[0])', optionsUrl);
    // Tab handles are found by what they show (a tab's handle can change when it first loads).
    let optionsTab = null;
    let pageTab = null;
    await driver.wait(async () => {
      for (const handle of await driver.getAllWindowHandles()) {
        await driver.switchTo().window(handle);
        if ((await driver.getCurrentUrl()).startsWith(optionsUrl)) optionsTab = handle;
        else pageTab = handle;
      }
      return optionsTab !== null && pageTab !== null;
    }, 10_000);
    await driver.switchTo().window(optionsTab);
    await driver.wait(until.elementLocated(By.css('body[data-ready]')), 10_000);
    const ask = async (message) => {
      await driver.switchTo().window(optionsTab);
      return driver.executeAsyncScript('const done = arguments[arguments.length - 1]; browser.runtime.sendMessage(arguments[0]).then(done, (e) => done({ ok: false, error: String(e) }))', message);
    };

    log(`Firefox, your corpus: importing ${articles.toLocaleString('en-US')} articles on the options page`);
    let started = performance.now();
    await driver.findElement(By.id('import-files')).sendKeys(corpusFile);
    await driver.wait(async () => /^(Imported|Nothing)/.test(await driver.findElement(By.id('import-status')).getText()), IMPORT_TIMEOUT_MS, undefined, 500);
    const importStatus = await driver.findElement(By.id('import-status')).getText();
    if (!importStatus.startsWith('Imported')) throw new Error(`import failed: ${importStatus}`);
    const importMs = performance.now() - started;

    const runs = [];
    for (let i = 0; i < restarts; i += 1) {
      log(`Firefox, your corpus: restart ${i + 1} of ${restarts} (background stopped, 5k-word page loaded)`);
      await chrome(`const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        return ExtensionParent.GlobalManager.getExtension(arguments[0]).terminateBackground().then(() => true)`, ADDON_ID);
      await driver.switchTo().window(pageTab);
      await driver.get(origin + page5k);
      await driver.wait(async () => (await driver.executeScript('return window.benchProbe?.marks ?? 0')) > 0, LOAD_TIMEOUT_MS, undefined, 50);
      const seen = await watchMarks(() => driver.executeScript(PROBE_STATE), (ms) => driver.sleep(ms), 1000);
      const linked = await driver.executeScript('return document.querySelectorAll(\'claimlens-mark[data-relation]:not([data-relation="none"])\').length > 0');
      let status;
      for (;;) {
        status = await ask({ type: 'personal.status' });
        if (!status?.ok || status.complete) break;
        await driver.sleep(250);
      }
      runs.push({ firstPageMs: seen.painted - seen.dcl, linked, bundledReadyMs: status?.bundledReadyMs, engineReadyMs: status?.engineReadyMs, personalLoadedMs: status?.personalLoadedMs });
      logStart(log, status);
    }
    await ask({ type: 'personal.list' });

    log(`Firefox, your corpus: adding ${addPages.length} pages to the ${articles.toLocaleString('en-US')}`);
    const addMs = [];
    for (const path of addPages) {
      await driver.switchTo().window(pageTab);
      await driver.get(origin + path);
      await driver.wait(async () => (await driver.executeScript('return window.benchProbe?.marks ?? 0')) > 0, LOAD_TIMEOUT_MS, undefined, 50);
      await driver.switchTo().window(optionsTab);
      const reply = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
        (async () => {
          const self = await browser.tabs.getCurrent();
          const tab = (await browser.tabs.query({ currentWindow: true })).filter((t) => t.id !== self.id)
            .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
          const begun = performance.now();
          const answer = await browser.runtime.sendMessage({ type: 'personal.add-tab', tabId: tab.id });
          return { ms: performance.now() - begun, ok: answer?.ok, error: answer?.error };
        })().then(done, (e) => done({ ok: false, error: String(e) }));`);
      if (!reply.ok) throw new Error(`add ${path}: ${reply.error}`);
      addMs.push(reply.ms);
    }
    return { browser: 'Firefox', articles, importMs, ...summariseRestarts(runs), runs, addMs: median(addMs), addRuns: addMs };
  } finally {
    await driver.quit();
  }
}
