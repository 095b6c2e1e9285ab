// One annotation of a page region: collect its text, ask the engine, mark the
// claims (by relation) and, more quietly, the names and dates in it; open a
// note when a claim is clicked or activated with Enter/Space; follow content
// that the page adds later; and undo all of it on remove(). Shared by the
// extension (engine reached by messaging) and the demo page (engine in the
// page): the caller passes the engine as one function.
//
// Uses: collect.js, highlight.js, relations.js, note.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  let current = null; // the live session, if any
  // Bumped by every annotate() and remove(): an engine answer that arrives
  // after a newer request, or after the reader turned highlights off, is dropped.
  let generation = 0;

  // Quiet time after the page's last change before we read it again (ms).
  // Long enough that an infinite-scroll batch or a "load more" arrives as one
  // change; short enough that new paragraphs are marked while still on screen.
  const REFRESH_DEBOUNCE_MS = 600;
  // A page change smaller than this many non-space characters (a clock, a
  // like counter, a rotating ad label) is not worth a new reading.
  const MIN_NEW_TEXT = 40;
  // Longest stretch of marking in one task (ms). Each mark costs ~10-40 µs
  // (a split, an insertion, a few attributes), so a slice places a few hundred
  // marks; between slices the page handles input and paints. Shorter slices
  // cost more yields; longer ones make the page wait (issue 6: no task over
  // 50 ms, and this is only part of one).
  const SLICE_MS = 8;
  const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

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

  /**
   * Cuts the text into pieces that each carry at most one claim and one
   * mention (a name or a date), so that one flat run of marks shows both: a
   * claim is never split by a name inside it, it is just made of several
   * marks. Returns sorted, non-overlapping {start, end, claim, mention}.
   *
   * One sweep over the sorted cut points, so a long page with thousands of
   * names costs n log n, not n² (finding the covering claim and mention for
   * each piece by a scan froze a page of 100,000 words for seconds).
   */
  function segments(result) {
    const claims = result.claims ?? [];
    const mentions = [
      ...(result.times ?? []).map((t) => ({ start: t.start, end: t.end, kind: 'time', value: t.value })),
      ...(result.entities ?? []).map((e) => ({ start: e.start, end: e.end, kind: 'entity', type: e.kind })),
    ].filter((m) => m.end > m.start);
    const cuts = new Set();
    for (const span of [...claims, ...mentions]) {
      cuts.add(span.start);
      cuts.add(span.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    // Spans by start. Where several cover a piece, the lowest index wins: the
    // first claim, and a time before an entity (times come first in `mentions`).
    const byStart = (spans) => spans.map((span, index) => ({ span, index }))
      .sort((a, b) => a.span.start - b.span.start || a.index - b.index);
    const claimQueue = byStart(claims);
    const mentionQueue = byStart(mentions);
    const openClaims = [];
    const openMentions = [];
    let nextClaim = 0;
    let nextMention = 0;
    /**
     * The open span with the lowest index that covers the piece starting at
     * `start`. Every span end is a cut point, so an open span either ended
     * at or before `start` (dropped for good) or covers the whole piece.
     */
    const covering = (open, start) => {
      let best = null;
      for (let i = open.length - 1; i >= 0; i -= 1) {
        if (open[i].span.end <= start) open.splice(i, 1);
        else if (best === null || open[i].index < best.index) best = open[i];
      }
      return best;
    };
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i += 1) {
      const start = points[i];
      const end = points[i + 1];
      while (nextClaim < claimQueue.length && claimQueue[nextClaim].span.start <= start) openClaims.push(claimQueue[nextClaim++]);
      while (nextMention < mentionQueue.length && mentionQueue[nextMention].span.start <= start) openMentions.push(mentionQueue[nextMention++]);
      const claimEntry = covering(openClaims, start);
      const claim = claimEntry ? claimEntry.index : -1;
      // Times first: "Thursday" inside an entity-looking run is a date.
      const mention = covering(openMentions, start)?.span ?? null;
      if (claim < 0 && !mention) continue;
      const last = pieces[pieces.length - 1];
      if (last && last.end === start && last.claim === claim && last.mention === mention) last.end = end;
      else pieces.push({ start, end, claim, mention });
    }
    return pieces;
  }

  /**
   * Whether the page around `root` is dark (light text), so the marks use
   * their lighter colours. The page's own colours decide, not the system
   * setting: a dark system theme can show a white news site.
   */
  function pageIsDark(root) {
    const match = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(root).color);
    if (!match) return false;
    const [r, g, b] = match.slice(1, 4).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 150; // light ink, so a dark page
  }

  function decorateMark(mark, piece, claims, dark) {
    if (dark) mark.dataset.tone = 'dark';
    if (piece.claim >= 0) {
      mark.dataset.claim = String(piece.claim);
      mark.dataset.relation = ClaimLens.relations.dominantRelation(claims[piece.claim].links ?? []);
    }
    const mention = piece.mention;
    if (mention) {
      mark.dataset.mention = mention.kind;
      const detail = mention.kind === 'entity' ? mention.type?.toLowerCase()
        : CALENDAR_DATE.test(mention.value ?? '') ? `date ${mention.value}` : null;
      if (detail) mark.title = detail;
    }
  }

  /** Makes the first mark of each claim its one tab stop and button. */
  function makeClaimButton(mark, claim) {
    mark.tabIndex = 0;
    mark.setAttribute('role', 'button');
    mark.setAttribute('aria-haspopup', 'dialog');
    mark.setAttribute('aria-label',
      `${claim.text} (ClaimLens: this claim ${ClaimLens.relations.summarize(claim.links ?? [])})`);
  }

  function unmakeClaimButton(mark) {
    for (const name of ['tabindex', 'role', 'aria-haspopup', 'aria-label']) mark.removeAttribute(name);
  }

  /**
   * The part of the collected text inside the window, as text offsets
   * {from, to}, or null. Text nodes are in document order, which on an
   * article is top to bottom, so two binary searches over their boxes find
   * it: one layout (usually done already, the page has been painted while the
   * engine ran), then a few dozen reads and no writes in between. On a page
   * laid out otherwise (columns, floats) this is only a guess, and only the
   * order of the marking depends on it.
   */
  function visibleTextRange(collected) {
    const { nodes, starts } = collected;
    if (nodes.length === 0) return null;
    const range = document.createRange();
    const box = (i) => {
      range.selectNodeContents(nodes[i]);
      return range.getBoundingClientRect();
    };
    const firstWhere = (low, test) => {
      let high = nodes.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (test(box(middle))) high = middle;
        else low = middle + 1;
      }
      return low;
    };
    const first = firstWhere(0, (rect) => rect.bottom > 0);
    const after = firstWhere(first, (rect) => rect.top >= window.innerHeight);
    if (first >= after) return null;
    return { from: starts[first], to: after < nodes.length ? starts[after] : Infinity };
  }

  /**
   * The order in which to mark `pieces` (the first `kept` of them): as units
   * that each hold one whole claim (so its first mark is its button from the
   * start) or one name or date outside a claim; those in the window (even
   * in part) first, then those below it, then those above. `visible` is how many units are
   * in the window.
   */
  function markingOrder(pieces, kept, collected) {
    const units = [];
    for (let index = 0; index < kept; index += 1) {
      const { claim } = pieces[index];
      const last = units[units.length - 1];
      if (claim >= 0 && last && last.claim === claim && last.pieces[last.pieces.length - 1] === index - 1) {
        last.pieces.push(index);
        last.end = pieces[index].end;
      } else {
        units.push({ claim, start: pieces[index].start, end: pieces[index].end, pieces: [index] });
      }
    }
    const view = units.length > 0 ? visibleTextRange(collected) : null;
    if (!view) return { order: units, visible: 0 };
    const inView = units.filter((unit) => unit.end > view.from && unit.start < view.to);
    const below = units.filter((unit) => unit.start >= view.to);
    const above = units.filter((unit) => unit.end <= view.from);
    return { order: [...inView, ...below, ...above], visible: inView.length };
  }

  /**
   * Annotates `root` and returns the session. Replaces any earlier session.
   * @param {Element} root
   * @param {(text: string, options: object) => Promise<object>} annotateText the engine
   * @param {{published?: string, exclude?: string[]}} [options] passed to the engine
   * @param {{watch?: boolean, findRoot?: () => Element, openArticle?: (link: object) => void,
   *          onChange?: (session: object) => void}} [hooks]
   *   `watch`: re-read the page when content arrives later (`findRoot` picks the
   *   region again each time); `openArticle`: what the note's "Open" does;
   *   `onChange`: called after every (re)marking.
   */
  async function annotate(root, annotateText, options = {}, hooks = {}) {
    remove();
    const ticket = ++generation;
    // In slices: on a long page the reading alone is tens of ms (issue 6).
    const collected = await ClaimLens.collectTextInSlices(root);
    if (ticket !== generation) return null;
    if (!/\S/.test(collected.text)) return null;
    const result = await annotateText(collected.text, options);
    if (ticket !== generation) return null;

    let claims = [];
    let claimMarks = []; // per claim: its marks in reading order
    let claimParts = []; // per claim: its units marked so far, {first piece index, marks}
    let ownMarks = new Set();
    let undoMarks = () => {};
    let releaseText = () => [];
    let observer = null;
    let refreshTimer = 0;
    let refreshing = false;
    let refreshAgain = false;
    // The corpus changed since the answer the marks show: the next reading
    // asks the engine again even if the page's text is the same.
    let stale = false;

    /** Adds the marks of one unit of claim `index`; its first mark in reading order is its button. */
    const addClaimMarks = (index, firstPiece, marks) => {
      claimParts[index].push({ firstPiece, marks });
      if (claimParts[index].length > 1) claimParts[index].sort((a, b) => a.firstPiece - b.firstPiece);
      const all = claimParts[index].flatMap((part) => part.marks);
      const before = claimMarks[index][0];
      if (before !== all[0]) {
        if (before) unmakeClaimButton(before);
        makeClaimButton(all[0], claims[index]);
      }
      claimMarks[index] = all;
    };

    /**
     * Marks `fresh` (just collected) with `answer`, in slices of at most
     * SLICE_MS, the part of the page in view first; resolves to true once
     * every mark is placed, false when undoMarks() stopped it first.
     */
    const mark = async (fresh, answer) => {
      const pieces = segments(answer);
      const dark = pageIsDark(root);
      claims = answer.claims ?? [];
      // The page may have changed while the engine ran, and may change between
      // slices; highlightSpans checks each node just before marking it.
      const highlighter = ClaimLens.highlightSpans(fresh, pieces,
        (element, index) => decorateMark(element, pieces[index], claims, dark));
      const run = { stopped: false };
      claimMarks = claims.map(() => []);
      claimParts = claims.map(() => []);
      ownMarks = new Set();
      undoMarks = () => {
        run.stopped = true;
        highlighter.undo();
      };
      releaseText = highlighter.release;
      session.result = answer;
      session.text = fresh.text;
      session.marks = [];

      const markUnit = (unit) => {
        const marks = unit.pieces.flatMap((index) => highlighter.markSpan(index));
        for (const element of marks) ownMarks.add(element);
        session.marks.push(...marks);
        if (unit.claim >= 0 && marks.length > 0) addClaimMarks(unit.claim, unit.pieces[0], marks);
      };
      const { order, visible } = markingOrder(pieces, highlighter.kept, fresh);
      let next = 0;
      let visiblePainted = visible === 0;
      while (next < order.length) {
        const deadline = performance.now() + SLICE_MS;
        // The slice that completes the part in view ends there, so it is painted at once.
        const last = visiblePainted ? order.length : visible;
        unobserved(() => {
          do markUnit(order[next++]); while (next < last && performance.now() < deadline);
        });
        if (next >= order.length) break;
        if (!visiblePainted && next >= visible) {
          // The part in view is marked: let it be painted before the rest.
          visiblePainted = true;
          await (document.hidden ? ClaimLens.nextTask() : ClaimLens.nextFrame());
        } else {
          await ClaimLens.nextTask();
        }
        if (run.stopped) return false;
      }
      return !run.stopped;
    };

    const openFor = (index, focusAfter = false) => {
      const claim = claims[index];
      const pieces = claimMarks[index]?.filter((piece) => piece.isConnected);
      if (!claim || !pieces || pieces.length === 0) return;
      ClaimLens.openNote({
        mark: pieces[0],
        pieces,
        claim,
        mentions: mentionsWithin(session.result, claim.start, claim.end),
        onHideAll: () => remove(),
        onOpenArticle: hooks.openArticle,
      });
      if (focusAfter) pieces[0].focus?.({ preventScroll: true });
    };

    const claimFrom = (event) => {
      const target = event.target;
      const piece = target instanceof Element ? target.closest(`${ClaimLens.MARK_TAG}[data-claim]`) : null;
      return piece && ownMarks.has(piece) ? piece : null;
    };
    const onClick = (event) => {
      const piece = claimFrom(event);
      if (!piece) return;
      // A claim piece inside a link stays a link: reading the source comes first.
      if (piece.closest('a[href]')) return;
      event.preventDefault();
      openFor(Number(piece.dataset.claim));
    };
    const onKeyDown = (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const piece = claimFrom(event);
      if (!piece || document.activeElement !== piece) return;
      event.preventDefault();
      openFor(Number(piece.dataset.claim));
    };

    /** Runs `change` with the observer off, so our own DOM edits never trigger a refresh. */
    const unobserved = (change) => {
      const pending = observer?.takeRecords() ?? [];
      observer?.disconnect();
      try {
        change();
      } finally {
        if (observer) observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }
      if (pending.length > 0) onMutations(pending);
    };

    /** Reads the page again after it changed, and re-marks it if its text did. */
    const refresh = async () => {
      if (refreshing) refreshAgain = true;
      if (refreshing || current !== session) return;
      if (ClaimLens.noteIsOpen()) {
        // Never pull the text from under a note the reader is using.
        scheduleRefresh();
        return;
      }
      refreshing = true;
      try {
        const nextRoot = hooks.findRoot?.() ?? root;
        const sent = ClaimLens.collectText(nextRoot).text; // our marks keep the text as it is
        if (nextRoot === root && sent === session.text && !stale) return;
        stale = false;
        const answer = /\S/.test(sent) ? await annotateText(sent, options) : { claims: [] };
        if (current !== session || ClaimLens.noteIsOpen()) {
          if (current === session) {
            stale = true; // this answer is dropped: the next reading asks again
            scheduleRefresh();
          }
          return;
        }
        unobserved(() => undoMarks());
        root = nextRoot;
        const fresh = ClaimLens.collectText(root);
        let marking;
        if (fresh.text === sent) marking = mark(fresh, answer);
        else {
          marking = mark(fresh, { claims: [] });
          scheduleRefresh(); // it changed again while the engine ran
        }
        if (await marking) hooks.onChange?.(session);
      } catch (error) {
        console.warn('ClaimLens could not re-read this page:', error);
      } finally {
        refreshing = false;
        if (refreshAgain && current === session) {
          refreshAgain = false;
          scheduleRefresh();
        }
      }
    };
    function scheduleRefresh() {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
    }
    /**
     * Page edits: a Text node we marked that the page rewrote is given back
     * at once (see highlight.js, release); enough new or removed text to
     * matter schedules a new reading.
     */
    function onMutations(records) {
      const rewritten = records.filter((record) => record.type === 'characterData').map((record) => record.target);
      if (rewritten.length > 0) {
        unobserved(() => {
          for (const node of rewritten) for (const removed of releaseText(node)) ownMarks.delete(removed);
        });
      }
      let changed = 0;
      for (const record of records) {
        if (record.type === 'characterData') changed += record.target.data.length;
        for (const node of [...record.addedNodes, ...record.removedNodes]) {
          if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.ELEMENT_NODE) {
            changed += (node.textContent ?? '').replace(/\s+/g, '').length;
          }
        }
        if (changed >= MIN_NEW_TEXT) {
          scheduleRefresh();
          return;
        }
      }
    }

    const session = {
      result,
      text: collected.text,
      marks: [],
      get root() { return root; },
      owns: (element) => ownMarks.has(element),
      /** Counts and conflicts for the toolbar popup. */
      status() {
        const relationOf = (claim) => ClaimLens.relations.dominantRelation(claim.links ?? []);
        const count = (relation) => claims.filter((claim) => relationOf(claim) === relation).length;
        return {
          claims: claims.length,
          corroborated: count('corroborates'),
          conflicting: count('conflicts'),
          otherEvent: count('other_event'),
          unmatched: count('none'),
          conflicts: claims.flatMap((claim, index) => (relationOf(claim) === 'conflicts'
            ? [{ claim: index, text: claim.text }] : [])),
        };
      },
      /**
       * Reads the page again and asks the engine again, because the corpus it
       * links against changed (the reader's articles finished loading, or
       * were added to or deleted). The page's text stays as it is: the marks
       * are undone exactly and placed again from the new answer. While a note
       * is open this waits until it is closed, as any re-reading does: the
       * note the reader is using is not pulled from under them.
       */
      reread() {
        stale = true;
        clearTimeout(refreshTimer);
        refresh();
      },
      /** Scrolls to a claim, focuses it and opens its note. */
      jumpTo(index) {
        const first = claimMarks[index]?.[0];
        if (!first) return false;
        first.scrollIntoView({ block: 'center' });
        first.focus({ preventScroll: true });
        openFor(index);
        return true;
      },
      remove() {
        clearTimeout(refreshTimer);
        observer?.disconnect();
        observer = null;
        document.removeEventListener('click', onClick, true);
        document.removeEventListener('keydown', onKeyDown, true);
        ClaimLens.closeNote();
        undoMarks();
        ownMarks.clear();
        claimMarks = [];
        claimParts = [];
        if (current === session) current = null;
      },
    };

    document.addEventListener('click', onClick, true);
    document.addEventListener('keydown', onKeyDown, true);
    if (hooks.watch) {
      // Watching starts before the marking: the page may rewrite text between slices.
      observer = new MutationObserver(onMutations);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    }
    current = session;
    if (!(await mark(collected, result))) return current === session ? session : null;
    hooks.onChange?.(session);
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
  ClaimLens.currentSession = () => current;
})();
