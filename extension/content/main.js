// Wiring of the extension's content script (extension only; the demo page
// wires the same parts itself in www/demo.js): find the article, annotate it
// once the page has loaded unless the reader switched this site off, follow
// content that arrives later, and answer the toolbar popup (and hand the
// background the article when the reader adds the page to their corpus).
//
// The manifest injects the content script at document_start, so that the
// waits that do not depend on the page overlap its loading: the on/off
// setting is read, and the background is woken to build its engine as soon as
// the page shows it is an article. The text is read at DOMContentLoaded.
//
// The on/off choice is remembered per origin in storage.local (the one
// permission the extension asks for), under `off:<origin>`.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const webext = globalThis.browser ?? globalThis.chrome;
  if (ClaimLens.started) return; // the files can be injected twice into one page
  ClaimLens.started = true;

  const siteKey = `off:${location.origin}`;
  let pending = null; // the annotation in progress, so the popup can wait for it

  const openArticle = (link) => {
    webext.runtime.sendMessage({
      type: 'open-article', id: link.article, start: link.evidence_start, end: link.evidence_end,
    }).catch(() => {});
  };

  const annotatePage = () => {
    const root = ClaimLens.findArticleRoot() ?? document.body;
    pending = ClaimLens.annotate(root, ClaimLens.askEngine, { published: ClaimLens.pageDate() }, {
      watch: true,
      findRoot: () => ClaimLens.findArticleRoot() ?? document.body,
      openArticle,
    })
      .catch((error) => console.warn('ClaimLens could not annotate this page:', error))
      .finally(() => { pending = null; });
    return pending;
  };

  /** The article part of the page and what the page says about it, for "Add this page". */
  function pageArticle() {
    const root = ClaimLens.findArticleRoot() ?? document.body;
    const { text } = ClaimLens.collectText(root);
    return { article: { text, ...ClaimLens.pageMetadata(document, { url: location.href, root }) } };
  }

  /**
   * The background's corpus is now `version` (its articles finished loading,
   * or the reader added, deleted or imported some): if this page's links were
   * made with another, it reads the page again (session.reread).
   */
  async function corpusChanged(version) {
    if (pending) await pending.catch(() => {});
    const session = ClaimLens.currentSession();
    if (session && session.result?.corpus !== version) session.reread();
  }

  async function siteEnabled() {
    try {
      const stored = await webext.storage.local.get(siteKey);
      return stored[siteKey] !== true;
    } catch {
      return true; // storage unavailable: behave as on
    }
  }

  async function status() {
    if (pending) await pending;
    const session = ClaimLens.currentSession();
    return {
      origin: location.origin,
      enabled: await siteEnabled(),
      active: session !== null,
      looksLikeArticle: ClaimLens.looksLikeArticle(),
      ...(session ? session.status() : { claims: 0, corroborated: 0, conflicting: 0, conflicts: [] }),
    };
  }

  async function setEnabled(enabled) {
    if (enabled) await webext.storage.local.remove(siteKey);
    else await webext.storage.local.set({ [siteKey]: true });
    if (!enabled) ClaimLens.remove();
    else if (!ClaimLens.isActive()) await annotatePage();
    return status();
  }

  webext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== webext.runtime.id) return false;
    let reply;
    if (message?.type === 'status') reply = status();
    else if (message?.type === 'set-enabled' && typeof message.enabled === 'boolean') reply = setEnabled(message.enabled);
    else if (message?.type === 'jump' && Number.isInteger(message.claim)) {
      reply = Promise.resolve({ jumped: ClaimLens.currentSession()?.jumpTo(message.claim) ?? false });
    } else if (message?.type === 'page-article') {
      reply = Promise.resolve(pageArticle());
    } else if (message?.type === 'corpus-changed' && typeof message.corpus === 'string') {
      corpusChanged(message.corpus);
      return false; // nothing to answer
    } else return false;
    reply.then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
    return true;
  });

  const enabled = siteEnabled(); // read while the page is still loading

  /**
   * While the page is parsed: at the first sign that it is an article (its
   * Open Graph type, or an <article> element; looksLikeArticle decides for
   * real once the page is parsed), ask the background to get the engine ready.
   * On a page fetched over a network that is long before DOMContentLoaded.
   */
  function prepareWhenArticle() {
    const isSign = (node) => node.localName === 'article'
      || (node.localName === 'meta' && node.getAttribute('property') === 'og:type' && node.getAttribute('content') === 'article');
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== Node.ELEMENT_NODE || !isSign(node)) continue;
          observer.disconnect();
          enabled.then((on) => { if (on) ClaimLens.prepareEngine(); });
          return;
        }
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => observer.disconnect(), { once: true });
  }

  async function start() {
    if (!(await enabled)) return;
    if (ClaimLens.looksLikeArticle()) annotatePage();
  }

  if (document.readyState === 'loading') {
    prepareWhenArticle();
    // On window, so after the page's own handlers on document (which may still
    // build the article) and before the first frame: the engine then runs in
    // the background while the page is laid out and painted. (The text is read
    // in the same task; a yield first would wait for that frame.)
    window.addEventListener('DOMContentLoaded', start, { once: true });
  } else {
    start();
  }
})();
