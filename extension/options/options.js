// The options page: the reader's own corpus. Import files, export everything
// as one file, list and delete articles.
//
// Imports are read here, with an engine of this page's own (the wasm runs in
// extension pages; see background/engine-host.js), into records that are then
// written in one IndexedDB transaction (shared/personal-store.js). So an import
// is kept whole or not at all: if this page is closed while files are being
// read, nothing has been written yet; if it is closed during the write, the
// browser aborts the transaction. Once written, the background is told to
// reload, and the next page annotated links to the new articles.
//
// Text from files and articles is only ever set with textContent.

import { bundledEngine, restorePersonal } from '../background/engine-host.js';
import { clearRecords, listRecords, putRecords, toRecord } from '../shared/personal-store.js';

const webext = globalThis.browser ?? globalThis.chrome;
const ClaimLens = globalThis.ClaimLens;
const byId = (id) => document.getElementById(id);

const FORMAT_BY_EXTENSION = {
  txt: 'text', md: 'markdown', markdown: 'markdown', html: 'html', htm: 'html', json: 'manifest', clc: 'corpus',
};
// Elements of an imported web page that are never article text.
const HTML_FURNITURE = 'script, style, noscript, template, nav, footer, aside, form, iframe, svg, button';
const HTML_BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li:not(:has(p)), blockquote:not(:has(p)), pre';

const extensionOf = (name) => name.toLowerCase().match(/\.([a-z]+)$/)?.[1] ?? '';
const kilobytes = (n) => (n < 1e6 ? `${Math.max(1, Math.round(n / 1e3))} KB` : `${(n / 1e6).toFixed(1)} MB`);
const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });

function show(id, text, { error = false } = {}) {
  const element = byId(id);
  element.textContent = text;
  if (error) element.dataset.error = '';
  else element.removeAttribute('data-error');
}

async function tellBackground(type, fields = {}) {
  const reply = await webext.runtime.sendMessage({ type, ...fields });
  if (!reply?.ok) throw new Error(reply?.error ?? 'the ClaimLens background did not answer');
  return reply;
}

// --- the list -----------------------------------------------------------------------------

function articleItem(record) {
  const item = document.createElement('li');
  item.dataset.id = record.id;
  const what = document.createElement('div');
  what.className = 'what';
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = record.title ?? record.url ?? record.id;
  const source = document.createElement('span');
  source.className = 'source';
  source.textContent = [record.outlet, record.published, record.url].filter(Boolean).join(' · ');
  what.append(title, source);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Delete';
  remove.setAttribute('aria-label', `Delete “${title.textContent}”`);
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await tellBackground('personal.remove', { id: record.id });
      await refresh();
    } catch (error) {
      show('import-status', String(error?.message ?? error), { error: true });
      remove.disabled = false;
    }
  });
  item.append(what, remove);
  return item;
}

async function refresh() {
  const records = await listRecords();
  byId('articles').replaceChildren(...records.map(articleItem));
  byId('count').textContent = String(records.length);
  byId('no-articles').hidden = records.length > 0;
  byId('clear').disabled = records.length === 0;
  byId('export').disabled = records.length === 0;
  const size = records.reduce((sum, r) => sum + (r.size ?? 0), 0);
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  byId('storage-use').textContent = records.length === 0 ? ''
    : `${kilobytes(size)} in this browser${estimate?.quota ? `, of ${kilobytes(estimate.quota - (estimate.usage ?? 0) + size)} available` : ''}.`;
  return records;
}

// --- import -------------------------------------------------------------------------------

/** The article text of a web page file: its <article> (or <main>, or body), block by block. */
function htmlArticle(source) {
  const doc = new DOMParser().parseFromString(source, 'text/html'); // inert: nothing runs or loads
  const meta = ClaimLens.pageMetadata(doc);
  for (const element of doc.querySelectorAll(HTML_FURNITURE)) element.remove();
  const root = doc.querySelector('article') ?? doc.querySelector('main') ?? doc.body;
  const blocks = root ? [...root.querySelectorAll(HTML_BLOCKS)].map((b) => b.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean) : [];
  return { meta, text: blocks.length ? blocks.join('\n\n') : (root?.textContent ?? '') };
}

/** Metadata by file name from the chosen manifest.json files (the bundled corpus's schema). */
async function readManifests(files) {
  const byFile = new Map();
  const inline = [];
  for (const file of files) {
    let parsed;
    try {
      parsed = JSON.parse(await file.text());
    } catch (error) {
      throw new Error(`${file.name}: not valid JSON (${error.message})`);
    }
    if (!Array.isArray(parsed?.articles)) throw new Error(`${file.name}: expected {"articles": [...]}, as in the bundled corpus's manifest.json`);
    for (const entry of parsed.articles) {
      if (typeof entry?.text === 'string') inline.push({ name: `${file.name}: ${entry.title ?? entry.file ?? 'article'}`, entry });
      else if (typeof entry?.file === 'string') byFile.set(entry.file, entry);
    }
  }
  return { byFile, inline };
}

function metaFrom(entry) {
  const meta = {};
  for (const field of ['title', 'outlet', 'url', 'published']) {
    if (typeof entry?.[field] === 'string' && entry[field]) meta[field] = entry[field];
  }
  return meta;
}

/**
 * Reads the chosen files into storage records, in an engine of their own
 * (bundled corpus only, so a clash with a bundled id is caught). Throws, naming
 * the file, at the first file that cannot be read; nothing is stored then.
 */
async function readImport(files, progress) {
  const unknown = files.filter((f) => !FORMAT_BY_EXTENSION[extensionOf(f.name)]);
  if (unknown.length) throw new Error(`${unknown[0].name}: not a file ClaimLens imports (.txt, .md, .html, .json, .clc)`);
  const manifests = await readManifests(files.filter((f) => FORMAT_BY_EXTENSION[extensionOf(f.name)] === 'manifest'));
  const articles = files.filter((f) => FORMAT_BY_EXTENSION[extensionOf(f.name)] !== 'manifest');
  const total = articles.length + manifests.inline.length;
  if (total === 0) throw new Error('Nothing to import: the manifest names no article text, and no article files were chosen with it.');
  const added = new Date().toISOString();
  const staging = await bundledEngine();
  try {
    let done = 0;
    const add = (name, meta, text, format) => {
      try {
        staging.addArticle({ ...meta, added, format }, text);
      } catch (error) {
        throw new Error(`${name}: ${error.message}`);
      }
    };
    for (const { name, entry } of manifests.inline) {
      progress(++done, total, name);
      await nextTask();
      add(name, metaFrom(entry), entry.text, 'text');
    }
    for (const file of articles) {
      progress(++done, total, file.name);
      await nextTask(); // lets the page draw the progress, and be closed
      const format = FORMAT_BY_EXTENSION[extensionOf(file.name)];
      if (format === 'corpus') {
        try {
          staging.loadPersonal(new Uint8Array(await file.arrayBuffer()));
        } catch (error) {
          throw new Error(`${file.name}: ${error.message}`);
        }
        continue;
      }
      const source = await file.text();
      const fromManifest = metaFrom(manifests.byFile.get(file.name));
      if (format === 'html') {
        const page = htmlArticle(source);
        add(file.name, { ...metaFrom(page.meta), ...fromManifest }, page.text, 'text');
      } else {
        add(file.name, fromManifest, source, format);
      }
    }
    return staging.personalArticles().map((article) => toRecord(article, staging.articleBytes(article.id)));
  } finally {
    staging.free();
  }
}

async function importFiles(input) {
  const files = [...input.files];
  if (!files.length) return;
  input.disabled = true;
  try {
    const records = await readImport(files, (done, total, name) => show('import-status', `Reading ${done} of ${total}: ${name}`));
    show('import-status', `Saving ${records.length} articles…`);
    await putRecords(records); // one transaction: all or nothing
    await tellBackground('personal.reload');
    await refresh();
    show('import-status', `Imported ${records.length} article${records.length === 1 ? '' : 's'}.`);
  } catch (error) {
    show('import-status', `Nothing was imported. ${String(error?.message ?? error)}`, { error: true });
  } finally {
    input.value = '';
    input.disabled = false;
  }
}

// --- export -------------------------------------------------------------------------------

let exportUrl = null;

async function exportCorpus() {
  const button = byId('export');
  button.disabled = true;
  try {
    const engine = await bundledEngine();
    let bytes;
    let count;
    try {
      const records = await listRecords();
      restorePersonal(engine, records);
      count = engine.personalArticles().length;
      bytes = engine.personalBytes();
    } finally {
      engine.free();
    }
    if (exportUrl) URL.revokeObjectURL(exportUrl);
    exportUrl = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = byId('export-file');
    link.href = exportUrl;
    link.download = `claimlens-corpus-${new Date().toISOString().slice(0, 10)}.clc`;
    link.textContent = `Download again (${link.download})`;
    link.hidden = false;
    link.click();
    show('export-status', `Exported ${count} article${count === 1 ? '' : 's'} (${kilobytes(bytes.byteLength)}).`);
  } catch (error) {
    show('export-status', String(error?.message ?? error), { error: true });
  } finally {
    button.disabled = false;
  }
}

// --- delete all ---------------------------------------------------------------------------

async function clearAll() {
  byId('clear-confirm').hidden = true;
  try {
    await clearRecords();
    await tellBackground('personal.reload');
    show('import-status', 'All your articles were deleted.');
  } catch (error) {
    show('import-status', String(error?.message ?? error), { error: true });
  }
  await refresh();
}

byId('import-files').addEventListener('change', (event) => importFiles(event.target));
byId('export').addEventListener('click', exportCorpus);
byId('clear').addEventListener('click', () => { byId('clear-confirm').hidden = false; byId('clear-confirm').focus(); });
byId('clear-confirm').addEventListener('click', clearAll);
refresh().then(() => document.body.setAttribute('data-ready', ''));
