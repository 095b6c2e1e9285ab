// Real news sentences, and benchmark documents made by recombining them.
//
// Why recombine instead of repeating one article: a document of one text
// repeated is easier than real text (the same names and dates over and over
// keep every cache warm), and 1M words of distinct news is not something we can
// ship. Shuffling real sentences from many articles keeps the mix of names,
// dates, numbers and sentence lengths of real news at any size.
//
// Sources: the five bundled seeds (corpus/seeds/) and the TimeML news texts of
// ../shared/data/timeml-aquaint/ (AP, NYT and other wire stories, 1998). The
// TimeML texts are for research use only: they are read here to measure, and
// nothing made from them is committed or shipped (bench/.work/ is ignored).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORK_DIR = join(REPO_ROOT, 'bench', '.work');
export const SEEDS_DIR = join(REPO_ROOT, 'corpus', 'seeds');
export const TIMEML_DIR = process.env.CLAIMLENS_TIMEML_DIR
  ?? join(REPO_ROOT, '..', 'shared', 'data', 'timeml-aquaint');

/** Deterministic PRNG (mulberry32): the same seed gives the same documents on every machine. */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle(items, random) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Words as the throughput figures count them: runs of non-whitespace. */
export function countWords(text) {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}

const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text) {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => XML_ENTITIES[name]);
}

/** The title and body of a TimeML file as plain paragraphs (tags stripped). */
function timemlParagraphs(xml) {
  const title = /<TITLE>([\s\S]*?)<\/TITLE>/.exec(xml)?.[1] ?? '';
  const body = /<TEXT>([\s\S]*?)<\/TEXT>/.exec(xml)?.[1] ?? '';
  return [title, ...body.split(/\n\s*\n/)]
    .map((p) => decodeXml(p.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

// A period after one of these does not end a sentence ("Sept. 7", "Mr. Lavrov", "U.S. embassy").
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'capt', 'sgt', 'maj',
  'adm', 'cmdr', 'rev', 'st', 'jr', 'sr', 'no', 'vs', 'inc', 'corp', 'co', 'ltd', 'jan', 'feb',
  'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'pres',
]);

/** Splits a paragraph into sentences with a rule that is good enough for recombining news. */
export function splitSentences(paragraph) {
  const out = [];
  let start = 0;
  const boundary = /[.!?]['"’”)]*\s+(?=["“‘'(]?[A-Z0-9])/g;
  for (let match = boundary.exec(paragraph); match; match = boundary.exec(paragraph)) {
    const before = paragraph.slice(start, match.index + 1);
    const lastWord = /([A-Za-z.]+)\.$/.exec(before)?.[1] ?? '';
    const bare = lastWord.replace(/\./g, '').toLowerCase();
    // "U.S." and "J." are initials or acronyms, not sentence ends, when followed by a capital.
    if (ABBREVIATIONS.has(bare) || /^([A-Za-z]\.)+[A-Za-z]?$/.test(lastWord) || /^[A-Z]$/.test(lastWord)) continue;
    out.push(paragraph.slice(start, match.index + match[0].trimEnd().length).trim());
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * Every usable sentence of the real news texts, with where it came from.
 * Sentences under four words (datelines, bylines, list debris) are left out.
 * @returns {{sentences: {text: string, source: string}[], sources: {name: string, paragraphs: string[], published: string|null}[]}}
 */
export function loadRealText() {
  const sources = [];
  const seedManifest = JSON.parse(readFileSync(join(SEEDS_DIR, 'manifest.json'), 'utf8'));
  for (const article of seedManifest.articles) {
    const raw = readFileSync(join(SEEDS_DIR, article.file), 'utf8');
    const paragraphs = raw.split(/\n+/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
    sources.push({ name: `seeds/${article.file}`, paragraphs, published: article.published });
  }
  if (existsSync(TIMEML_DIR)) {
    for (const file of readdirSync(TIMEML_DIR).filter((f) => f.endsWith('.tml')).sort()) {
      const xml = readFileSync(join(TIMEML_DIR, file), 'utf8');
      const published = /functionInDocument="CREATION_TIME"[^>]*>([0-9-]{10})/.exec(xml)?.[1]
        ?? /value="([0-9-]{10})"[^>]*functionInDocument="CREATION_TIME"/.exec(xml)?.[1] ?? null;
      sources.push({ name: `timeml/${file}`, paragraphs: timemlParagraphs(xml), published });
    }
  } else {
    console.warn(`bench: ${TIMEML_DIR} not found; using the seeds only (less varied text)`);
  }
  const sentences = [];
  for (const source of sources) {
    for (const paragraph of source.paragraphs) {
      for (const sentence of splitSentences(paragraph)) {
        if (countWords(sentence) >= 4) sentences.push({ text: sentence, source: source.name });
      }
    }
  }
  return { sentences, sources };
}

/**
 * A document of at least `words` words: real sentences in a shuffled order
 * (reshuffled each time the pool runs out), in paragraphs of 1 to 4 sentences
 * separated by blank lines, as the content script hands page text to the engine.
 * @returns {{text: string, paragraphs: string[], words: number}}
 */
export function makeDocument(sentences, words, seed) {
  const random = rng(seed);
  const paragraphs = [];
  let order = [];
  let total = 0;
  while (total < words) {
    const size = 1 + Math.floor(random() * 4);
    const parts = [];
    for (let i = 0; i < size && total < words; i += 1) {
      if (order.length === 0) order = shuffle(sentences, random);
      const sentence = order.pop().text;
      parts.push(sentence);
      total += countWords(sentence);
    }
    paragraphs.push(parts.join(' '));
  }
  const text = paragraphs.join('\n\n');
  return { text, paragraphs, words: countWords(text) };
}
