// Requests about the reader's own corpus, from the popup, the options page and
// the keyboard shortcut. The engine indexes an added article at once; storage
// (shared/personal-store.js) keeps it across restarts. The stored record is
// the source of truth: an article is only kept in the engine once its record
// is written, so a refused write (quota) leaves both as they were.

import { currentPersonalLoad, personalLoaded, reloadPersonal, startTimes, withEngine } from './engine-host.js';
import { webext } from './webext.js';
import { corpusChanged } from './corpus-changes.js';
import { deleteRecord, putRecords, toRecord } from '../shared/personal-store.js';

const MAX_TEXT_LENGTH = 2_000_000; // as for annotate: a long read is ~100k
const ARTICLE_ID = /^[\w.-]{1,200}$/;
const FIELDS = ['title', 'outlet', 'url', 'published'];

/** Asks the tab's content script for its article and metadata. */
async function articleOfTab(tabId) {
  let reply;
  try {
    reply = await webext.tabs.sendMessage(tabId, { type: 'page-article' });
  } catch {
    throw new Error('ClaimLens cannot read this page (it works on web pages, not on the browser\'s own pages).');
  }
  const article = reply?.article;
  if (typeof article?.text !== 'string' || !article.text.trim()) throw new Error('No article text was found on this page.');
  return article;
}

/** Adds an article `{text, title?, outlet?, url?, published?}`: engine first, then storage. */
export async function addArticle(article) {
  if (typeof article?.text !== 'string') throw new Error('add: text must be a string');
  if (article.text.length > MAX_TEXT_LENGTH) throw new Error('This page is too long to add.');
  const meta = { added: new Date().toISOString() };
  for (const field of FIELDS) if (typeof article[field] === 'string' && article[field]) meta[field] = article[field];
  const load = await currentPersonalLoad();
  const { listing, bytes } = await withEngine((engine) => {
    const added = engine.addArticle(meta, article.text);
    load.noteAdded(added.id);
    return { listing: added, bytes: engine.articleBytes(added.id) };
  });
  try {
    // `keep`: while the stored articles are still loading, the engine cannot
    // know them all; storage refuses an id it already holds.
    await putRecords([toRecord(listing, bytes)], { keep: true });
  } catch (error) {
    load.noteRemoved(listing.id);
    await withEngine((engine) => engine.removeArticle(listing.id));
    throw error;
  }
  corpusChanged(); // open pages on the same event link to it now
  return listing;
}

/** Adds the article of a tab (popup button, keyboard shortcut). */
export async function addTab(tabId) {
  return addArticle(await articleOfTab(tabId));
}

async function removeArticle(id) {
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) throw new Error('remove: bad id');
  await deleteRecord(id);
  const load = await currentPersonalLoad();
  // Not loaded yet (the background is still loading the stored articles): now never will be.
  if (load.noteRemoved(id)) await withEngine((engine) => engine.removeArticle(id));
  corpusChanged(); // open pages drop their links to it
}

/**
 * How far the background is in loading the reader's articles, for the
 * options page and the benchmark; times are this worker's performance.now()
 * (milliseconds since it started).
 */
async function loadStatus() {
  const load = await currentPersonalLoad();
  return {
    complete: load.complete, total: load.total, loaded: load.loaded, skipped: load.skipped,
    bundledReadyMs: load.startedMs, engineReadyMs: load.answeringMs, personalLoadedMs: load.completeMs,
    start: startTimes,
  };
}

/** Handlers by message type; only the extension's own pages may send these. */
export const PERSONAL_HANDLERS = {
  'personal.add-tab': async (message) => {
    if (!Number.isInteger(message.tabId)) throw new Error('add-tab: tabId must be an integer');
    return { article: await addTab(message.tabId) };
  },
  'personal.remove': async (message) => {
    await removeArticle(message.id);
    return {};
  },
  'personal.reload': async () => ({ skipped: await reloadPersonal() }),
  'personal.status': loadStatus,
  'personal.list': async () => {
    await personalLoaded();
    const articles = await withEngine((engine) => engine.personalArticles());
    // Oldest first, whatever order the stored records were loaded in.
    return { articles: articles.sort((a, b) => (a.added ?? '').localeCompare(b.added ?? '') || a.id.localeCompare(b.id)) };
  },
};
