// The wasm engine answers what the native CLI answers: the same entities,
// times, quantities, claims, slots and links, for the same text, corpus and
// options. The extension and the demo page read the wasm's objects; the
// accuracy figures and the Rust tests read the native engine. Both are built
// from one Rust core, but the wasm's answer is converted to JS objects in
// src/wasm.rs, so a field added, renamed or dropped on one side only would
// otherwise go unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './server.mjs';
import { requireBuild } from './helpers.mjs';

const PKG = join(REPO_ROOT, 'pkg');
const CLI = join(REPO_ROOT, 'target', 'release', 'claimlens');
const BUNDLED = join(REPO_ROOT, 'dist', 'corpus', 'seeds.clc');

/** Real articles of both fixture corpora, and one text of awkward Unicode. */
function pages() {
  const files = [
    ...readdirSync(join(REPO_ROOT, 'corpus', 'seeds')).filter((f) => f.endsWith('.txt')).map((f) => join(REPO_ROOT, 'corpus', 'seeds', f)),
    ...['b1_wire.txt', 'b4_archive.txt'].map((f) => join(REPO_ROOT, 'testdata', 'corpus-b', f)),
  ];
  return files.map((file) => ({ name: file.slice(REPO_ROOT.length), file }));
}

const ODD_UNICODE = [
  'Ｆｕｌｌｗｉｄｔｈ Sergei Lavrov 🇷🇺 met Kim Jong\u00a0Un in Pyongyang on Thursday, Oct.\u00a019, 2023.',
  'Choe Son-hui said "e\u0301te\u0301" twice; over 1,000 containers 📦 arrived two days later.\r\n',
  'Zero\u200bwidth: Ｄｕｎａｙ, Najin and Ankara — العربية — 北朝鮮 — 2016.',
].join('\n\n');

/** Link scores are f32 sums of logarithms: wasm's libm and the native one may differ in the
 * last bit, so scores are compared to 6 significant digits; everything else exactly. */
function roundScores(value) {
  if (Array.isArray(value)) return value.map(roundScores);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'score' && typeof v === 'number' ? Number(v.toPrecision(6)) : roundScores(v)]));
  }
  return value;
}

function cli(file, args) {
  const out = execFileSync(CLI, ['annotate', '--corpus', BUNDLED, ...args, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return roundScores(JSON.parse(out).annotation);
}

test('the wasm engine and the CLI give the same annotation', async (t) => {
  requireBuild(join(PKG, 'claimlens_bg.wasm'), CLI, BUNDLED);
  const { default: init, Engine } = await import(pathToFileURL(join(PKG, 'claimlens.js')).href);
  await init({ module_or_path: readFileSync(join(PKG, 'claimlens_bg.wasm')) });
  const engine = new Engine(readFileSync(BUNDLED));
  // JSON round trip: the comparison is of what a page can read (no undefined, no prototypes).
  const wasm = (text, options) => roundScores(JSON.parse(JSON.stringify(engine.annotate(text, options))));

  const oddFile = join(mkdtempSync(join(tmpdir(), 'claimlens-parity-')), 'odd.txt');
  writeFileSync(oddFile, ODD_UNICODE);

  let linked = 0;
  for (const { name, file } of [...pages(), { name: 'odd Unicode', file: oddFile }]) {
    const text = readFileSync(file, 'utf8');
    await t.test(name, () => {
      const expected = cli(file, ['--date', '2023-10-19']);
      assert.deepEqual(wasm(text, { published: '2023-10-19' }), expected);
      assert.deepEqual(wasm(text, {}), cli(file, []), 'without a publication date');
      linked += expected.claims.filter((claim) => claim.links.length > 0).length;
    });
  }
  // Excluding an article, as the demo page does for the corpus article it shows.
  const [seed, other] = pages();
  const id = other.file.split('/').pop().replace(/\.txt$/, '');
  await t.test(`${seed.name}, excluding ${id}`, () => {
    const expected = cli(seed.file, ['--date', '2023-10-19', '--exclude', id]);
    assert.deepEqual(wasm(readFileSync(seed.file, 'utf8'), { published: '2023-10-19', exclude: [id] }), expected);
    assert.ok(expected.claims.every((claim) => claim.links.every((link) => link.article !== id)), 'the excluded article is not linked');
  });
  assert.ok(linked > 20, `the comparison covers links too (${linked} linked claims)`);
});
