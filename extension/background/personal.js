// Requests about the reader's own corpus, from the popup, the options page and
// the keyboard shortcut. The engine indexes an added article at once; storage
// (shared/personal-store.js) keeps it across restarts. The stored record is
// the source of truth: an article is only kept in the engine once its record
// is written, so a refused write (quota) leaves both as they were.

import { reloadPersonal, withEngine } from './engine-host.js';
import { webext } from './webext.js';
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
  const { listing, bytes } = await withEngine((engine) => {
    const added = engine.addArticle(meta, article.text);
    return { listing: added, bytes: engine.articleBytes(added.id) };
  });
  try {
    await putRecords([toRecord(listing, bytes)]);
  } catch (error) {
    await withEngine((engine) => engine.removeArticle(listing.id));
    throw error;
  }
  return listing;
}

/** Adds the article of a tab (popup button, keyboard shortcut). */
export async function addTab(tabId) {
  return addArticle(await articleOfTab(tabId));
}

async function removeArticle(id) {
  if (typeof id !== 'string' || !ARTICLE_ID.test(id)) throw new Error('remove: bad id');
  await deleteRecord(id);
  await withEngine((engine) => engine.removeArticle(id));
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
  'personal.list': () => withEngine((engine) => ({ articles: engine.personalArticles() })),
};
