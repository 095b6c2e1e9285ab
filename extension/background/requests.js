// The background's message protocol, checked at the boundary: content scripts
// run next to untrusted pages, so every field is validated before the engine
// sees it, and every answer is `{ok: true, ...}` or `{ok: false, error}`.

import { personalLoading, withEngine } from './engine-host.js';
import { answeredWhileLoading, corpusVersion } from './corpus-changes.js';
import { webext } from './webext.js';
import { articleLabel } from '../shared/article-label.js';
import { PERSONAL_HANDLERS } from './personal.js';

// Longest text we annotate in one request (UTF-16 code units). A long-read
// article is ~100k; this bound keeps a hostile or enormous page from pinning
// the worker for minutes.
const MAX_TEXT_LENGTH = 2_000_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ARTICLE_ID = /^[\w.-]{1,200}$/;
const READER_PAGE = 'reader/reader.html';

/** Every link gets `label`: its title, or a readable stand-in (never a bare id). */
function labelLinks(engine, result) {
  const labels = new Map();
  for (const claim of result.claims ?? []) {
    for (const link of claim.links ?? []) {
      if (!labels.has(link.article)) {
        labels.set(link.article, link.title ? link.title : articleLabel(link, engine.article(link.article)?.text));
      }
      link.label = labels.get(link.article);
    }
  }
  return result;
}

/**
 * An annotation as the content script receives it: only what it uses, with
 * no text it already has. The engine's full answer for a 5k-word page is
 * ~170 kB of JSON (slots, stems, ids, quantities), and each kB is serialized
 * here, copied between processes and parsed again on the page's main thread;
 * this one is about a fifth of that. Spans are columns of offsets; a span's
 * text is `text.slice(start, end)`, which the engine's offsets guarantee, so
 * it is only sent (in `texts`, by index) where it is not. transport.js turns
 * it back into the engine's shape (docs/annotate-json.md).
 */
export function forPage(text, result) {
  const columns = (spans, field) => {
    const out = { start: [], end: [], [field]: [] };
    spans.forEach((span, index) => {
      out.start.push(span.start);
      out.end.push(span.end);
      out[field].push(span[field] ?? null);
      if (text.slice(span.start, span.end) !== span.text) (out.texts ??= {})[index] = span.text;
    });
    return out;
  };
  const link = (l) => ({
    article: l.article,
    relation: l.relation,
    title: l.title,
    label: l.label,
    outlet: l.outlet,
    published: l.published,
    evidence: l.evidence,
    evidence_start: l.evidence_start,
    evidence_end: l.evidence_end,
    differences: (l.differences ?? []).map(({ slot, here, there, conflicting }) => ({ slot, here, there, conflicting })),
  });
  return {
    entities: columns(result.entities ?? [], 'kind'),
    times: columns(result.times ?? [], 'value'),
    claims: (result.claims ?? []).map((claim) => ({
      start: claim.start,
      end: claim.end,
      ...(text.slice(claim.start, claim.end) === claim.text ? {} : { text: claim.text }),
      links: (claim.links ?? []).map(link),
    })),
  };
}

/**
 * Annotates a page's text. The answer says which corpus version it was made
 * with; a tab answered while the reader's articles are still loading is told
 * when they are in (corpus-changes.js), so its links do not stay partial.
 */
function annotateRequest(message, sender) {
  if (typeof message.text !== 'string') throw new Error('annotate: text must be a string');
  if (message.text.length > MAX_TEXT_LENGTH) throw new Error('annotate: text is too long');
  const options = {};
  if (typeof message.published === 'string' && ISO_DATE.test(message.published)) {
    options.published = message.published;
  }
  return withEngine((engine) => {
    const page = forPage(message.text, labelLinks(engine, engine.annotate(message.text, options)));
    const loading = personalLoading();
    if (loading !== null) answeredWhileLoading(sender?.tab?.id, loading);
    return { page, corpus: corpusVersion() };
  });
}

/**
 * Sent by a content script while its page is still loading, when the page
 * looks like an article: wakes the background and builds (and warms up) the
 * engine, so the page's annotate request finds it ready.
 */
function prepareRequest() {
  return withEngine(() => ({}));
}

function articleRequest(message) {
  if (typeof message.id !== 'string') throw new Error('article: id must be a string');
  return withEngine((engine) => {
    const article = engine.article(message.id);
    return { article: article ? { ...article, label: articleLabel(article, article.text) } : null };
  });
}

/**
 * Opens the reader page on a corpus article in a new tab, next to the page
 * the reader came from. Opening one of our own pages needs no permission.
 */
async function openArticleRequest(message, sender) {
  if (typeof message.id !== 'string' || !ARTICLE_ID.test(message.id)) throw new Error('open-article: bad id');
  const params = new URLSearchParams({ id: message.id });
  for (const key of ['start', 'end']) {
    if (Number.isInteger(message[key]) && message[key] >= 0) params.set(key, String(message[key]));
  }
  const properties = { url: webext.runtime.getURL(`${READER_PAGE}#${params}`) };
  if (sender?.tab?.id !== undefined) {
    properties.openerTabId = sender.tab.id;
    properties.index = sender.tab.index + 1;
  }
  await webext.tabs.create(properties);
  return {};
}

const HANDLERS = {
  annotate: annotateRequest, prepare: prepareRequest, article: articleRequest, 'open-article': openArticleRequest,
};

/** Message types this background answers. */
export const REQUEST_TYPES = [...Object.keys(HANDLERS), ...Object.keys(PERSONAL_HANDLERS)];

/**
 * True when the sender is one of the extension's own pages (popup, options,
 * reader), not a content script: only those may change the reader's corpus.
 */
function fromExtensionPage(sender) {
  return typeof sender?.url === 'string' && sender.url.startsWith(webext.runtime.getURL(''));
}

/** Answers one request; never throws. */
export async function answer(message, sender) {
  try {
    let handler = HANDLERS[message?.type];
    if (!handler && Object.hasOwn(PERSONAL_HANDLERS, message?.type ?? '')) {
      if (!fromExtensionPage(sender)) throw new Error('only the extension\'s own pages may change your corpus');
      handler = PERSONAL_HANDLERS[message.type];
    }
    if (!handler) throw new Error(`unknown request type: ${String(message?.type)}`);
    return { ok: true, ...(await handler(message, sender)) };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}
