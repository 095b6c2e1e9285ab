// Fixture helper, run by the page itself: records the body's text and markup
// once parsing is done (`defer`), before any content script reads the page
// (it starts at DOMContentLoaded, which comes after deferred scripts), so
// tests can prove the extension restores them.
window.claimlensFixture = {
  textBefore: document.body.textContent,
  htmlBefore: document.body.innerHTML,
};
