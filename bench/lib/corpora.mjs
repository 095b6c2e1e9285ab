// The corpus scale series: corpora of 100 to 100,000 generated news articles,
// compiled with `claimlens corpus build`, cached in bench/.work/.
//
// Each article recombines 10 to 30 real sentences (see text.mjs) and varies
// what a corpus index keys on: people, organisations and places are swapped
// for others of the same kind (drawn with a Zipf-like skew, so a few names
// recur across thousands of articles as "Russia" or "Lavrov" do in real news,
// and most are rare), and numbers, years, days of the month and weekdays are
// redrawn. The engine's own reading of the source sentences (CLI `annotate`)
// says where the names are and of which kind.
//
// Cache: the article folders depend only on the source text and this file's
// GENERATOR_VERSION (bump it whenever the generation changes); compiled .clc
// files also depend on the engine, so they are rebuilt whenever the claimlens
// binary changes, and the build time measured then is kept beside them.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, WORK_DIR, countWords, rng, shuffle } from './text.mjs';

export const GENERATOR_VERSION = 1;
export const CLI = join(REPO_ROOT, 'target', 'release', 'claimlens');

const MIN_SENTENCES = 10;
const MAX_SENTENCES = 30;
/** Chance that a name keeps its real value in an article (the rest are swapped). */
const KEEP_NAME = 0.3;
/** Zipf-like skew of name draws: index = floor(n * u^SKEW); 3 gives the top 1% about a fifth of draws. */
const SKEW = 3;

// World capitals and large cities: places that real news names, to widen the
// small set of places the source texts mention.
const EXTRA_PLACES = [
  'Abuja', 'Accra', 'Addis Ababa', 'Algiers', 'Amman', 'Ankara', 'Athens', 'Baghdad', 'Bangkok', 'Beijing',
  'Beirut', 'Belgrade', 'Berlin', 'Bogota', 'Brasilia', 'Brussels', 'Bucharest', 'Budapest', 'Buenos Aires',
  'Cairo', 'Caracas', 'Dakar', 'Damascus', 'Dhaka', 'Doha', 'Dublin', 'Hanoi', 'Havana', 'Helsinki',
  'Islamabad', 'Jakarta', 'Kabul', 'Kampala', 'Karachi', 'Khartoum', 'Kinshasa', 'Lagos', 'Lima', 'Lisbon',
  'Madrid', 'Manila', 'Mexico City', 'Minsk', 'Nairobi', 'New Delhi', 'Oslo', 'Ottawa', 'Paris', 'Prague',
  'Riga', 'Riyadh', 'Rome', 'Santiago', 'Seoul', 'Stockholm', 'Taipei', 'Tashkent', 'Tbilisi', 'Tehran',
  'Tokyo', 'Tripoli', 'Tunis', 'Vienna', 'Vilnius', 'Warsaw', 'Yerevan', 'Zagreb', 'Mumbai', 'Shanghai',
  'Istanbul', 'Johannesburg', 'Sydney', 'Toronto', 'Chicago', 'Houston', 'Marseille', 'Milan',
];

const ORG_HEADS = [
  'Ministry of Defence', 'Central Bank', 'Electoral Commission', 'Supreme Court', 'National Assembly',
  'Chamber of Commerce', 'Red Cross', 'Football Federation', 'Energy Agency', 'Health Ministry',
  'Port Authority', 'Stock Exchange', 'Air Force', 'Interior Ministry', 'Journalists Union',
];

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
// Order matters: a day after a month name, then a year, then any other number, then weekdays.
const VARIABLE = new RegExp(`(${MONTH} )(\\d{1,2})\\b|\\b((?:19|20)\\d\\d)\\b|\\b(\\d[\\d,]*(?:\\.\\d+)?)\\b|\\b(${WEEKDAYS.join('|')})\\b`, 'g');

function sha(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * The source sentences with the entities the engine finds in them, cached.
 * @returns {{text: string, entities: {start: number, end: number, kind: string, id: string}[]}[]}
 */
export function annotatedPool(sentences) {
  const joined = sentences.map((s) => s.text).join('\n\n');
  const key = `v${GENERATOR_VERSION}-${sha(joined)}`;
  const cache = join(WORK_DIR, `pool-${key}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8'));
  mkdirSync(WORK_DIR, { recursive: true });
  const input = join(WORK_DIR, 'pool.txt');
  writeFileSync(input, joined);
  const out = JSON.parse(execFileSync(CLI, ['annotate', input], { maxBuffer: 1 << 30, encoding: 'utf8' }));
  const entities = out.annotation.entities;
  const pool = [];
  let offset = 0;
  let e = 0;
  for (const { text } of sentences) {
    const end = offset + text.length;
    const inside = [];
    while (e < entities.length && entities[e].start < end) {
      const entity = entities[e];
      if (entity.start >= offset && entity.end <= end) {
        inside.push({ start: entity.start - offset, end: entity.end - offset, kind: entity.kind, id: entity.id });
      }
      e += 1;
    }
    pool.push({ text, entities: inside });
    offset = end + 2;
  }
  writeFileSync(cache, JSON.stringify(pool));
  return pool;
}

/** Names to swap in, by kind, most frequent first after a deterministic shuffle. */
function vocabulary(pool, random) {
  const seen = { PERSON: new Set(), ORG: new Set(), PLACE: new Set() };
  const firsts = new Set();
  const lasts = new Set();
  for (const sentence of pool) {
    for (const entity of sentence.entities) {
      const text = sentence.text.slice(entity.start, entity.end);
      if (!seen[entity.kind]) continue;
      seen[entity.kind].add(text);
      const words = text.split(' ');
      if (entity.kind === 'PERSON' && words.length >= 2 && words.every((w) => /^[A-Z][a-z'’-]+$/.test(w))) {
        firsts.add(words[0]);
        lasts.add(words[words.length - 1]);
      }
    }
  }
  // Every real first name with every real last name: tens of thousands of plausible people.
  const people = [];
  for (const first of firsts) for (const last of lasts) people.push(`${first} ${last}`);
  const places = [...new Set([...seen.PLACE, ...EXTRA_PLACES])];
  const orgs = [...seen.ORG];
  for (const place of places) for (const head of ORG_HEADS) orgs.push(`${place} ${head}`);
  return {
    PERSON: shuffle(people.length ? people : [...seen.PERSON], random),
    PLACE: shuffle(places, random),
    ORG: shuffle(orgs, random),
  };
}

function zipf(list, random) {
  return list[Math.floor(list.length * random() ** SKEW)];
}

function pad(n, width) {
  return String(n).padStart(width, '0');
}

/** Redraws the numbers, years, days and weekdays of a stretch of text without names. */
function varyFacts(text, random, year) {
  return text.replace(VARIABLE, (match, month, day, someYear, number, weekday) => {
    if (month) return `${month}${1 + Math.floor(random() * 28)}`;
    if (someYear) return String(year - Math.floor(random() * 4));
    if (weekday) return WEEKDAYS[Math.floor(random() * 7)];
    const digits = number.replace(/\D/g, '').length;
    const value = Math.floor(10 ** (digits - 1) + random() * 9 * 10 ** (digits - 1));
    return number.includes(',') ? value.toLocaleString('en-US') : String(value);
  });
}

/** One sentence with its names swapped (consistently within the article) and facts redrawn. */
function varySentence(sentence, names, vocab, random, year) {
  let out = '';
  let at = 0;
  for (const entity of sentence.entities) {
    out += varyFacts(sentence.text.slice(at, entity.start), random, year);
    const original = sentence.text.slice(entity.start, entity.end);
    let replacement = original;
    if (vocab[entity.kind]) {
      if (!names.has(entity.id)) names.set(entity.id, random() < KEEP_NAME ? null : zipf(vocab[entity.kind], random));
      const chosen = names.get(entity.id);
      if (chosen) {
        // A short mention ("Lavrov") of a person gets the short form of the swapped name.
        replacement = entity.kind === 'PERSON' && !original.includes(' ') ? chosen.split(' ').at(-1) : chosen;
      }
    }
    out += replacement;
    at = entity.end;
  }
  return out + varyFacts(sentence.text.slice(at), random, year);
}

function isoDate(random) {
  const start = Date.UTC(2015, 0, 1);
  const day = Math.floor(random() * 11 * 365);
  return new Date(start + day * 86400000).toISOString().slice(0, 10);
}

/**
 * Writes `count` articles and their manifest.json into `dir` (replacing it).
 * @returns {{words: number, textBytes: number}}
 */
function writeArticles(pool, count, dir, seed) {
  const random = rng(seed);
  const vocab = vocabulary(pool, rng(seed ^ 0x5eed));
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const manifest = [];
  const width = String(count).length;
  let words = 0;
  let textBytes = 0;
  for (let a = 0; a < count; a += 1) {
    const published = isoDate(random);
    const year = Number(published.slice(0, 4));
    const names = new Map();
    const sentenceCount = MIN_SENTENCES + Math.floor(random() * (MAX_SENTENCES - MIN_SENTENCES + 1));
    const sentences = [];
    for (let s = 0; s < sentenceCount; s += 1) {
      sentences.push(varySentence(pool[Math.floor(random() * pool.length)], names, vocab, random, year));
    }
    // A headline from the first sentence's opening words, as a wire story starts.
    const title = sentences[0].split(' ').slice(0, 10).join(' ').replace(/[.,;:!?'"’”`]+$/, '');
    const paragraphs = [];
    for (let s = 0; s < sentences.length;) {
      const size = 1 + Math.floor(random() * 3);
      paragraphs.push(sentences.slice(s, s + size).join(' '));
      s += size;
    }
    const body = `${title}\n${paragraphs.join('\n')}\n`;
    const file = `a${pad(a, width)}.txt`;
    writeFileSync(join(tmp, file), body);
    manifest.push({ file, title, outlet: 'ClaimLens bench wire', url: null, published });
    words += countWords(body);
    textBytes += Buffer.byteLength(body);
  }
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({
    about: `Generated by bench/lib/corpora.mjs (generator v${GENERATOR_VERSION}) from recombined real news sentences; research text, never commit.`,
    articles: manifest,
  }));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { words, textBytes };
}

function engineStamp() {
  const stat = statSync(CLI);
  return `${stat.size}-${Math.floor(stat.mtimeMs)}`;
}

/**
 * A compiled corpus of `count` generated articles, generated and built when
 * not cached. The build time is measured when it is built (wall clock, one
 * run of `claimlens corpus build`) and remembered with the file.
 * @returns {{count, file, bytes, words, textBytes, buildSeconds, cachedBuild: boolean}}
 */
export function ensureCorpus(pool, count, log = () => {}) {
  const base = join(WORK_DIR, 'corpora', `v${GENERATOR_VERSION}-${count}`);
  const dir = join(base, 'articles');
  const infoPath = join(base, 'articles.json');
  mkdirSync(base, { recursive: true });
  let info = existsSync(infoPath) && existsSync(dir) ? JSON.parse(readFileSync(infoPath, 'utf8')) : null;
  if (!info) {
    log(`generating ${count.toLocaleString('en-US')} articles`);
    const started = performance.now();
    info = writeArticles(pool, count, dir, 1000 + count);
    info.generateSeconds = (performance.now() - started) / 1000;
    writeFileSync(infoPath, JSON.stringify(info));
  }
  const file = join(base, 'corpus.clc');
  const buildPath = join(base, 'build.json');
  const stamp = engineStamp();
  let build = existsSync(buildPath) && existsSync(file) ? JSON.parse(readFileSync(buildPath, 'utf8')) : null;
  let cachedBuild = true;
  if (!build || build.stamp !== stamp) {
    log(`building the ${count.toLocaleString('en-US')}-article corpus`);
    const started = performance.now();
    execFileSync(CLI, ['corpus', 'build', dir, '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    build = { stamp, buildSeconds: (performance.now() - started) / 1000 };
    writeFileSync(buildPath, JSON.stringify(build));
    cachedBuild = false;
  }
  return { count, file, bytes: statSync(file).size, ...info, buildSeconds: build.buildSeconds, cachedBuild };
}

/** A corpus of one article that mentions nothing: the engine without corpus linking. */
export function ensureEmptyCorpus() {
  const base = join(WORK_DIR, 'corpora', 'empty');
  const dir = join(base, 'articles');
  const file = join(base, 'corpus.clc');
  const stampPath = join(base, 'stamp');
  const stamp = engineStamp();
  if (existsSync(file) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return file;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'empty.txt'), 'nothing to see here at all.\n');
  execFileSync(CLI, ['corpus', 'build', dir, '-o', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(stampPath, stamp);
  return file;
}
