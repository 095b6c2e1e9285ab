// One annotation of a page region: collect its text, ask the engine, mark the
// claims, open a note when a mark is clicked or activated with Enter/Space,
// and undo all of it on remove(). Shared by the extension (engine reached by
// messaging) and the demo page (engine in the page): the caller passes the
// engine as one function.
//
// Uses: collect.js, highlight.js, relations.js, note.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  let current = null; // the live session, if any
  // Bumped by every annotate() and remove(): an engine answer that arrives
  // after a newer request, or after the reader turned highlights off, is dropped.
  let generation = 0;

  /**
   * Entities and times that lie inside [start, end), for the note's "Mentions"
   * line: in reading order, each name once.
   */
  function mentionsWithin(result, start, end) {
    const inside = (span) => span.start >= start && span.end <= end;
    const seen = new Set();
    return [
      ...(result.entities ?? []).filter(inside).map((e) => ({ start: e.start, text: e.text, kind: e.kind })),
      ...(result.times ?? []).filter(inside).map((t) => ({ start: t.start, text: t.text, value: t.value })),
    ]
      .sort((a, b) => a.start - b.start)
      .filter((mention) => {
        const key = `${mention.text}\u0000${mention.kind ?? mention.value}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  }

  function decorateMark(mark, claimIndex, isFirstPiece, claim) {
    const relation = ClaimLens.relations.dominantRelation(claim.links ?? []);
    mark.dataset.relation = relation;
    mark.dataset.claim = String(claimIndex);
    if (isFirstPiece) {
      // One tab stop per claim, however many pieces the claim was split into.
      mark.tabIndex = 0;
      mark.setAttribute('role', 'button');
      mark.setAttribute('aria-haspopup', 'dialog');
      mark.setAttribute('aria-label',
        `${claim.text} (ClaimLens: this claim ${ClaimLens.relations.summarize(claim.links ?? [])})`);
    }
  }

  /**
   * Annotates `root` and returns the session. Replaces any earlier session.
   * @param {Element} root
   * @param {(text: string, options: object) => Promise<object>} annotateText the engine
   * @param {{published?: string, exclude?: string[]}} [options] passed to the engine
   */
  async function annotate(root, annotateText, options = {}) {
    remove();
    const ticket = ++generation;
    const collected = ClaimLens.collectText(root);
    if (!/\S/.test(collected.text)) return null;
    const result = await annotateText(collected.text, options);
    if (ticket !== generation) return null;
    // The page may have changed while the engine ran; marks are placed on the
    // nodes as collected, and highlightSpans skips nodes that left the page.
    const claims = result.claims ?? [];
    const { marksBySpan, undo } = ClaimLens.highlightSpans(collected, claims,
      (mark, index, isFirst) => decorateMark(mark, index, isFirst, claims[index]));

    const openFor = (piece) => {
      const index = Number(piece.dataset.claim);
      const claim = claims[index];
      const pieces = marksBySpan[index];
      if (!claim || !pieces || pieces.length === 0) return;
      ClaimLens.openNote({
        mark: pieces[0],
        pieces,
        claim,
        mentions: mentionsWithin(result, claim.start, claim.end),
        onHideAll: () => remove(),
      });
    };

    const markFrom = (event) => {
      const target = event.target;
      return target instanceof Element ? target.closest(ClaimLens.MARK_TAG) : null;
    };
    const onClick = (event) => {
      const piece = markFrom(event);
      if (!piece || !session.owns(piece)) return;
      // A claim piece inside a link stays a link: reading the source comes first.
      if (piece.closest('a[href]')) return;
      event.preventDefault();
      openFor(piece);
    };
    const onKeyDown = (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const piece = markFrom(event);
      if (!piece || !session.owns(piece) || document.activeElement !== piece) return;
      event.preventDefault();
      openFor(piece);
    };
    document.addEventListener('click', onClick, true);
    document.addEventListener('keydown', onKeyDown, true);

    const ownMarks = new Set(marksBySpan.flat());
    const session = {
      result,
      text: collected.text,
      marks: [...ownMarks],
      owns: (mark) => ownMarks.has(mark),
      remove() {
        document.removeEventListener('click', onClick, true);
        document.removeEventListener('keydown', onKeyDown, true);
        ClaimLens.closeNote();
        undo();
        ownMarks.clear();
        if (current === session) current = null;
      },
    };
    current = session;
    return session;
  }

  /** Removes the current session's marks and note, restoring the page exactly. */
  function remove() {
    generation += 1;
    current?.remove();
  }

  ClaimLens.annotate = annotate;
  ClaimLens.remove = remove;
  ClaimLens.isActive = () => current !== null;
})();
