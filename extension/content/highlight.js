// Wraps spans of the collected text in <claimlens-mark> elements, and undoes
// that exactly.
//
// Why a custom element: page CSS such as `a span { display: none }` or
// `mark { background: none }` cannot match a tag name the page has never heard of.
//
// Invariant: the page's text never changes. A span that crosses element
// boundaries becomes one mark per Text node piece; pieces are made with
// Text.splitText, and undo() glues exactly those pieces back together, so
// `textContent` (and the node structure the page had) is restored.
//
// The page keeps writing to its own Text nodes (renderers such as React hold a
// reference to a Text node and set its data). After a split, such a write lands
// on the first piece only, and the rest of the old text would stay on screen
// in the pieces after it. release() gives such a node back at once: its marks
// are unwrapped and, since the page has rewritten the whole node, the stale
// pieces are dropped rather than glued back.
//
// Used by: session.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const MARK_TAG = 'claimlens-mark';
  // Most marks one reading places. Each costs a split and an insertion in one
  // task the page waits for (~10-40 µs); a long article needs a few hundred.
  // A page of 100,000 one-word Text nodes asked for 39,000 and froze for 1.5 s.
  // Spans past the limit (the end of the page, in reading order) stay unmarked.
  const MAX_MARKS = 3_000;

  /** Index of the last entry in the sorted `starts` that is <= offset, or -1. */
  function lastStartAtOrBefore(starts, offset) {
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (starts[middle] <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /**
   * @param {{nodes: Text[], starts: number[], data: string[]}} collected from collectText();
   *   a node the page has removed or rewritten since is left alone
   * @param {{start: number, end: number}[]} spans sorted, non-overlapping
   * @param {(mark: HTMLElement, spanIndex: number, isFirstPiece: boolean) => void} decorate
   * @returns {{marksBySpan: HTMLElement[][], undo: () => void,
   *   release: (node: Text) => HTMLElement[]}} `release` gives one Text node
   *   (collected, or a piece of one) back to the page and returns the marks it removed
   */
  function highlightSpans(collected, spans, decorate) {
    const { nodes, starts } = collected;
    // Lengths as collected: the Text objects shrink as we split them.
    const lengths = nodes.map((node) => node.length);
    const originOf = new Map(); // Text made by splitText -> the collected Text it came from
    const restsOf = new Map(); // collected Text -> the pieces split off it
    const markOf = new Map(); // piece (a collected Text or a rest) -> the mark around it
    const expected = new Map(); // split collected Text -> its data after our splits
    const marksBySpan = spans.map(() => []);
    const allMarks = new Set();

    const split = (node, offset) => {
      const rest = node.splitText(offset);
      const origin = originOf.get(node) ?? node;
      originOf.set(rest, origin);
      if (!restsOf.has(origin)) restsOf.set(origin, []);
      restsOf.get(origin).push(rest);
      return rest;
    };
    // The page changed this node between collection and now (the engine ran
    // in between): its offsets no longer hold.
    const unchanged = new Map();
    const isUnchanged = (i) => {
      if (!unchanged.has(i)) unchanged.set(i, nodes[i].parentNode !== null && nodes[i].data === collected.data[i]);
      return unchanged.get(i);
    };

    // How many spans fit in MAX_MARKS, in reading order: a span makes one mark
    // per collected Text node it touches.
    let kept = 0;
    for (let marks = 0; kept < spans.length; kept += 1) {
      const { start, end } = spans[kept];
      if (end > start) marks += lastStartAtOrBefore(starts, end - 1) - lastStartAtOrBefore(starts, start) + 1;
      if (marks > MAX_MARKS) break;
    }

    // Right to left: splitting a node keeps its left part in the original Text
    // object, so every span still to do (further left) finds its text in the
    // collected node at its collected offset.
    for (let spanIndex = kept - 1; spanIndex >= 0; spanIndex -= 1) {
      const { start, end } = spans[spanIndex];
      if (!(end > start)) continue;
      const pieces = [];
      for (let i = lastStartAtOrBefore(starts, end - 1); i >= 0; i -= 1) {
        const nodeStart = starts[i];
        const nodeEnd = nodeStart + lengths[i];
        if (nodeEnd <= start) break;
        const localStart = Math.max(start, nodeStart) - nodeStart;
        const localEnd = Math.min(end, nodeEnd) - nodeStart;
        if (localEnd <= localStart) continue;
        const node = nodes[i];
        if (!isUnchanged(i)) continue;
        if (localEnd < node.length) split(node, localEnd);
        const piece = localStart > 0 ? split(node, localStart) : node;
        const mark = document.createElement(MARK_TAG);
        piece.parentNode.insertBefore(mark, piece);
        mark.appendChild(piece);
        markOf.set(piece, mark);
        pieces.unshift(mark);
      }
      pieces.forEach((mark, index) => decorate(mark, spanIndex, index === 0));
      marksBySpan[spanIndex] = pieces;
      for (const mark of pieces) allMarks.add(mark);
    }
    for (const origin of restsOf.keys()) expected.set(origin, origin.data);

    const unwrap = (mark) => {
      allMarks.delete(mark);
      const parent = mark.parentNode;
      if (!parent) return;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      mark.remove();
    };

    /** Unwraps the marks of one collected Text node and puts its pieces back together. */
    const restore = (origin) => {
      const rests = restsOf.get(origin) ?? [];
      const removed = [];
      for (const piece of [origin, ...rests]) {
        const mark = markOf.get(piece);
        if (mark && allMarks.has(mark)) {
          removed.push(mark);
          unwrap(mark);
        }
        markOf.delete(piece);
      }
      if (origin.data !== expected.get(origin) && rests.length > 0) {
        // The page rewrote the node: it now holds all of the page's text, and
        // the pieces we split off it hold old text the page no longer has.
        for (const rest of rests) rest.remove();
      } else {
        // Glue the pieces back. This touches only Text nodes we made;
        // Node.normalize() would also merge adjacent text nodes the page made
        // on purpose elsewhere in the same subtree.
        let next = origin.nextSibling;
        while (next && originOf.get(next) === origin) {
          const after = next.nextSibling;
          origin.appendData(next.data);
          next.remove();
          next = after;
        }
      }
      for (const rest of rests) originOf.delete(rest);
      restsOf.delete(origin);
      expected.delete(origin);
      return removed;
    };

    const release = (node) => {
      const origin = originOf.get(node) ?? node;
      if (!restsOf.has(origin) && !markOf.has(origin)) return [];
      return restore(origin);
    };

    const undo = () => {
      for (const origin of [...restsOf.keys()]) restore(origin);
      for (const mark of [...allMarks]) unwrap(mark);
      markOf.clear();
    };

    return { marksBySpan, undo, release };
  }

  ClaimLens.MARK_TAG = MARK_TAG;
  ClaimLens.highlightSpans = highlightSpans;
})();
