// End-to-end, Chromium: a long page is marked in slices, the part in view
// first, and switching ClaimLens off in the middle of that restores the page
// exactly (issue 6). Shared checks: sliced-marking.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { CHROME_EXTENSION_DIR, MARK_TIMEOUT, requireBuild } from './helpers.mjs';
import { launchWithExtension } from './drive-chromium.mjs';
import {
  LONG_PAGE, assertComplete, assertRestored, assertSlicedVisibleFirst, busyLongPage, firstSliceIn, marksSettled,
  noMarks, pageNowAndBefore, sliceFacts,
} from './sliced-marking.mjs';

describe('Chromium: a long page, marked in slices', () => {
  let server;
  let context;
  let profile;
  let fullCount = 0;

  before(async () => {
    requireBuild(join(CHROME_EXTENSION_DIR, 'manifest.json'));
    server = await startServer();
    profile = mkdtempSync(join(tmpdir(), 'claimlens-sliced-'));
    context = await launchWithExtension(profile, CHROME_EXTENSION_DIR);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** What the popup's switch sends, sent to the active tab (brought to front first) from the service worker. */
  async function setEnabled(enabled) {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    return worker.evaluate(async (on) => {
      const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
      return chrome.tabs.sendMessage(tab.id, { type: 'set-enabled', enabled: on });
    }, enabled);
  }

  test('the marks in the window come first, then the rest of the page, all of it in the end', async (t) => {
    const page = await context.newPage();
    try {
      await page.goto(server.origin + LONG_PAGE);
      await page.waitForFunction(marksSettled, null, { timeout: MARK_TIMEOUT, polling: 100 });
      const facts = await page.evaluate(sliceFacts);
      fullCount = facts.marks;
      assertSlicedVisibleFirst(t, facts);
    } finally {
      await page.close();
    }
  });

  test('switched off while it is being marked: the page is restored exactly; on again, all of it is marked', async (t) => {
    assert.ok(fullCount > 0, 'the first test counted the marks');
    const page = await context.newPage();
    try {
      await page.bringToFront(); // the tab the message goes to
      await page.goto(server.origin + busyLongPage(200));
      // The first slice (the part in view) is in; the rest is still to come.
      await page.waitForFunction(firstSliceIn, null, { timeout: MARK_TIMEOUT, polling: 10 });
      const reply = await setEnabled(false);
      assert.equal(reply.enabled, false);
      const state = await page.evaluate(pageNowAndBefore);
      assertRestored(t, state, state.added, fullCount);
      // No slice still queued adds anything afterwards.
      await page.waitForTimeout(1_000);
      assert.ok(await page.evaluate(noMarks), 'still no marks a second later');

      const on = await setEnabled(true);
      assert.equal(on.enabled, true);
      await page.waitForFunction(marksSettled, null, { timeout: MARK_TIMEOUT, polling: 100 });
      const facts = await page.evaluate(sliceFacts);
      assertComplete(facts);
      assert.equal(facts.marks, fullCount, 'as many marks as a marking left alone');
    } finally {
      await setEnabled(true).catch(() => {});
      await page.close();
    }
  });
});
