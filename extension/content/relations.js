// The words and symbols ClaimLens uses for each kind of link between a claim
// and a corpus article, in one place so the marks, the note and the demo's
// colour key always say the same thing.
//
// Colour is never the only cue: each relation also has its own underline
// style (see marks.css) and a symbol plus a word in the note's badge.
(() => {
  const ClaimLens = globalThis.ClaimLens;

  const RELATIONS = {
    conflicts: { symbol: '≠', label: 'Conflicts', phrase: 'conflicts with' },
    corroborates: { symbol: '✓', label: 'Corroborates', phrase: 'is corroborated by' },
    other_event: { symbol: '↔', label: 'Other event', phrase: 'resembles a different event in' },
    related: { symbol: '~', label: 'Related', phrase: 'is related to' },
    none: { symbol: '?', label: 'No match', phrase: 'has no match in' },
  };

  // Which relation a mark shows when a claim has several links. A conflict is
  // the most useful thing to notice while reading, so it wins; then support;
  // then the weaker "same kind of event" and "same topic" links.
  const PRIORITY = ['conflicts', 'corroborates', 'other_event', 'related'];

  /** The relation that colours a claim's mark: the strongest among its links. */
  function dominantRelation(links) {
    for (const relation of PRIORITY) {
      if (links.some((link) => link.relation === relation)) return relation;
    }
    return 'none';
  }

  function describe(relation) {
    return RELATIONS[relation] ?? { symbol: '•', label: relation, phrase: 'is linked to' };
  }

  /** One line for screen readers and the note header, e.g. "conflicts with 1 article". */
  function summarize(links) {
    if (links.length === 0) return 'no match in the local corpus';
    const counts = new Map();
    for (const link of links) counts.set(link.relation, (counts.get(link.relation) ?? 0) + 1);
    return [...PRIORITY, ...counts.keys()]
      .filter((relation, index, all) => counts.has(relation) && all.indexOf(relation) === index)
      .map((relation) => {
        const count = counts.get(relation);
        return `${describe(relation).phrase} ${count} article${count === 1 ? '' : 's'}`;
      })
      .join('; ');
  }

  ClaimLens.relations = { RELATIONS, dominantRelation, describe, summarize };
})();
