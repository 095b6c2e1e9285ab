// The note that opens on a claim: which corpus articles the claim links to,
// how (corroborates, conflicts, ...), the evidence sentence, and what differs.
//
// It lives in a *closed* shadow root on a host element appended to <html>
// (not <body>, so the article's text is untouched): page scripts cannot read
// or restyle it, and its styles cannot leak out. Only one note is open at a time.
//
// All content is built with createElement/textContent, never HTML strings:
// evidence sentences come from corpus files and must never become markup.
//
// Used by: session.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;
  const HOST_TAG = 'claimlens-note';
  const VIEWPORT_MARGIN = 8; // px kept free between the note and the window edge
  const GAP = 6; // px between the claim and the note
  // Below this height (px) a note shows too little to be useful; it then
  // overlaps the claim instead of shrinking further.
  const MIN_NOTE_HEIGHT = 180;
  const CALENDAR_DATE = /^\d{4}(-\d{2}){0,2}$/;

  let open = null; // the open note: {host, panel, mark, pieces, lastRect, onClose, listeners}

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * Applies the note's CSS inside the shadow root. A constructed stylesheet is
   * exempt from the page's CSP (an inline <style> is not, under `style-src
   * 'self'`); where adopting one fails (older engines, content-script
   * wrappers), fall back to a <style> element.
   */
  function applyStyles(root) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(ClaimLens.NOTE_CSS);
      root.adoptedStyleSheets = [sheet];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      // fall through to the <style> element
    }
    root.appendChild(element('style', null, ClaimLens.NOTE_CSS));
  }

  const D = () => ClaimLens.differences;

  /** A value with its differing words in <mark>: "Choe <mark>Son</mark> Hui". */
  function diffValue(parts, className) {
    const value = element('span', `value ${className}`);
    const anyChanged = parts.some((part) => part.changed);
    for (const part of parts) {
      value.append(part.changed || !anyChanged ? element('mark', null, part.text) : part.text);
    }
    return value;
  }

  /**
   * A sentence with the phrases that differ marked. `phrases` are
   * [{phrase, other}]: the differing words of `phrase` against `other` get
   * the strong mark, the rest of the phrase a light one.
   */
  function markedSentence(tag, className, sentence, phrases) {
    const node = element(tag, className);
    let pieces = [{ text: sentence, marked: false }];
    for (const { phrase, other, slot } of phrases) {
      const search = D().searchPhrase(slot, phrase);
      if (!search) continue;
      const next = [];
      let done = false;
      for (const piece of pieces) {
        if (piece.marked || done) { next.push(piece); continue; }
        const located = D().locate(piece.text, search);
        if (located.some((part) => part.marked)) done = true;
        next.push(...located.map((part) => (part.marked
          ? { ...part, other: D().searchPhrase(slot, other) ?? '' } : part)));
      }
      pieces = next;
    }
    for (const piece of pieces) {
      if (!piece.marked) { node.append(piece.text); continue; }
      const span = element('span', 'slot-mark');
      const diff = D().wordDiff(piece.text, piece.other);
      const anyChanged = diff.here.some((part) => part.changed);
      for (const part of diff.here) span.append(part.changed || !anyChanged ? element('mark', null, part.text) : part.text);
      node.append(span);
    }
    return node;
  }

  /** "Spelling: Choe Con Hui here, Choe Son Hui in 2 sources." */
  function differenceRow(row) {
    const item = element('li');
    item.dataset.slot = row.slot;
    item.append(element('span', 'slot', `${D().slotName(row.slot)}: `));
    const here = D().displayValue(row.here);
    row.there.forEach((there, index) => {
      const diff = D().wordDiff(here, D().displayValue(there.value));
      if (index === 0) item.append(diffValue(diff.here, 'here'), ' here, ');
      else item.append('; ');
      const where = row.there.length === 1 && there.sources === 1 ? 'there'
        : `in ${there.sources} source${there.sources === 1 ? '' : 's'}`;
      item.append(diffValue(diff.there, 'there'), ` ${where}`);
      if (there.relations.size === 1 && there.relations.has('other_event')) item.append(': another occasion');
    });
    return item;
  }

  function linkItem(link, onOpenArticle) {
    const relation = link.relation ?? 'related';
    const item = element('li', 'link');
    item.dataset.relation = relation;
    item.dataset.article = link.article;

    const titleRow = element('div', 'title-row');
    const info = ClaimLens.relations.describe(relation);
    const badge = element('span', 'badge', `${info.symbol} ${info.label}`);
    badge.dataset.relation = relation;
    const title = link.title || link.label || 'Untitled article';
    titleRow.append(badge, element('span', link.title ? 'title' : 'title untitled', title));
    item.append(titleRow);

    const meta = element('div', 'meta', [link.outlet || 'Outlet unknown', link.published || 'date unknown'].join(' · '));
    if (onOpenArticle) {
      const open = element('button', 'open', 'Open');
      open.type = 'button';
      open.setAttribute('aria-label', `Open “${title}” in the ClaimLens reader`);
      open.addEventListener('click', () => onOpenArticle(link));
      meta.append(' · ', open);
    }
    item.append(meta);

    if (link.evidence) {
      const phrases = (link.differences ?? []).map((d) => ({ slot: d.slot, phrase: d.there, other: d.here }));
      item.append(markedSentence('blockquote', 'evidence', link.evidence, phrases));
    }
    return item;
  }

  function mentionsLine(mentions) {
    if (!mentions || mentions.length === 0) return null;
    const line = element('p', 'mentions', 'Mentions: ');
    mentions.forEach((mention, index) => {
      if (index > 0) line.append(' · ');
      line.append(element('b', null, mention.text));
      // Entities show their kind; times show their resolved date, but not
      // TIMEX3 codes such as "P2D" or "XXXX-WXX-4" that mean nothing to a reader.
      const detail = mention.kind ? mention.kind.toLowerCase()
        : CALENDAR_DATE.test(mention.value ?? '') ? mention.value : null;
      if (detail && detail !== mention.text) line.append(` (${detail})`);
    });
    return line;
  }

  function buildPanel({ claim, mentions, onHideAll, onOpenArticle }, close) {
    const links = claim.links ?? [];
    const panel = element('section', 'note');
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'ClaimLens: what the local corpus says about this claim');
    panel.tabIndex = -1;

    const header = element('header');
    const closeButton = element('button', 'close', '×');
    closeButton.type = 'button';
    closeButton.setAttribute('aria-label', 'Close');
    closeButton.addEventListener('click', () => close({ returnFocus: true }));
    header.append(element('span', 'brand', 'ClaimLens'), element('h2', null, 'In the local corpus'), closeButton);
    panel.append(header);

    const content = element('div', 'content');
    const herePhrases = links.flatMap((link) => (link.differences ?? [])
      .map((d) => ({ slot: d.slot, phrase: d.here, other: d.there })));
    content.append(markedSentence('blockquote', 'claim', claim.text ?? '', herePhrases));
    content.append(element('p', 'summary', `This claim ${ClaimLens.relations.summarize(links)}.`));
    const rows = D().aggregate(links);
    if (rows.length > 0) {
      const list = element('ul', 'differences');
      list.setAttribute('aria-label', 'What differs');
      for (const row of rows) list.append(differenceRow(row));
      content.append(list);
    }
    const mentionLine = mentionsLine(mentions);
    if (mentionLine) content.append(mentionLine);

    if (links.length > 0) {
      const list = element('ol', 'links');
      for (const link of links) list.append(linkItem(link, onOpenArticle));
      content.append(list);
    } else {
      content.append(element('p', 'empty',
        'No article in the corpus reports this. That says nothing about whether it is true.'));
    }
    panel.append(content);

    const footer = element('footer');
    footer.append(element('span', null, 'Esc to close'));
    if (onHideAll) {
      const hideAll = element('button', 'hide-all', 'Hide highlights');
      hideAll.type = 'button';
      hideAll.addEventListener('click', () => onHideAll());
      footer.append(hideAll);
    }
    panel.append(footer);
    return panel;
  }

  /** The box around every line of the claim, so the note never covers the claim itself. */
  function claimRect(pieces) {
    const rects = pieces.flatMap((piece) => [...piece.getClientRects()]);
    if (rects.length === 0) return null;
    return {
      top: Math.min(...rects.map((r) => r.top)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
      left: Math.min(...rects.map((r) => r.left)),
    };
  }

  /**
   * Below the claim if the note fits there, else above; if it fits on neither
   * side, on the roomier side with its middle part scrolling, so the claim
   * being explained stays visible. Always fully inside the viewport.
   */
  function place() {
    if (!open) return;
    const { panel } = open;
    const rect = claimRect(open.pieces.filter((piece) => piece.isConnected)) ?? open.lastRect;
    if (!rect) return;
    open.lastRect = rect;
    // Measure at the stylesheet's own height limit; keep the reader's place in
    // the note's scrolling middle, which the temporary resize may clamp.
    const content = panel.querySelector('.content');
    const contentScroll = content?.scrollTop ?? 0;
    panel.style.maxHeight = '';
    const width = panel.offsetWidth;
    const height = panel.offsetHeight;
    const below = innerHeight - VIEWPORT_MARGIN - (rect.bottom + GAP);
    const above = rect.top - GAP - VIEWPORT_MARGIN;
    let top;
    if (height <= below) {
      top = rect.bottom + GAP;
    } else if (height <= above) {
      top = rect.top - GAP - height;
    } else if (Math.max(below, above) >= MIN_NOTE_HEIGHT) {
      const room = Math.max(below, above);
      panel.style.maxHeight = `${Math.floor(room)}px`;
      top = below >= above ? rect.bottom + GAP : rect.top - GAP - room;
    } else {
      top = innerHeight - VIEWPORT_MARGIN - height; // a very tall claim: cover it rather than leave the screen
    }
    const maxLeft = Math.max(VIEWPORT_MARGIN, innerWidth - width - VIEWPORT_MARGIN);
    const maxTop = Math.max(VIEWPORT_MARGIN, innerHeight - panel.offsetHeight - VIEWPORT_MARGIN);
    panel.style.left = `${Math.round(Math.min(Math.max(rect.left, VIEWPORT_MARGIN), maxLeft))}px`;
    panel.style.top = `${Math.round(Math.min(Math.max(top, VIEWPORT_MARGIN), maxTop))}px`;
    if (content) content.scrollTop = contentScroll;
  }

  function closeNote({ returnFocus = false } = {}) {
    if (!open) return;
    const { host, mark, onClose, listeners } = open;
    open = null;
    for (const [target, type, listener, options] of listeners) {
      target.removeEventListener(type, listener, options);
    }
    host.remove();
    mark.removeAttribute('aria-expanded');
    if (returnFocus && mark.isConnected) mark.focus({ preventScroll: true });
    onClose?.();
  }

  /**
   * Opens the note for one claim, closing any other.
   * @param {{mark: HTMLElement, pieces?: HTMLElement[], claim: object, mentions?: object[],
   *          onHideAll?: () => void, onOpenArticle?: (link: object) => void,
   *          onClose?: () => void}} options
   *   `mark` is the claim's focusable mark (focus returns there); `pieces` are
   *   all of the claim's marks, which the note is placed next to.
   */
  function openNote(options) {
    closeNote();
    const host = document.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: 'closed' });
    applyStyles(root);
    const panel = buildPanel(options, closeNote);
    root.append(panel);

    let frame = 0;
    const schedulePlace = () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; place(); });
    };
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        closeNote({ returnFocus: true });
      }
    };
    const onPointerDown = (event) => {
      const path = event.composedPath();
      if (path.includes(host)) return;
      if (path.some((node) => node.localName === ClaimLens.MARK_TAG)) return; // the session handles it
      closeNote();
    };
    const listeners = [
      [document, 'keydown', onKey, true],
      [document, 'pointerdown', onPointerDown, true],
      [window, 'scroll', schedulePlace, { capture: true, passive: true }],
      [window, 'resize', schedulePlace, { passive: true }],
    ];
    for (const [target, type, listener, listenerOptions] of listeners) {
      target.addEventListener(type, listener, listenerOptions);
    }

    open = {
      host, panel, listeners,
      mark: options.mark,
      pieces: options.pieces ?? [options.mark],
      lastRect: null,
      onClose: options.onClose,
    };
    options.mark.setAttribute('aria-expanded', 'true');
    document.documentElement.appendChild(host);
    place();
    panel.focus({ preventScroll: true });
  }

  ClaimLens.openNote = openNote;
  ClaimLens.noteIsOpen = () => open !== null;
  ClaimLens.closeNote = closeNote;
  ClaimLens.NOTE_HOST_TAG = HOST_TAG;
})();
