// Page-side harness of the hostile fixtures, loaded first by each of them (an
// external script, so the pages also work under the strict CSP route). It is
// the page keeping its own books, so the tests can ask the page, not the
// extension, whether anything went wrong:
//   errors     every uncaught error and unhandled rejection in the page
//              (Firefox has no CDP "pageerror"; the page catches them itself)
//   ticks, longGaps  a 10 ms heartbeat timer and every gap > 100 ms between its
//              firings, with when it started: a frozen page shows up as a gap
//   fingerprint()  hashes of body.textContent and body.innerHTML (and of any text
//              a fixture keeps elsewhere, hostile.extra), taken at `built` (after
//              the page made its content, before any content script ran) and on
//              demand; fixtures keep their own counters in hostile.counters and
//              record in hostile.violations anything they find changed
//   marks      when the first <claimlens-mark> appeared (the page can see them;
//              it cannot see inside the note)
// Everything it calls is captured here, before a fixture overrides globals.
(() => {
  const now = performance.now.bind(performance);
  const push = Array.prototype.push;
  const charCodeAt = String.prototype.charCodeAt;
  const textOf = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get;
  const htmlOf = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML').get;
  const querySelector = Document.prototype.querySelector;
  const setIntervalOriginal = window.setInterval.bind(window);
  const Observer = window.MutationObserver;
  const stringify = JSON.stringify;

  const hostile = {
    errors: [],
    ticks: 0,
    longGaps: [],
    builtAt: null,
    before: null,
    firstMarkAt: null,
    counters: {},
    violations: [],
  };
  Object.defineProperty(window, 'hostile', { value: hostile, enumerable: false });

  window.addEventListener('error', (event) => {
    push.call(hostile.errors, `${event.message} (${event.filename}:${event.lineno})`);
  });
  window.addEventListener('unhandledrejection', (event) => {
    push.call(hostile.errors, `unhandled rejection: ${event.reason}`);
  });

  let last = now();
  setIntervalOriginal(() => {
    const time = now();
    if (time - last > 100) push.call(hostile.longGaps, { at: Math.round(last), ms: Math.round(time - last) });
    last = time;
    hostile.ticks += 1;
  }, 10);

  /** 32-bit FNV-1a of a string: enough to tell "the same" from "changed". */
  function hash(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) {
      h ^= charCodeAt.call(text, i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16);
  }

  hostile.fingerprint = () => {
    const text = textOf.call(document.body);
    const html = htmlOf.call(document.body);
    // `extra`: text a fixture keeps outside body.textContent (a shadow root, a frame).
    const extra = hostile.extra ? hash(hostile.extra()) : null;
    return { textLength: text.length, text: hash(text), html: hash(html), extra };
  };

  /** Called by each fixture once its content is complete; takes effect when parsing is done. */
  hostile.built = () => {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', hostile.built, { once: true });
      return;
    }
    // Lay the page out now, so that the browser's own first layout of a huge
    // page is not counted as a gap after `builtAt`.
    void document.body.offsetHeight;
    hostile.before = hostile.fingerprint();
    hostile.countersBefore = stringify(hostile.counters);
    hostile.builtAt = Math.round(now());
    last = now();
    const observer = new Observer(() => {
      if (querySelector.call(document, 'claimlens-mark')) {
        hostile.firstMarkAt = Math.round(now());
        hostile.countersAtFirstMark = stringify(hostile.counters);
        observer.disconnect();
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  };

  /** What the tests read: long gaps are those that started after the page was built. */
  hostile.report = () => {
    const longGaps = [];
    for (const gap of hostile.longGaps) if (gap.at >= hostile.builtAt) push.call(longGaps, gap);
    return {
      errors: hostile.errors,
      ticks: hostile.ticks,
      longGaps,
      builtAt: hostile.builtAt,
      firstMarkAt: hostile.firstMarkAt,
      before: hostile.before,
      now: hostile.fingerprint(),
      violations: hostile.violations,
      counters: stringify(hostile.counters),
      countersBefore: hostile.countersBefore,
      countersAtFirstMark: hostile.countersAtFirstMark,
    };
  };
})();
