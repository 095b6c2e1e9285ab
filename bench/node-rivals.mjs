// Worker: the JavaScript libraries a reader could use instead, on the same
// documents, in a fresh Node process each (so their first pass is cold too).
//
//   node bench/node-rivals.mjs '{"lib": "compromise"|"compromise-dates"|"wink", "doc": "FILE"}'
//
// What each one is asked for, the closest each offers to ClaimLens's
// names + time + numbers:
//   compromise        people, places and organisations (nlp(text).people() ...)
//   compromise-dates  the same plus dates() resolved against the page date
//   wink              wink-nlp's entities (dates, times, numbers, no name types)
//                     with wink-eng-lite-web-model
// Each result is turned into plain arrays, as ClaimLens returns plain objects.
import { readFileSync } from 'node:fs';
import { countWords } from './lib/text.mjs';
import { repeat } from './lib/measure.mjs';

const PUBLISHED = '2023-10-19';
const options = JSON.parse(process.argv[2] ?? '{}');
const text = readFileSync(options.doc, 'utf8');

let started = performance.now();
let analyse;
if (options.lib === 'compromise' || options.lib === 'compromise-dates') {
  const { default: nlp } = await import('compromise');
  if (options.lib === 'compromise-dates') {
    const { default: dates } = await import('compromise-dates');
    nlp.plugin(dates);
    analyse = (input) => {
      const doc = nlp(input);
      return {
        people: doc.people().out('array'),
        places: doc.places().out('array'),
        organizations: doc.organizations().out('array'),
        dates: doc.dates({ today: PUBLISHED }).json(),
      };
    };
  } else {
    analyse = (input) => {
      const doc = nlp(input);
      return { people: doc.people().out('array'), places: doc.places().out('array'), organizations: doc.organizations().out('array') };
    };
  }
} else if (options.lib === 'wink') {
  const { default: winkNLP } = await import('wink-nlp');
  const { default: model } = await import('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  analyse = (input) => {
    const doc = nlp.readDoc(input);
    return { entities: doc.entities().out(nlp.its.detail), sentences: doc.sentences().length() };
  };
} else {
  throw new Error(`unknown library ${options.lib}`);
}
const loadMs = performance.now() - started;

started = performance.now();
let found = analyse(text);
const coldMs = performance.now() - started;
console.log(JSON.stringify({ loadMs, coldMs, warmMs: [], words: countWords(text), found: {} })); // partial, in case of a time limit
const warmMs = options.repeat?.maxReps === 0 ? [] : repeat(() => { found = analyse(text); }, options.repeat);
const counts = Object.fromEntries(Object.entries(found).map(([key, value]) => [key, Array.isArray(value) ? value.length : value]));
console.log(JSON.stringify({
  loadMs, coldMs, warmMs, words: countWords(text), found: counts,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
}));
