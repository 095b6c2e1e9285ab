// Decides which element of a page holds the article, so that only the article
// is read and marked: not the navigation, the "Related" rail, the comments or
// the footer.
//
// The method is Mozilla Readability's (Readability.js, `_grabArticle`), cut
// down to what a content script can afford on a live page: score every
// paragraph by its length and commas, hand the score to its parent and
// grandparent, weigh containers by class/id words, discount link-heavy ones,
// and take the best. We do not run Readability itself: it rewrites a clone of
// the document and returns new nodes, while we must mark the page's own Text
// nodes in place. What we keep is its scoring, so its tuning carries over.
//
// Used by: main.js (extension) and the dynamic-page observer in session.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  // Readability's class/id word lists (REGEXPS.positive / negative), shortened.
  const POSITIVE = /article|body|content|entry|main|news|page|post|story|text|blog/i;
  const NEGATIVE = /-ad-|banner|combx|comment|related|recommend|promo|sidebar|sponsor|share|social|footer|footnote|masthead|menu|nav|outbrain|taboola|widget|popular|trending|newsletter|subscribe/i;
  // Readability counts paragraphs shorter than this as noise.
  const MIN_PARAGRAPH_CHARS = 25;
  // The <article>/<main> around the best candidate is taken instead when the
  // candidate holds at least this share of its paragraph text (news templates
  // often put the headline, byline and dateline outside the scored container).
  const SEMANTIC_SHARE = 0.6;
  const PARAGRAPHS = 'p, pre, td, blockquote, li, div > br';

  function classWeight(element) {
    let weight = 0;
    for (const name of [element.className, element.id]) {
      if (typeof name !== 'string' || name === '') continue;
      if (NEGATIVE.test(name)) weight -= 25;
      if (POSITIVE.test(name)) weight += 25;
    }
    return weight;
  }

  function linkDensity(element) {
    const length = element.textContent.length;
    if (length === 0) return 0;
    let linked = 0;
    for (const link of element.querySelectorAll('a')) linked += link.textContent.length;
    return linked / length;
  }

  /**
   * Paragraph text under `element` that counts as prose (for comparing
   * candidates). `lengths` holds the trimmed lengths already measured while
   * scoring, so the page's text is not read a second and third time.
   */
  function proseLength(element, lengths) {
    let total = 0;
    for (const paragraph of element.querySelectorAll('p')) {
      const length = lengths.get(paragraph) ?? paragraph.textContent.trim().length;
      if (length >= MIN_PARAGRAPH_CHARS) total += length;
    }
    return total;
  }

  function countCommas(text) {
    let count = 0;
    for (let at = text.indexOf(','); at !== -1; at = text.indexOf(',', at + 1)) count += 1;
    return count;
  }

  /**
   * The element whose text is the article, or `doc.body` when no container
   * stands out (a short page, or prose spread over the whole body).
   */
  function findArticleRoot(doc = document) {
    const body = doc.body;
    if (!body) return null;
    const scores = new Map();
    const lengths = new Map(); // <p> -> its trimmed text length
    const addScore = (element, amount) => {
      if (!element || element === doc.documentElement) return;
      if (!scores.has(element)) scores.set(element, classWeight(element));
      scores.set(element, scores.get(element) + amount);
    };

    for (const node of body.querySelectorAll(PARAGRAPHS)) {
      const paragraph = node.localName === 'br' ? node.parentElement : node;
      const text = paragraph.textContent.trim();
      if (paragraph.localName === 'p') lengths.set(paragraph, text.length);
      if (text.length < MIN_PARAGRAPH_CHARS) continue;
      if (paragraph.closest('nav, footer, aside, form, [role="navigation"], [aria-hidden="true"]')) continue;
      // Readability: one point, one per comma, one per 100 characters (at most 3).
      const score = 1 + countCommas(text) + Math.min(Math.floor(text.length / 100), 3);
      addScore(paragraph.parentElement, score);
      addScore(paragraph.parentElement?.parentElement, score / 2);
    }

    // The best final score (score × (1 − link density)); on a tie, the
    // candidate scored first. Link density reads all of a candidate's text,
    // and the top candidates hold the whole article, so it is measured only
    // where it can matter: highest scores first, skipping any whose score is
    // below the best final one (a final score is never above a positive score).
    const candidates = [...scores].map(([element, score], order) => ({ element, score, order }))
      .sort((a, b) => b.score - a.score || a.order - b.order);
    let best = null;
    let bestScore = 0;
    let bestOrder = Infinity;
    for (const { element, score, order } of candidates) {
      // (A score at or below zero can only win with a link density over 1,
      // which nested links can make: those few are measured anyway.)
      if (score > 0 && (score < bestScore || (score === bestScore && order > bestOrder))) continue;
      const final = score * (1 - linkDensity(element));
      if (final > bestScore || (final === bestScore && final > 0 && order < bestOrder)) {
        best = element;
        bestScore = final;
        bestOrder = order;
      }
    }
    if (!best) return body;

    // Prefer the semantic container around the winner, so the headline,
    // byline and dateline are read with the body (the engine needs the
    // dateline to place the story, and skips headlines by itself).
    const semantic = best.closest('article, [itemprop="articleBody"], main, [role="main"]');
    if (semantic && semantic !== body && proseLength(best, lengths) >= proseLength(semantic, lengths) * SEMANTIC_SHARE) {
      return semantic;
    }
    return best === body ? body : best;
  }

  ClaimLens.findArticleRoot = findArticleRoot;
})();
