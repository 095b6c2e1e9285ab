// Styles of the claim note. They live inside the note's shadow root, so page
// CSS cannot reach them and they cannot leak into the page.
//
// Relation colours follow the Okabe–Ito palette, chosen to stay distinct for
// the common forms of colour blindness; each relation also has a symbol and a
// word, and the same underline style as its mark in the text.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  ClaimLens.NOTE_CSS = `
:host {
  all: initial !important;
  position: fixed !important;
  top: 0 !important;
  left: 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  z-index: 2147483647 !important;
  display: block !important;
}
.note {
  --ink: #1f2328;
  --muted: #59636e;
  --paper: #fbfaf7;
  --rule: #d8d4cc;
  --corroborates: #0072b2;
  --conflicts: #d55e00;
  --other_event: #aa4499;
  --related: #6e6e6e;
  --none: #8a8a8a;
  --mark: rgba(230, 159, 0, 0.30);
  --panel: #f1eee7;
  position: absolute;
  box-sizing: border-box;
  width: min(26rem, calc(100vw - 16px));
  max-height: min(70vh, 32rem);
  display: flex;
  flex-direction: column;
  padding: 14px 16px 12px;
  background: var(--paper);
  color: var(--ink);
  border: 1px solid var(--rule);
  border-radius: 10px;
  box-shadow: 0 10px 30px rgba(0, 0, 0, 0.16), 0 2px 6px rgba(0, 0, 0, 0.08);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  text-align: left;
  outline: none;
}
@media (prefers-color-scheme: dark) {
  .note {
    --ink: #e8e6e1;
    --muted: #a9a59c;
    --paper: #23262b;
    --rule: #3d4148;
    --corroborates: #56b4e9;
    --conflicts: #e69f00;
    --other_event: #cc79a7;
    --related: #a0a0a0;
    --none: #8f8f8f;
    --mark: rgba(230, 159, 0, 0.38);
    --panel: #2c3036;
    box-shadow: 0 10px 30px rgba(0, 0, 0, 0.5);
  }
}
.note:focus-visible { outline: 2px solid var(--corroborates); outline-offset: 2px; }
header { flex: none; display: flex; align-items: baseline; gap: 8px; margin: 0 0 6px; }
/* Only the middle scrolls: the close and hide buttons stay in reach. */
.content { flex: 1 1 auto; min-height: 0; overflow: auto; overscroll-behavior: contain; }
.brand {
  font-size: 11px; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase;
  color: var(--muted);
}
h2 { flex: 1; margin: 0; font-size: 15px; font-weight: 600; }
button {
  font: inherit; color: inherit; background: transparent; cursor: pointer;
  border: 1px solid transparent; border-radius: 6px;
}
button:focus-visible { outline: 2px solid var(--corroborates); outline-offset: 1px; }
.close { font-size: 18px; line-height: 1; padding: 2px 7px; color: var(--muted); }
.close:hover { border-color: var(--rule); color: var(--ink); }
.summary { margin: 0 0 10px; color: var(--muted); }
.mentions { margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.mentions b { font-weight: 600; color: var(--ink); }
ol { list-style: none; margin: 0; padding: 0; }
li.link { padding: 10px 0; border-top: 1px solid var(--rule); }
.title-row { display: flex; gap: 8px; align-items: baseline; }
.badge {
  flex: none; font-size: 12px; font-weight: 600; padding: 1px 7px; border-radius: 999px;
  border: 1px solid currentColor; white-space: nowrap;
  text-decoration-line: underline; text-underline-offset: 3px; text-decoration-thickness: 1.5px;
}
.badge[data-relation="corroborates"] { color: var(--corroborates); text-decoration-style: solid; }
.badge[data-relation="conflicts"] { color: var(--conflicts); text-decoration-style: wavy; }
.badge[data-relation="other_event"] { color: var(--other_event); text-decoration-style: dashed; }
.badge[data-relation="related"] { color: var(--related); text-decoration-style: dotted; }
.badge[data-relation="none"] { color: var(--none); text-decoration-style: dotted; }
.title { font-weight: 600; overflow-wrap: anywhere; }
.meta { margin: 2px 0 6px; font-size: 12.5px; color: var(--muted); display: flex; flex-wrap: wrap; align-items: center; gap: 0 4px; }
blockquote {
  margin: 0; padding: 2px 0 2px 10px; border-left: 3px solid var(--rule);
  font-family: Georgia, "Iowan Old Style", "Times New Roman", serif; font-size: 14px;
}
blockquote.claim {
  margin: 0 0 8px; padding: 0; border: 0; font-size: 15px; line-height: 1.5;
}
/* The differing slot: the phrase is underlined, its differing words are
   bold on a tint, so the cue survives without colour (and in print). */
.slot-mark { text-decoration: underline 1px; text-underline-offset: 2px; text-decoration-color: var(--muted); }
mark {
  color: inherit; font-weight: 700; border-radius: 3px; padding: 0 1px;
  background: var(--mark);
}
.differences {
  margin: 0 0 10px; padding: 7px 10px; list-style: none; font-size: 13px;
  background: var(--panel); border-radius: 7px;
}
.differences li { margin: 2px 0; }
.slot { font-weight: 600; }
.value { font-weight: 500; }
.links { margin-top: 2px; }
.title.untitled { font-weight: 500; font-style: italic; }
.open {
  padding: 0 6px; font-size: 12.5px; color: var(--corroborates); border-color: var(--rule);
}
.open:hover { background: rgba(127, 127, 127, 0.12); }
.empty { margin: 6px 0; color: var(--muted); }
footer {
  flex: none;
  display: flex; justify-content: space-between; align-items: center; gap: 8px;
  margin-top: 8px; padding-top: 8px; border-top: 1px solid var(--rule);
  font-size: 12px; color: var(--muted);
}
.hide-all { padding: 3px 8px; border-color: var(--rule); }
.hide-all:hover { background: rgba(127, 127, 127, 0.12); }
`;
})();
