// What differs between a claim and a corpus sentence, made readable: the
// engine says `{slot: "name", here: "Choe Con Hui", there: "Choe Son Hui"}`;
// the note shows "Choe **Con** Hui here, Choe **Son** Hui in 2 sources" and
// marks the phrase inside the evidence sentence.
//
// Pure text work, no DOM: note.js turns the pieces into elements.
//
// Used by: note.js (and the demo page, through note.js).
(() => {
  const ClaimLens = globalThis.ClaimLens;

  // "Saturday (2025-07-12)": the engine's weekday with the date it resolved.
  const WEEKDAY_WITH_DATE = /^(\p{L}+)\s*\((\d{4}-\d{2}-\d{2})\)$/u;
  // "Andrey Karlov (former Ambassador to North Korea)": a name with its role.
  const NAME_WITH_ROLE = /^(.*?)\s*\((.+)\)$/;
  // Made on first use: building a date format costs about 15 ms of the page's
  // main thread in Chromium (measured with a CPU profile on a 5k-word page),
  // and this file runs at document_start on every page, most of which never
  // open a note.
  let shortDate = null;
  const formatShortDate = (date) => {
    shortDate ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    return shortDate.format(date);
  };
  const WORD_SPLIT = /([\s\-–—,]+)/;

  /** "Saturday (2025-07-12)" reads "Saturday 12 Jul 2025"; other values as they are. */
  function displayValue(value) {
    const text = String(value ?? '');
    const weekday = WEEKDAY_WITH_DATE.exec(text);
    if (weekday) {
      const date = new Date(`${weekday[2]}T00:00:00Z`);
      if (!Number.isNaN(date.getTime())) return `${weekday[1]} ${formatShortDate(date)}`;
    }
    return text;
  }

  /** The words of a value to look for in a sentence: a role rather than "name (role)". */
  function searchPhrase(slot, value) {
    const text = String(value ?? '');
    if (slot === 'certainty') return null; // "reported (United States)" is a description, not a quote
    const weekday = WEEKDAY_WITH_DATE.exec(text);
    if (weekday) return weekday[1];
    if (slot === 'role') {
      const role = NAME_WITH_ROLE.exec(text);
      if (role) return role[2];
    }
    return text;
  }

  const fold = (word) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

  /**
   * Word-by-word comparison of two short values (longest common subsequence
   * of words, ignoring case and accents): each side as [{text, changed}], the
   * separators kept, so "Choe Con Hui" / "Choe Son-hui" marks only Con / Son.
   */
  function wordDiff(here, there) {
    const a = String(here).split(WORD_SPLIT);
    const b = String(there).split(WORD_SPLIT);
    const isWord = (part, index) => index % 2 === 0 && part !== '';
    const wa = a.map((part, index) => (isWord(part, index) ? fold(part) : null));
    const wb = b.map((part, index) => (isWord(part, index) ? fold(part) : null));
    // LCS table over word positions only; values are a few words long.
    const rows = wa.length + 1;
    const cols = wb.length + 1;
    const table = Array.from({ length: rows }, () => new Array(cols).fill(0));
    for (let i = wa.length - 1; i >= 0; i -= 1) {
      for (let j = wb.length - 1; j >= 0; j -= 1) {
        table[i][j] = wa[i] !== null && wa[i] === wb[j] ? table[i + 1][j + 1] + 1
          : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    const sameA = new Set();
    const sameB = new Set();
    for (let i = 0, j = 0; i < wa.length && j < wb.length;) {
      if (wa[i] !== null && wa[i] === wb[j]) {
        sameA.add(i);
        sameB.add(j);
        i += 1;
        j += 1;
      } else if (table[i + 1][j] >= table[i][j + 1]) i += 1;
      else j += 1;
    }
    const pieces = (parts, words, same) => parts
      .map((text, index) => ({ text, changed: words[index] !== null && !same.has(index) }))
      .filter((piece) => piece.text !== '');
    const hereParts = pieces(a, wa, sameA);
    const thereParts = pieces(b, wb, sameB);
    // Nothing in common at all ("Pyongyang" / "Wonsan"): the whole value differs.
    return { here: hereParts, there: thereParts };
  }

  /**
   * Splits `sentence` around the first occurrence of `phrase` (ignoring case):
   * [{text, marked}], for marking the differing slot inside evidence.
   */
  function locate(sentence, phrase) {
    const text = String(sentence ?? '');
    if (!phrase) return [{ text, marked: false }];
    const at = text.toLowerCase().indexOf(String(phrase).toLowerCase());
    if (at < 0) return [{ text, marked: false }];
    return [
      { text: text.slice(0, at), marked: false },
      { text: text.slice(at, at + phrase.length), marked: true },
      { text: text.slice(at + phrase.length), marked: false },
    ].filter((piece) => piece.text !== '');
  }

  /**
   * The differences of all of a claim's links, grouped: one row per slot and
   * value on the page, with each differing value elsewhere and how many
   * sources give it. Rows follow the order of the links (best first).
   */
  function aggregate(links) {
    const rows = new Map();
    for (const link of links) {
      for (const difference of link.differences ?? []) {
        const key = `${difference.slot}\u0000${difference.here}`;
        if (!rows.has(key)) rows.set(key, { slot: difference.slot, here: difference.here, conflicting: false, there: new Map() });
        const row = rows.get(key);
        row.conflicting ||= Boolean(difference.conflicting);
        const there = row.there.get(difference.there) ?? { value: difference.there, sources: 0, relations: new Set() };
        there.sources += 1;
        there.relations.add(link.relation);
        row.there.set(difference.there, there);
      }
    }
    return [...rows.values()].map((row) => ({ ...row, there: [...row.there.values()] }));
  }

  const SLOT_NAMES = {
    date: 'Date', weekday: 'Day', place: 'Place', number: 'Number', name: 'Spelling',
    role: 'Role', certainty: 'Certainty',
  };
  const slotName = (slot) => SLOT_NAMES[slot] ?? String(slot).replace(/_/g, ' ');

  ClaimLens.differences = { displayValue, searchPhrase, wordDiff, locate, aggregate, slotName };
})();
