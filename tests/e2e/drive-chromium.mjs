// Driving the extension in Chromium (Playwright), shared by the Chromium test
// files: launching with an extension loaded, and reading and clicking the note.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, LINKED_MARK, MARK_TIMEOUT, claimIndexContaining, claimSelector } from './helpers.mjs';

/**
 * A persistent context (extensions need one) with the unpacked extension in
 * `extensionDir`. With `proxy` (an http://host:port origin), every request the
 * browser makes, loopback included, goes through that proxy.
 */
export function launchWithExtension(profile, extensionDir, { proxy } = {}) {
  const args = [...CHROMIUM_FLAGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`];
  if (proxy) args.push(`--proxy-server=${proxy}`, '--proxy-bypass-list=<-loopback>');
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args,
  });
}

/**
 * The note lives in a closed shadow root, which page scripts (and Playwright's
 * selectors) cannot enter. The DevTools protocol can: DOM.getDocument with
 * `pierce` returns closed shadow roots too, marked with their mode. So the
 * tests read the note as it is, with no test-only hook in the product.
 */
export async function readNote(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Only the note's host is described in full: the whole document would be
    // slow on a page of 100,000 nodes and too deep to encode on a 5,000-deep one.
    const { root: documentNode } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: documentNode.nodeId, selector: 'claimlens-note' });
    const root = nodeId ? (await cdp.send('DOM.describeNode', { nodeId, depth: -1, pierce: true })).node : {};
    const find = (node, predicate) => {
      if (predicate(node)) return node;
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
        const found = find(child, predicate);
        if (found) return found;
      }
      return null;
    };
    const text = (node) => (node.nodeType === 3 ? node.nodeValue
      : node.localName === 'style' ? '' : [...(node.shadowRoots ?? []), ...(node.children ?? [])].map(text).join(' '));
    const host = find(root, (node) => node.localName === 'claimlens-note');
    if (!host) return null;
    const shadow = host.shadowRoots?.[0];
    const button = (label) => shadow && find(shadow, (node) => node.localName === 'button'
      && text(node).trim() === label);
    const all = (node, predicate, found = []) => {
      if (predicate(node)) found.push(node);
      for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) all(child, predicate, found);
      return found;
    };
    const panel = shadow && find(shadow, (node) => node.localName === 'section');
    let panelBox = null;
    if (panel) {
      const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: panel.backendNodeId });
      panelBox = { left: model.border[0], top: model.border[1], right: model.border[4], bottom: model.border[5] };
    }
    return {
      mode: shadow?.shadowRootType,
      panelBox,
      text: shadow ? text(shadow).replace(/\s+/g, ' ') : '',
      /** The words the note marks as differing (its <mark> elements). */
      marked: shadow ? all(shadow, (node) => node.localName === 'mark').map((node) => text(node).trim()) : [],
      /** Clicks a button inside the shadow root where it is drawn, as a reader would. */
      async click(label) {
        const node = button(label);
        assert.ok(node, `note has a "${label}" button`);
        await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendNodeId });
        // The note re-places itself on the next frame after a scroll; measure after that.
        await page.waitForTimeout(100);
        const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId });
        const [x1, y1, , , x3, y3] = model.content;
        await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
      },
      detach: () => cdp.detach(),
    };
  } catch (error) {
    await cdp.detach();
    throw error;
  }
}

/**
 * Scrolls a mark near the top of the window, as a reader would, and clicks
 * inside its first line box (an inline element's bounding-box centre may be off its text).
 */
export async function clickMark(page, locator) {
  const point = await locator.evaluate((mark) => {
    window.scrollBy(0, mark.getBoundingClientRect().top - 120);
    const rect = mark.getClientRects()[0];
    return { x: rect.left + Math.min(12, rect.width / 2), y: rect.top + rect.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
}

/** Opens the note of the claim whose text contains `needle`, by a click. */
export async function openNoteOnClaim(page, needle) {
  // The page is marked in slices, the part in view first: wait for this claim.
  // (Polled from here: waitForFunction would use the page's own timers and
  // MutationObserver, which the hostile-globals fixture breaks.)
  let index = null;
  for (const deadline = Date.now() + MARK_TIMEOUT; index === null && Date.now() < deadline;) {
    index = await page.evaluate(claimIndexContaining, needle);
    if (index === null) await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  assert.ok(index !== null, `a claim contains "${needle}"`);
  await clickMark(page, page.locator(claimSelector(index)));
  // This claim's note, not one still open on another claim: the claim's mark
  // says its note is open (aria-expanded) once the new note is in place.
  await page.waitForSelector(`${claimSelector(index)}[aria-expanded="true"]`, { state: 'attached' });
  return readNote(page);
}

export async function openNoteOnFirstLinkedClaim(page, selector = LINKED_MARK) {
  await page.waitForSelector(LINKED_MARK, { timeout: MARK_TIMEOUT });
  await clickMark(page, page.locator(selector).first());
  await page.waitForSelector('claimlens-note', { state: 'attached' });
  return readNote(page);
}

/**
 * Opens the note of the claim containing `needle`, presses its "Open" and returns the reader
 * tab once its evidence is marked.
 */
export async function openReaderFromNote(context, page, needle) {
  const note = await openNoteOnClaim(page, needle);
  const opened = context.waitForEvent('page');
  await note.click('Open');
  await note.detach();
  const reader = await opened;
  await reader.waitForSelector('mark.evidence', { timeout: MARK_TIMEOUT });
  return reader;
}

/**
 * Waits until the number of marks stops changing: the content script marks in
 * slices, the part of the page in view first, so the first mark is not the last.
 */
export async function waitForMarksToSettle(page, timeoutMs = MARK_TIMEOUT) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const count = await page.locator('claimlens-mark').count();
    if ((count > 0 && count === last) || Date.now() > deadline) return count;
    last = count;
    await new Promise((resolve) => { setTimeout(resolve, 300); });
  }
}
