// Loaded first in the <head> of the generated e2e pages (bench/.work/pages/):
// watches, from the page's side, what the ClaimLens content script does, with
// no hook in the product.
//
// - DOMContentLoaded time;
// - every batch of <claimlens-mark> elements added, and when the frame after
//   the last batch was painted (requestAnimationFrame runs just before the
//   paint; a task queued from it runs after the frame is produced);
// - long tasks (PerformanceObserver 'longtask': main-thread tasks over 50 ms,
//   content scripts included, since they share the page's main thread).
//
// The runner reads window.benchProbe.
(() => {
  const probe = {
    domContentLoaded: null,
    markBatches: [], // {at, marks}
    lastMarkPaintedAt: null,
    marks: 0,
    longTasks: [], // {start, duration}
  };
  window.benchProbe = probe;

  document.addEventListener('DOMContentLoaded', () => { probe.domContentLoaded = performance.now(); });

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    probe.longTasks = null; // not supported
  }

  const MARK = 'CLAIMLENS-MARK';
  new MutationObserver((records) => {
    let added = 0;
    for (const record of records) {
      for (const node of record.addedNodes) if (node.nodeName === MARK) added += 1;
    }
    if (!added) return;
    const at = performance.now();
    probe.marks += added;
    probe.markBatches.push({ at, marks: added });
    requestAnimationFrame(() => setTimeout(() => {
      if (probe.markBatches.at(-1).at === at) probe.lastMarkPaintedAt = performance.now();
    }, 0));
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
