// Reads what a page says about itself, for "Add this page": title, outlet
// (site name), canonical URL and publication date. Publishers say it in
// several places; the most explicit wins: JSON-LD (schema.org NewsArticle),
// then Open Graph and article meta tags, then <time>, then a dateline in the
// text, and last the document title and the host name.
//
// Used by: main.js (the live page) and options/ (HTML files imported, parsed
// with DOMParser, so `doc` is never assumed to be the window's document).
(() => {
  const ClaimLens = globalThis.ClaimLens;

  const ARTICLE_TYPES = /^(NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BlogPosting|WebPage)$/;
  const ISO_DAY = /^\s*(\d{4}-\d{2}-\d{2})/;
  const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
    'october', 'november', 'december'];
  // "March 2, 2024" or "2 March 2024" near the start of the article: a dateline.
  const DATELINE = /\b(?:(\d{1,2})\s+([A-Z][a-z]+)|([A-Z][a-z]+)\.?\s+(\d{1,2}),?)\s+(\d{4})\b/;
  const MAX_FIELD = 500; // characters kept of a title or outlet name

  const clean = (value) => (typeof value === 'string' && value.trim() ? value.trim().replace(/\s+/g, ' ').slice(0, MAX_FIELD) : undefined);
  const day = (value) => (typeof value === 'string' ? ISO_DAY.exec(value)?.[1] : undefined);
  const meta = (doc, selector) => clean(doc.querySelector(selector)?.getAttribute('content'));

  /** The first schema.org article object in the page's JSON-LD blocks. */
  function jsonLdArticle(doc) {
    for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
      let data;
      try {
        data = JSON.parse(script.textContent);
      } catch {
        continue; // broken JSON-LD is common; the other sources remain
      }
      const queue = Array.isArray(data) ? [...data] : [data];
      while (queue.length) {
        const item = queue.shift();
        if (!item || typeof item !== 'object') continue;
        if (Array.isArray(item['@graph'])) queue.push(...item['@graph']);
        const types = [].concat(item['@type'] ?? []);
        if (types.some((t) => ARTICLE_TYPES.test(String(t))) && (item.headline || item.datePublished)) return item;
      }
    }
    return null;
  }

  function datelineDay(text) {
    const match = DATELINE.exec(text.slice(0, 400));
    if (!match) return undefined;
    const [, d1, m1, m2, d2, year] = match;
    const month = MONTHS.indexOf((m1 ?? m2).toLowerCase());
    if (month < 0) return undefined;
    const dayOfMonth = Number(d1 ?? d2);
    if (dayOfMonth < 1 || dayOfMonth > 31) return undefined;
    return `${year}-${String(month + 1).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
  }

  function hostOf(url) {
    try {
      const { hostname } = new URL(url);
      return hostname.replace(/^www\./, '') || undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * @param {Document} doc
   * @param {{url?: string, root?: Element}} context the page's address (a parsed
   *   file has none) and the article element, for the dateline and headline
   * @returns {{title?: string, outlet?: string, url?: string, published?: string}}
   */
  ClaimLens.pageMetadata = (doc = document, context = {}) => {
    const ld = jsonLdArticle(doc);
    const publisher = ld?.publisher;
    const ldUrl = typeof ld?.mainEntityOfPage === 'string' ? ld.mainEntityOfPage : ld?.mainEntityOfPage?.['@id'] ?? ld?.url;
    const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
    const url = [context.url, meta(doc, 'meta[property="og:url"]'), canonical, ldUrl]
      .map(clean).find((candidate) => candidate && /^https?:\/\//.test(candidate));
    const root = context.root ?? doc.querySelector('article') ?? doc.body;
    const title = clean(ld?.headline) ?? meta(doc, 'meta[property="og:title"]')
      ?? clean(root?.querySelector('h1')?.textContent) ?? clean(doc.querySelector('h1')?.textContent) ?? clean(doc.title);
    const outlet = clean(typeof publisher === 'string' ? publisher : publisher?.name)
      ?? meta(doc, 'meta[property="og:site_name"]') ?? meta(doc, 'meta[name="application-name"]') ?? hostOf(url);
    const published = day(ld?.datePublished) ?? day(meta(doc, 'meta[property="article:published_time"]'))
      ?? ClaimLens.pageDate?.(doc) ?? day(doc.querySelector('time[datetime]')?.getAttribute('datetime'))
      ?? datelineDay(root?.textContent ?? '');
    return { title, outlet, url: url?.replace(/#.*$/, ''), published };
  };
})();
