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
// Used by: session.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const MARK_TAG = 'claimlens-mark';

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
   * @param {{nodes: Text[], starts: number[]}} collected from collectText(), untouched since
   * @param {{start: number, end: number}[]} spans sorted, non-overlapping
   * @param {(mark: HTMLElement, spanIndex: number, isFirstPiece: boolean) => void} decorate
   * @returns {{marksBySpan: HTMLElement[][], undo: () => void}}
   */
  function highlightSpans(collected, spans, decorate) {
    const { nodes, starts } = collected;
    // Lengths as collected: the Text objects shrink as we split them.
    const lengths = nodes.map((node) => node.length);
    const originOf = new Map(); // Text made by splitText -> the collected Text it came from
    const marksBySpan = spans.map(() => []);
    const allMarks = [];

    const split = (node, offset) => {
      const rest = node.splitText(offset);
      originOf.set(rest, originOf.get(node) ?? node);
      return rest;
    };

    // Right to left: splitting a node keeps its left part in the original Text
    // object, so every span still to do (further left) finds its text in the
    // collected node at its collected offset.
    for (let spanIndex = spans.length - 1; spanIndex >= 0; spanIndex -= 1) {
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
        if (!node.parentNode) continue; // the page removed it since collection
        if (localEnd < node.length) split(node, localEnd);
        const piece = localStart > 0 ? split(node, localStart) : node;
        const mark = document.createElement(MARK_TAG);
        piece.parentNode.insertBefore(mark, piece);
        mark.appendChild(piece);
        pieces.unshift(mark);
      }
      pieces.forEach((mark, index) => decorate(mark, spanIndex, index === 0));
      marksBySpan[spanIndex] = pieces;
      allMarks.push(...pieces);
    }

    const undo = () => {
      for (const mark of allMarks) {
        const parent = mark.parentNode;
        if (!parent) continue;
        while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
        mark.remove();
      }
      // Glue each split node's pieces back onto it. This touches only Text
      // nodes we made; Node.normalize() would also merge adjacent text nodes the
      // page made on purpose elsewhere in the same subtree.
      for (const origin of new Set(originOf.values())) {
        let next = origin.nextSibling;
        while (next && originOf.get(next) === origin) {
          const after = next.nextSibling;
          origin.appendData(next.data);
          next.remove();
          next = after;
        }
      }
      originOf.clear();
      allMarks.length = 0;
    };

    return { marksBySpan, undo };
  }

  ClaimLens.MARK_TAG = MARK_TAG;
  ClaimLens.highlightSpans = highlightSpans;
})();
