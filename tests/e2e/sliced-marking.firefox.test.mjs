// End-to-end, Firefox: a long page is marked in slices, the part in view
// first, and switching ClaimLens off in the popup in the middle of that
// restores the page exactly (issue 6). Shared checks: sliced-marking.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { By, until } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import { FIREFOX_XPI, MARK_TIMEOUT, requireBuild } from './helpers.mjs';
import { openNoteOnFirstLinkedClaim, startFirefox } from './drive-firefox.mjs';
import {
  LONG_PAGE, assertComplete, assertRestored, assertSlicedVisibleFirst, busyLongPage, firstSliceIn, marksSettled,
  noMarks, pageNowAndBefore, sliceFacts,
} from './sliced-marking.mjs';

describe('Firefox: a long page, marked in slices', () => {
  let server;
  let driver;
  let fullCount = 0;

  before(async () => {
    requireBuild(FIREFOX_XPI);
    server = await startServer();
    driver = await startFirefox({ withExtension: true });
  });

  after(async () => {
    await driver?.quit();
    await server?.close();
  });

  const settled = () => driver.wait(async () => driver.executeScript(marksSettled), MARK_TIMEOUT, 'the marking settles', 100);

  test('the marks in the window come first, then the rest of the page, all of it in the end', async (t) => {
    await driver.get(server.origin + LONG_PAGE);
    await settled();
    const facts = await driver.executeScript(sliceFacts);
    fullCount = facts.marks;
    assertSlicedVisibleFirst(t, facts);
  });

  test('switched off in the popup while it is being marked: the page is restored exactly; on again, all of it is marked', async (t) => {
    assert.ok(fullCount > 0, 'the first test counted the marks');
    // The popup, opened as a tab of its own, acts on the tab used just before
    // it. WebDriver may not open moz-extension: URLs, but the reader page
    // (opened from a note) may, so the popup is reached from there.
    await driver.get(server.origin + LONG_PAGE);
    const articleTab = await driver.getWindowHandle();
    const { note } = await openNoteOnFirstLinkedClaim(driver);
    const tabsBefore = await driver.getAllWindowHandles();
    await (await note.root.findElement(By.css('button.open'))).click();
    await driver.wait(async () => (await driver.getAllWindowHandles()).length > tabsBefore.length, 5_000);
    const popupTab = (await driver.getAllWindowHandles()).find((handle) => !tabsBefore.includes(handle));
    await driver.switchTo().window(popupTab);
    await driver.wait(until.urlContains('/reader/reader.html'), 5_000);
    const popupUrl = new URL('../popup/popup.html', await driver.getCurrentUrl()).href;
    await driver.executeScript('location.href = arguments[0]', popupUrl);
    await driver.wait(until.elementLocated(By.css('#controls:not([hidden])')), 10_000);
    const checkbox = await driver.findElement(By.id('enabled'));
    assert.equal(await checkbox.isSelected(), true);
    // The popup stays open on that tab, which now loads the busy long page;
    // once its first slice is in, the popup's switch goes off.
    await driver.switchTo().window(articleTab);
    await driver.get(server.origin + busyLongPage(300));
    await driver.wait(async () => driver.executeScript(firstSliceIn), MARK_TIMEOUT, 'the first slice', 10);
    await driver.switchTo().window(popupTab);
    await checkbox.click();
    await driver.wait(async () => !(await checkbox.isSelected()) && (await checkbox.isEnabled()), 10_000);

    await driver.switchTo().window(articleTab);
    await driver.wait(async () => driver.executeScript(noMarks), 10_000, 'the marks are removed');
    const state = await driver.executeScript(pageNowAndBefore);
    assertRestored(t, state, state.added, fullCount);
    // No slice still queued adds anything afterwards.
    await driver.sleep(1_000);
    assert.ok(await driver.executeScript(noMarks), 'still no marks a second later');

    await driver.switchTo().window(popupTab);
    await checkbox.click();
    await driver.wait(async () => (await checkbox.isSelected()) && (await checkbox.isEnabled()), 10_000);
    await driver.close();
    await driver.switchTo().window(articleTab);
    await settled();
    const facts = await driver.executeScript(sliceFacts);
    assertComplete(facts);
    assert.equal(facts.marks, fullCount, 'as many marks as a marking left alone');
  });
});
