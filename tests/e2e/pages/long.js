// Fixture script of long.html, run by the page itself while it is parsed: makes
// the article twelve parts long (enough for the marking to take many slices),
// scrolls to the middle of it, as a reader coming back to a long read would
// be, and keeps its own books of the marks the content script adds:
//   claimlensFixture  the body's text and markup before any mark (as capture.js)
//   longPage.batches  how many times marks were added (one per slice), and
//                     when the last of them came (lastBatchAt)
//   each mark's expando `__batch`: the batch that added it (page world only)
// With `?busy=N` in the URL the page also works for N ms each time marks are
// added (as a page reacting to DOM changes might), so that the marking lasts
// long enough for a test to switch ClaimLens off in the middle of it.
(() => {
  const BUSY_MS = Number(new URLSearchParams(location.search).get('busy')) || 0;
  const PARTS = 12;
  const first = document.getElementById('part-1');
  for (let part = 2; part <= PARTS; part += 1) {
    const copy = first.cloneNode(true);
    copy.id = `part-${part}`;
    copy.querySelector('h2').textContent = `Part ${part}`;
    first.parentNode.appendChild(copy);
  }
  document.getElementById(`part-${PARTS / 2}`).scrollIntoView({ block: 'start' });

  // At DOMContentLoaded (the body is complete; the content script's own
  // listener on window runs after this one on document).
  document.addEventListener('DOMContentLoaded', () => {
    window.claimlensFixture = {
      textBefore: document.body.textContent,
      htmlBefore: document.body.innerHTML,
    };
  });
  const longPage = { batches: 0, lastBatchAt: null, added: 0 };
  window.longPage = longPage;
  new MutationObserver((records) => {
    let batch = null;
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeName !== 'CLAIMLENS-MARK') continue;
        if (batch === null) {
          longPage.batches += 1;
          longPage.lastBatchAt = performance.now();
          longPage.firstBatchAt ??= longPage.lastBatchAt;
          batch = longPage.batches;
        }
        node.__batch = batch;
        longPage.added += 1;
      }
    }
    if (batch !== null && BUSY_MS > 0) {
      const until = performance.now() + BUSY_MS;
      while (performance.now() < until) { /* the page's own work */ }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
