// Cutting the content script's work on the page's main thread into short
// tasks, so that the page stays responsive while a long article is marked
// (issue 6: no task over 50 ms).
//
// Used by: main.js, session.js, highlight.js.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  // A message on our own channel is a new task with no delay. setTimeout(0)
  // is clamped to 4 ms once nested a few levels deep, which a long run of
  // slices would pay each time.
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()?.();

  /** Resolves in a new task, after whatever the page has queued (input, rendering). */
  ClaimLens.nextTask = () => new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

  /**
   * Resolves once the next frame has been produced, so what was just changed
   * is on screen; or after `timeoutMs` when no frame comes (a hidden tab
   * produces none).
   */
  ClaimLens.nextFrame = (timeoutMs = 100) => new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      // rAF runs just before the frame is drawn; the task after it, after.
      ClaimLens.nextTask().then(resolve);
    });
  });
})();
