// A cheap test of whether a page is worth annotating without being asked: a
// news article has an <article>, says so in its metadata, or at least has
// several paragraphs of prose. Search pages, web apps and mail stay untouched
// unless the reader clicks the toolbar button.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  const MIN_PARAGRAPHS = 3;
  const MIN_PARAGRAPH_LENGTH = 80; // characters: shorter <p>s are captions, teasers, UI

  ClaimLens.looksLikeArticle = (doc = document) => {
    if (doc.querySelector('article')) return true;
    const type = doc.querySelector('meta[property="og:type"]')?.getAttribute('content');
    if (type === 'article') return true;
    let paragraphs = 0;
    for (const paragraph of doc.querySelectorAll('p')) {
      if (paragraph.textContent.trim().length >= MIN_PARAGRAPH_LENGTH) paragraphs += 1;
      if (paragraphs >= MIN_PARAGRAPHS) return true;
    }
    return false;
  };
})();
