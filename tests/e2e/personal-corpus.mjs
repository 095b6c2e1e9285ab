// Shared facts for the tests of the reader's own corpus (issue 8), in both browsers.
// The fixture pages report one invented event: tunnel-gazette.html is added to
// the corpus, tunnel-herald.html reports the same opening with another figure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADDED_PAGE = '/pages/tunnel-gazette.html';
export const SAME_EVENT_PAGE = '/strict/tunnel-herald.html';
/** What the popup says once the gazette is added: title and outlet from its JSON-LD. */
export const ADDED_STATUS = /Added to your corpus: Selby Rail Tunnel opens under the Harn Estuary \(Brackwater Gazette\)/;
export const ADDED_TITLE = 'Selby Rail Tunnel opens under the Harn Estuary';
/** The herald's claim that conflicts with the gazette (4,000 / 2,400 residents). */
export const CONFLICTING_CLAIM = '4,000 residents';

/**
 * Writes `count` short article files on other subjects to `dir`, for an import
 * long enough to be interrupted. Returns their paths.
 */
export function manyArticleFiles(dir, count) {
  mkdirSync(dir, { recursive: true });
  const paths = [];
  for (let k = 0; k < count; k += 1) {
    const path = join(dir, `note-${String(k).padStart(3, '0')}.txt`);
    writeFileSync(path, [
      `The Farrow Valley council approved ${100 + k} new housing units on Tuesday, the council said.`,
      `Mayor Ines Dalgaard said construction of block ${k} would begin in ${2026 + (k % 3)}.`,
      `About ${20 + k} residents spoke at the public hearing in Farrow, according to the minutes.`,
    ].join('\n\n'));
    paths.push(path);
  }
  return paths;
}
