// Runs in the head, before any content script: replaces built-ins a content
// script might use, each replacement counting its calls in the page's own
// books (hostile.counters). Content scripts run in an isolated world
// (Chromium) or see the page through Xray wrappers (Firefox), so annotating
// the page must add nothing to these counters, and must still work although
// JSON, Promise and Array.prototype.map here are broken.
(() => {
  const counters = window.hostile.counters;
  const count = (name) => { counters[name] = (counters[name] ?? 0) + 1; };
  const wrap = (owner, name) => {
    const original = owner[name];
    owner[name] = function hostileWrapper(...args) {
      count(name);
      return original.apply(this, args);
    };
  };
  // DOM methods a highlighter uses: they still work, but the page counts every call.
  for (const name of ['appendChild', 'insertBefore', 'removeChild', 'replaceChild']) wrap(Node.prototype, name);
  wrap(Text.prototype, 'splitText');
  wrap(Element.prototype, 'attachShadow');
  wrap(Element.prototype, 'setAttribute');
  wrap(Element.prototype, 'closest');
  wrap(Element.prototype, 'matches');
  wrap(Document.prototype, 'createElement');
  wrap(Document.prototype, 'querySelectorAll');
  wrap(window, 'getComputedStyle');
  // Built-ins that a content script sharing this world would break on.
  const brokenJSON = {
    parse() { count('JSON.parse'); throw new Error('hostile JSON.parse'); },
    stringify() { count('JSON.stringify'); return '"hostile"'; },
  };
  Object.defineProperty(window, 'JSON', { value: brokenJSON, configurable: true, writable: true });
  const OriginalPromise = window.Promise;
  window.Promise = function HostilePromise(executor) {
    count('Promise');
    return new OriginalPromise(executor);
  };
  window.Promise.resolve = () => { count('Promise.resolve'); throw new Error('hostile Promise.resolve'); };
  Array.prototype.map = function hostileMap() { count('Array.prototype.map'); return []; };
  Array.prototype.forEach = function hostileForEach() { count('Array.prototype.forEach'); };
  Object.defineProperty(Object.prototype, 'then', {
    get() { count('Object.prototype.then'); return undefined; },
    configurable: true,
  });
  window.MutationObserver = function HostileObserver() { count('MutationObserver'); throw new Error('hostile MutationObserver'); };
  window.requestAnimationFrame = () => { count('requestAnimationFrame'); return 0; };
  window.setTimeout = () => { count('setTimeout'); return 0; };
  // A custom element under the extension's own tag name.
  customElements.define('claimlens-mark', class extends HTMLElement {
    connectedCallback() { count('claimlens-mark connected'); }
  });
  document.addEventListener('click', () => count('click'));
})();
