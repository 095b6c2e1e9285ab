// Turns the readable text of a page region into one string for the engine,
// remembering where each DOM Text node starts in it, so that engine offsets
// (UTF-16 code units, like DOM offsets) map straight back onto the DOM.
//
// Used by: session.js. Knows nothing about the engine or about highlighting.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  // Elements whose text is not article prose: code, form controls, hidden or
  // decorative content, page chrome. Their whole subtree is skipped.
  const SKIP_SELECTOR = [
    'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option',
    'button', 'code', 'pre', 'kbd', 'samp', 'svg', 'math', 'iframe', 'object', 'canvas', 'nav', 'footer',
    'aside', 'figcaption', 'label', 'dialog', '[role="navigation"]', '[role="complementary"]',
    '[role="search"]', '[role="dialog"]', '[role="textbox"]', '[role="contentinfo"]',
    '[contenteditable]:not([contenteditable="false"])', '[hidden]', '[aria-hidden="true"]', '[inert]',
    'claimlens-note',
  ].join(', ');

  // Containers that hold lists of other stories, comments or sharing widgets,
  // by their class or id (the words Readability treats as "unlikely
  // candidates"), and the headings that open such a list in plain markup.
  const FURNITURE_NAME = /(^|[-_\s])(related|recommend(ed|ations)?|more-(stories|news|from)|most-(read|popular)|trending|read-?more|also-like|promo|outbrain|taboola|newsletter|share|social|comments?|breadcrumbs?)($|[-_\s])/i;
  const FURNITURE_HEADING = /^\s*(related|recommended|recommendations?|more (stories|news|from|on)|read (more|next)|most (read|popular|viewed)|trending|you (may|might) also like|ranking)\b/i;
  const HEADING = 'h1, h2, h3, h4, h5, h6, [role="heading"]';

  /** A list of other headlines, comments or share buttons, not article prose. */
  function isFurniture(element) {
    const name = `${typeof element.className === 'string' ? element.className : ''} ${element.id}`;
    if (FURNITURE_NAME.test(name)) return true;
    const label = element.getAttribute('aria-label');
    if (label && FURNITURE_HEADING.test(label)) return true;
    if (element.localName === 'section' || element.localName === 'div' || element.localName === 'ul') {
      const heading = element.firstElementChild?.matches(HEADING) ? element.firstElementChild : null;
      if (heading && FURNITURE_HEADING.test(heading.textContent)) return true;
    }
    return false;
  }

  // Text on either side of a block boundary belongs to different paragraphs;
  // the engine reads a blank line as "the sentence cannot continue here".
  const BLOCK_SEPARATOR = '\n\n';

  // Display values that keep an element inside the surrounding line of text.
  // Anything else (block, list-item, table-cell, flex, grid, ...) starts a new block.
  const INLINE_DISPLAYS = new Set([
    'inline', 'inline-block', 'inline-flex', 'inline-grid', 'inline-table', 'contents',
    'ruby', 'ruby-base', 'ruby-text', 'ruby-base-container', 'ruby-text-container',
  ]);

  // Newlines and tabs inside a text node are source formatting, rendered as a
  // space. We hand the engine a space instead: same length, so offsets still
  // match the DOM exactly, but a hard-wrapped source line cannot look like a
  // paragraph break to the sentence splitter.
  const LAYOUT_WHITESPACE = /[\t\n\r\f]/g;
  const NON_WHITESPACE = /\S/;

  // Bounds that keep a hostile or enormous page from freezing itself: every
  // step after collection (the message to the background, the engine, the
  // marking) grows with the text. A long-read article is ~100k UTF-16 units.
  //   MAX_NODE_LENGTH: one Text node longer than this is not prose but a data
  //     dump or a minified blob printed into the page; it is skipped whole.
  //   MAX_TEXT_LENGTH: reading stops here; the article root comes first in
  //     document order, so what is cut is what follows the story.
  const MAX_NODE_LENGTH = 100_000;
  const MAX_TEXT_LENGTH = 200_000;

  /**
   * A walk over the visible text under `root` that can stop and go on later:
   * `step(deadline)` reads until performance.now() passes `deadline` (or to the
   * end) and returns true once the walk is over; `result()` is the collection.
   */
  function textWalk(root) {
    const nodes = [];
    const starts = [];
    const data = [];
    const parts = [];
    let length = 0;
    let breakPending = false;

    const addText = (node) => {
      const nodeData = node.data;
      if (nodeData.length === 0) return;
      if (nodeData.length > MAX_NODE_LENGTH) {
        breakPending = true; // the text on either side is not one sentence
        return;
      }
      if (!NON_WHITESPACE.test(nodeData) && (breakPending || length === 0)) {
        return; // indentation between blocks, not part of any sentence
      }
      if (breakPending && length > 0) {
        parts.push(BLOCK_SEPARATOR);
        length += BLOCK_SEPARATOR.length;
      }
      breakPending = false;
      nodes.push(node);
      starts.push(length);
      data.push(nodeData);
      parts.push(nodeData.replace(LAYOUT_WHITESPACE, ' '));
      length += nodeData.length;
    };

    // A walk with an explicit stack rather than recursion: pages nest
    // thousands of elements deep, and a content script must not overflow its
    // stack on them. Each frame is an element whose children are being read.
    const stack = root ? [{ next: root.firstChild, block: false }] : [];
    // Reading the clock costs little, but not nothing: it is read every
    // CLOCK_EVERY steps (a step is a node, well under a microsecond to a few).
    const CLOCK_EVERY = 64;
    const step = (deadline = Infinity) => {
      let steps = 0;
      while (stack.length > 0 && length < MAX_TEXT_LENGTH) {
        if (++steps % CLOCK_EVERY === 0 && performance.now() >= deadline) return false;
        const frame = stack[stack.length - 1];
        const child = frame.next;
        if (!child) {
          stack.pop();
          if (frame.block) breakPending = true;
          continue;
        }
        frame.next = child.nextSibling;
        if (child.nodeType === Node.TEXT_NODE) {
          addText(child);
          continue;
        }
        if (child.nodeType !== Node.ELEMENT_NODE) continue;
        if (child.localName === 'br') {
          breakPending = true;
          continue;
        }
        if (child.matches(SKIP_SELECTOR)) continue;
        // A "Related" heading in plain markup: it and everything after it
        // in the same container are other stories (Readability's rule for
        // trailing link lists, and the engine's for text).
        if (child.matches(HEADING) && FURNITURE_HEADING.test(child.textContent)) {
          frame.next = null;
          continue;
        }
        if (child.localName !== ClaimLens.MARK_TAG && isFurniture(child)) continue;
        const style = getComputedStyle(child);
        const display = style.display;
        if (display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse') continue;
        const isBlock = !INLINE_DISPLAYS.has(display);
        if (isBlock) breakPending = true;
        stack.push({ next: child.firstChild, block: isBlock });
      }
      return true;
    };
    return { step, result: () => ({ text: parts.join(''), nodes, starts, data }) };
  }

  /**
   * Collects the visible text under `root`, in one go.
   * @returns {{text: string, nodes: Text[], starts: number[], data: string[]}}
   *   `nodes[i]` is the Text node whose data was `data[i]` when collected and
   *   is `text.slice(starts[i], starts[i] + nodes[i].length)` (modulo the
   *   whitespace mapping above).
   */
  function collectText(root = document.body) {
    const walk = textWalk(root);
    walk.step();
    return walk.result();
  }

  /**
   * The same collection in tasks of at most about `sliceMs` (issue 6: no task
   * over 50 ms; a 100k-word page takes tens of ms to read, more on a busy
   * machine). The page may change between slices: what was read stays as
   * read, and the marking checks each Text node again before it touches it
   * (highlight.js). Resolves to what collectText returns.
   */
  async function collectTextInSlices(root = document.body, sliceMs = 8) {
    const walk = textWalk(root);
    while (!walk.step(performance.now() + sliceMs)) await ClaimLens.nextTask();
    return walk.result();
  }

  ClaimLens.collectText = collectText;
  ClaimLens.collectTextInSlices = collectTextInSlices;
})();
