// Loaded first in the <head> of the generated e2e pages (bench/.work/pages/):
// watches, from the page's side, what the ClaimLens content script does, with
// no hook in the product.
//
// - DOMContentLoaded: the navigation timing's domContentLoadedEventStart, so
//   that a listener that runs before ours (a content script injected at
//   document_start registers first) cannot move the starting line;
// - every batch of <claimlens-mark> elements added, and when the frame after
//   each batch was painted (requestAnimationFrame runs just before the paint;
//   a task queued from it runs after the frame is produced);
// - long tasks (PerformanceObserver 'longtask': main-thread tasks over 50 ms,
//   content scripts included, since they share the page's main thread).
//
// The runner reads window.benchProbe, and window.benchVisibleDone() once the
// marks have stopped coming: when the marks now in the window were painted.
(() => {
  const probe = {
    domContentLoaded: null,
    markBatches: [], // {at, marks, paintedAt}
    lastMarkPaintedAt: null,
    marks: 0,
    longTasks: [], // {start, duration}
  };
  window.benchProbe = probe;
  const batchOf = new WeakMap(); // mark -> its batch

  document.addEventListener('DOMContentLoaded', () => {
    const navigation = performance.getEntriesByType('navigation')[0];
    probe.domContentLoaded = navigation?.domContentLoadedEventStart || performance.now();
  });

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    probe.longTasks = null; // not supported
  }

  const MARK = 'CLAIMLENS-MARK';
  new MutationObserver((records) => {
    const batch = { at: performance.now(), marks: 0, paintedAt: null };
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeName !== MARK) continue;
        batch.marks += 1;
        batchOf.set(node, batch);
      }
    }
    if (!batch.marks) return;
    probe.marks += batch.marks;
    probe.markBatches.push(batch);
    requestAnimationFrame(() => setTimeout(() => {
      batch.paintedAt = performance.now();
      if (probe.markBatches.at(-1) === batch) probe.lastMarkPaintedAt = batch.paintedAt;
    }, 0));
  }).observe(document.documentElement, { childList: true, subtree: true });

  /** When the last of the marks now inside the window was painted (ms), or null. */
  window.benchVisibleDone = () => {
    let done = null;
    for (const mark of document.querySelectorAll('claimlens-mark')) {
      const rect = mark.getBoundingClientRect();
      if (rect.bottom < 0 || rect.top > innerHeight || rect.width === 0) continue;
      const paintedAt = batchOf.get(mark)?.paintedAt;
      if (paintedAt != null) done = Math.max(done ?? 0, paintedAt);
    }
    return done;
  };
})();
