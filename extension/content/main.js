// Wiring of the extension's content script (extension only; the demo page
// wires the same parts itself in www/demo.js): annotate article pages once the
// page has loaded, and show or hide highlights when the toolbar button asks.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const webext = globalThis.browser ?? globalThis.chrome;
  if (ClaimLens.started) return; // the files can be injected twice into one page
  ClaimLens.started = true;

  const annotatePage = () =>
    ClaimLens.annotate(document.body, ClaimLens.askEngine, { published: ClaimLens.pageDate() })
      .catch((error) => console.warn('ClaimLens could not annotate this page:', error));

  webext.runtime.onMessage.addListener((message) => {
    if (message?.type !== 'toggle') return;
    if (ClaimLens.isActive()) ClaimLens.remove();
    else annotatePage();
  });

  if (ClaimLens.looksLikeArticle()) annotatePage();
})();
