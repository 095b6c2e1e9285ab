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
  // Most marks one reading places. Each costs a split and an insertion
  // (~10-40 µs; session.js places them in short slices); a long article needs
  // a few hundred.
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
   * Prepares the marking of `spans` on the collected nodes; nothing changes
   * in the page until `markSpan` is called. Spans may be marked in any order
   * (the part of the page in view first) and over several tasks: the page may
   * change in between, so each Text node piece is checked just before it is
   * split, and a node the page removed or rewrote is left alone.
   *
   * @param {{nodes: Text[], starts: number[], data: string[]}} collected from collectText()
   * @param {{start: number, end: number}[]} spans sorted, non-overlapping
   * @param {(mark: HTMLElement, spanIndex: number, isFirstPiece: boolean) => void} decorate called on
   *   each new mark before it is put in the page
   * @returns {{kept: number, marksBySpan: HTMLElement[][],
   *   markSpan: (spanIndex: number) => HTMLElement[], undo: () => void,
   *   release: (node: Text) => HTMLElement[]}}
   *   `kept`: how many spans, from the first, fit in MAX_MARKS (the others are
   *   never marked); `markSpan` marks one of those and returns its marks;
   *   `undo` removes every mark and glues the pieces back; `release` gives one
   *   Text node (collected, or a piece of one) back to the page and returns
   *   the marks it removed
   */
  function highlightSpans(collected, spans, decorate) {
    const { nodes, starts, data } = collected;
    // Lengths as collected: the Text objects shrink as we split them.
    const lengths = nodes.map((node) => node.length);
    // Per collected node index, once split: its pieces in text order, as
    // {offset (in the collected node's data), node}. The first is the
    // collected Text object itself, which keeps the start of the text (pages
    // such as React's hold on to that object and write to it).
    const piecesOf = new Map();
    const indexOf = new Map(); // collected Text -> its index
    const originOf = new Map(); // Text made by splitText -> the collected Text it came from
    const markOf = new Map(); // piece (a collected Text or a split-off one) -> the mark around it
    const expected = new Map(); // split collected Text -> its data after our splits
    const given = new Set(); // indices of nodes released to the page: never marked again
    let collectedIndex = null; // collected Text -> index, built on the first release of an unsplit node
    const marksBySpan = spans.map(() => []);
    const allMarks = new Set();

    // How many spans fit in MAX_MARKS, in reading order: a span makes one mark
    // per collected Text node it touches.
    let kept = 0;
    for (let marks = 0; kept < spans.length; kept += 1) {
      const { start, end } = spans[kept];
      if (end > start) marks += lastStartAtOrBefore(starts, end - 1) - lastStartAtOrBefore(starts, start) + 1;
      if (marks > MAX_MARKS) break;
    }

    const piecesFor = (i) => {
      if (!piecesOf.has(i)) {
        piecesOf.set(i, [{ offset: 0, node: nodes[i] }]);
        indexOf.set(nodes[i], i);
      }
      return piecesOf.get(i);
    };

    /**
     * Wraps [localStart, localEnd) of collected node `i` in a mark, or returns
     * null when that text is no longer where and what it was when collected.
     * `dress(mark)` sets the mark's attributes before it enters the page: on
     * an element not yet in the document they cost no style invalidation.
     */
    const wrap = (i, localStart, localEnd, dress) => {
      if (given.has(i)) return null;
      const pieces = piecesFor(i);
      let at = pieces.length - 1;
      while (at > 0 && pieces[at].offset > localStart) at -= 1;
      const piece = pieces[at];
      const pieceEnd = at + 1 < pieces.length ? pieces[at + 1].offset : lengths[i];
      if (markOf.has(piece.node) || localEnd > pieceEnd) return null; // spans overlap: not ours to fix
      // The page may have removed or rewritten this text since it was collected.
      if (piece.node.parentNode === null || piece.node.data !== data[i].slice(piece.offset, pieceEnd)) return null;
      const origin = nodes[i];
      const cut = (node, offset, position) => {
        const rest = node.splitText(offset);
        originOf.set(rest, origin);
        pieces.splice(position, 0, { offset: piece.offset + offset, node: rest });
        return rest;
      };
      if (localEnd < pieceEnd) cut(piece.node, localEnd - piece.offset, at + 1);
      const target = localStart > piece.offset ? cut(piece.node, localStart - piece.offset, at + 1) : piece.node;
      expected.set(origin, origin.data);
      const mark = document.createElement(MARK_TAG);
      dress(mark);
      target.parentNode.insertBefore(mark, target);
      mark.appendChild(target);
      markOf.set(target, mark);
      allMarks.add(mark);
      return mark;
    };

    const markSpan = (spanIndex) => {
      const { start, end } = spans[spanIndex];
      if (spanIndex >= kept || !(end > start) || marksBySpan[spanIndex].length > 0) return marksBySpan[spanIndex];
      const marks = [];
      for (let i = Math.max(0, lastStartAtOrBefore(starts, start)); i < nodes.length && starts[i] < end; i += 1) {
        const nodeStart = starts[i];
        const localStart = Math.max(start, nodeStart) - nodeStart;
        const localEnd = Math.min(end, nodeStart + lengths[i]) - nodeStart;
        if (localEnd <= localStart) continue;
        const mark = wrap(i, localStart, localEnd, (element) => decorate(element, spanIndex, marks.length === 0));
        if (mark) marks.push(mark);
      }
      marksBySpan[spanIndex] = marks;
      return marks;
    };

    const unwrap = (mark) => {
      allMarks.delete(mark);
      const parent = mark.parentNode;
      if (!parent) return;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      mark.remove();
    };

    /** Unwraps the marks of one collected Text node and puts its pieces back together. */
    const restore = (origin) => {
      const i = indexOf.get(origin);
      const pieces = piecesOf.get(i) ?? [];
      const rests = pieces.slice(1).map((piece) => piece.node);
      const removed = [];
      for (const { node } of pieces) {
        const mark = markOf.get(node);
        if (mark && allMarks.has(mark)) {
          removed.push(mark);
          unwrap(mark);
        }
        markOf.delete(node);
      }
      if (expected.has(origin) && origin.data !== expected.get(origin) && rests.length > 0) {
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
      piecesOf.delete(i);
      indexOf.delete(origin);
      expected.delete(origin);
      given.add(i);
      return removed;
    };

    const release = (node) => {
      const origin = originOf.get(node) ?? node;
      if (!indexOf.has(origin)) {
        // Not split or marked yet: just never touch it.
        collectedIndex ??= new Map(nodes.map((collectedNode, i) => [collectedNode, i]));
        if (collectedIndex.has(origin)) given.add(collectedIndex.get(origin));
        return [];
      }
      return restore(origin);
    };

    const undo = () => {
      for (const origin of [...indexOf.keys()]) restore(origin);
      for (const mark of [...allMarks]) unwrap(mark);
      markOf.clear();
      for (let i = 0; i < nodes.length; i += 1) given.add(i);
    };

    return { kept, marksBySpan, markSpan, undo, release };
  }

  ClaimLens.MARK_TAG = MARK_TAG;
  ClaimLens.highlightSpans = highlightSpans;
})();
