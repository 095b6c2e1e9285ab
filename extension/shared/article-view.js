// Renders a corpus article's text as paragraphs, with one passage (the
// evidence sentence of a link) marked, for the reader page and the demo's
// in-page reader. Text only ever enters the DOM as Text nodes.
//
// An ES module: imported by reader/reader.js and the demo page.

/**
 * Fills `container` with one <p> per non-blank line of `text` and wraps
 * UTF-16 range [start, end) in <mark class="evidence"> (one per paragraph
 * it touches).
 * @returns {HTMLElement|null} the first evidence mark, to scroll to
 */
export function renderArticleText(container, text, { start, end } = {}) {
  const doc = container.ownerDocument;
  const hasRange = Number.isInteger(start) && Number.isInteger(end) && end > start;
  const paragraphs = [];
  let first = null;
  let offset = 0;
  for (const line of String(text ?? '').split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.trim() === '') continue;
    const paragraph = doc.createElement('p');
    const from = hasRange ? Math.max(start, lineStart) - lineStart : -1;
    const to = hasRange ? Math.min(end, lineStart + line.length) - lineStart : -1;
    if (to > from && from >= 0) {
      const mark = doc.createElement('mark');
      mark.className = 'evidence';
      mark.textContent = line.slice(from, to);
      paragraph.append(line.slice(0, from), mark, line.slice(to));
      first ??= mark;
    } else {
      paragraph.textContent = line;
    }
    paragraphs.push(paragraph);
  }
  container.replaceChildren(...paragraphs);
  return first;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "19 October 2023", or "Date unknown". */
export function formatDate(iso) {
  const parsed = iso ? new Date(`${iso}T00:00:00Z`) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? LONG_DATE.format(parsed) : 'Date unknown';
}
