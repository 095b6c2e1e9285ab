// A readable name for a corpus article that has no headline in its metadata,
// so no reader ever sees a raw id such as "000_c22a917a6e469154": "Untitled
// article" with its outlet, or with the first words of its story.
//
// An ES module with no DOM and no browser API: imported by the background
// (which adds `label` to every link it returns), the reader page and the demo.

const FIRST_WORDS = 9;
// Scrape furniture and datelines before the story starts: "Title: …",
// "date 2023-10-19 Pyongyang [North Korea], October 19 :", "LONDON --".
const LEADING_FURNITURE = [
  /^\s*(title|word count|date)\s*:[^\n]*\n/i,
  /^\s*date\s+\d{4}-\d{2}-\d{2}\s+/i,
  /^[^\n.!?]{0,80}?\s(:|--|—)\s+/,
];

/** The first words of the article's first sentence, past any dateline. */
export function firstWords(text, count = FIRST_WORDS) {
  let rest = String(text ?? '');
  for (let changed = true; changed;) {
    changed = false;
    for (const pattern of LEADING_FURNITURE) {
      const next = rest.replace(pattern, '');
      if (next !== rest) {
        rest = next;
        changed = true;
      }
    }
  }
  const words = rest.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '';
  const shown = words.slice(0, count).join(' ').replace(/[,;:.]+$/, '');
  return words.length > count ? `${shown}…` : shown;
}

/**
 * "Russian foreign minister thanks …" (the title), else "Untitled article
 * from Outlet", else `Untitled article: “North Korean leader Kim Jong Un …”`.
 * @param {{title?: string|null, outlet?: string|null}} info
 * @param {string} [text] the article text, for the first words
 */
export function articleLabel(info, text) {
  if (info?.title) return info.title;
  if (info?.outlet) return `Untitled article from ${info.outlet}`;
  const words = firstWords(text);
  return words ? `Untitled article: “${words}”` : 'Untitled article';
}
