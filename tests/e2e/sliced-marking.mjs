// Checks shared by the Chromium and Firefox tests of marking a long page in
// slices, the part in view first (issue 6), on tests/e2e/pages/long.html:
// twelve parts, scrolled to the sixth, keeping its own books of the marks
// (see long.js).
import assert from 'node:assert/strict';

export const LONG_PAGE = '/strict/long.html';
/**
 * The same page, busy for `ms` after each slice, so that the marking lasts
 * long enough for a test driver to interrupt it (Selenium takes longer than
 * Playwright to open a note).
 */
export const busyLongPage = (ms) => `/strict/long.html?busy=${ms}`;

/** In the page: marks have come, and none for a second (the marking is over). */
export function marksSettled() {
  return window.longPage?.batches > 0 && performance.now() - window.longPage.lastBatchAt > 1000;
}

/** In the page: the first slice of marks is in. */
export function firstSliceIn() {
  return window.longPage?.batches > 0;
}

/** In the page: no mark at all. */
export function noMarks() {
  return document.querySelectorAll('claimlens-mark').length === 0;
}

/**
 * In the page: which batch (slice) added the marks in the window and those of
 * the first part (far above the window), and whether everything is marked.
 * Plain loops and no spread of NodeLists, so it runs the same through
 * Playwright and Selenium.
 */
export function sliceFacts() {
  const batches = (elements) => {
    const seen = [];
    for (const mark of elements) if (!seen.includes(mark.__batch)) seen.push(mark.__batch);
    return seen.sort((a, b) => a - b);
  };
  const marks = Array.from(document.querySelectorAll('claimlens-mark'));
  const inView = marks.filter((mark) => {
    const rect = mark.getBoundingClientRect();
    return rect.bottom > 0 && rect.top < window.innerHeight && rect.width > 0;
  });
  const claims = new Set(marks.map((mark) => mark.dataset.claim).filter((claim) => claim !== undefined));
  return {
    batches: window.longPage.batches,
    marks: marks.length,
    inView: inView.length,
    inViewBatches: batches(inView),
    firstPartBatches: batches(document.querySelectorAll('#part-1 claimlens-mark')),
    lastPartMarks: document.querySelectorAll('#part-12 claimlens-mark').length,
    claims: claims.size,
    buttons: marks.filter((mark) => mark.getAttribute('role') === 'button').length,
    textUnchanged: document.body.textContent === window.claimlensFixture.textBefore,
  };
}

/** In the page: the body as it is now and as it was before any mark. */
export function pageNowAndBefore() {
  return {
    text: document.body.textContent,
    html: document.body.innerHTML,
    before: window.claimlensFixture,
    added: window.longPage.added,
  };
}

/**
 * The long page was marked in several slices, the marks in the window in the
 * first of them and the first part (above the window) later, and in the end
 * all of it: both ends of the article, one button per claim, the text as it was.
 */
export function assertSlicedVisibleFirst(t, facts) {
  t.diagnostic(`${facts.marks} marks in ${facts.batches} slices; ${facts.inView} in the window, added by slice(s) ${facts.inViewBatches}; the first part's by ${facts.firstPartBatches}`);
  assert.ok(facts.batches >= 2, 'marked in more than one slice');
  assert.ok(facts.inView > 0, 'the part in the window is marked');
  assert.equal(facts.inViewBatches[0], 1, 'the first slice marks the window');
  assert.ok(facts.firstPartBatches.length > 0, 'the first part is marked');
  assert.ok(facts.firstPartBatches[0] > facts.inViewBatches.at(-1), 'the first part, above the window, is marked after all of the window');
  assertComplete(facts);
}

export function assertComplete(facts) {
  assert.ok(facts.firstPartBatches.length > 0, 'the first part is marked');
  assert.ok(facts.lastPartMarks > 0, 'the last part is marked');
  assert.equal(facts.buttons, facts.claims, 'each claim has one button');
  assert.ok(facts.textUnchanged, 'marking never changes the text');
}

/** Switched off during the marking: the page is exactly as before, and no later slice adds anything. */
export function assertRestored(t, state, marksWhenOff, totalMarks) {
  t.diagnostic(`switched off with ${marksWhenOff} of ${totalMarks} marks placed${marksWhenOff < totalMarks ? ', during the marking' : ' (after the marking: this run did not test the interruption)'}`);
  assert.equal(state.text, state.before.textBefore, 'document.body.textContent is exactly as before');
  assert.equal(state.html, state.before.htmlBefore, 'the DOM is restored node for node');
}
