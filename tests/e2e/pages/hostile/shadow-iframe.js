// Fills an open shadow root with a paragraph of the story. The test checks
// that neither it nor the two iframes (whose text is fixed in the HTML) are
// changed or marked: the content script reads the top document's light DOM.
(() => {
  const host = document.getElementById('shadow-host');
  const root = host.attachShadow({ mode: 'open' });
  const paragraph = document.createElement('p');
  paragraph.textContent = 'In an open shadow root: Lavrov met with Choe Con Hui in Pyongyang on Thursday, and John Kirby said on Friday that over 1,000 containers were delivered.';
  root.appendChild(paragraph);
  const frameDocument = (id) => document.getElementById(id).contentDocument;
  window.hostile.extra = () => root.innerHTML;
  window.hostile.frames = () => ['same-origin-frame', 'srcdoc-frame'].map((id) => ({
    id,
    text: frameDocument(id)?.body?.textContent.trim() ?? null,
    marks: frameDocument(id)?.querySelectorAll('claimlens-mark').length ?? null,
  }));
  window.hostile.built();
})();
