// Finds the page's own publication date, which the engine uses to resolve
// relative dates ("on Wednesday") in the text. Publishers put it in several
// well-known places; the first that holds an ISO date wins.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  const DATE_SOURCES = [
    ['meta[property="article:published_time"]', 'content'],
    ['meta[itemprop="datePublished"]', 'content'],
    ['meta[name="date"]', 'content'],
    ['meta[name="dc.date"], meta[name="DC.date"]', 'content'],
    ['article time[datetime], time[datetime]', 'datetime'],
  ];
  const ISO_DAY = /^\s*(\d{4}-\d{2}-\d{2})/;

  /** @returns {string|undefined} YYYY-MM-DD */
  ClaimLens.pageDate = (doc = document) => {
    for (const [selector, attribute] of DATE_SOURCES) {
      const match = ISO_DAY.exec(doc.querySelector(selector)?.getAttribute(attribute) ?? '');
      if (match) return match[1];
    }
    return undefined;
  };
})();
