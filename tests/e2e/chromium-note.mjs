// Reading ClaimLens notes in Chromium, shared by the Chromium test files.
import assert from 'node:assert/strict';

/**
 * The note lives in a closed shadow root, which page scripts (and Playwright's
 * selectors) cannot enter. The DevTools protocol can: DOM.getDocument with
 * `pierce` returns closed shadow roots too, marked with their mode. So the
 * tests read the note as it is, with no test-only hook in the product.
 */
export async function readNote(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
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
