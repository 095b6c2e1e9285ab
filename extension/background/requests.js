// The background's message protocol, checked at the boundary: content scripts
// run next to untrusted pages, so every field is validated before the engine
// sees it, and every answer is `{ok: true, ...}` or `{ok: false, error}`.

import { withEngine } from './engine-host.js';

// Longest text we annotate in one request (UTF-16 code units). A long-read
// article is ~100k; this bound keeps a hostile or enormous page from pinning
// the worker for minutes.
const MAX_TEXT_LENGTH = 2_000_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function annotateRequest(message) {
  if (typeof message.text !== 'string') throw new Error('annotate: text must be a string');
  if (message.text.length > MAX_TEXT_LENGTH) throw new Error('annotate: text is too long');
  const options = {};
  if (typeof message.published === 'string' && ISO_DATE.test(message.published)) {
    options.published = message.published;
  }
  return withEngine((engine) => ({ result: engine.annotate(message.text, options) }));
}

function articleRequest(message) {
  if (typeof message.id !== 'string') throw new Error('article: id must be a string');
  return withEngine((engine) => ({ article: engine.article(message.id) }));
}

const HANDLERS = { annotate: annotateRequest, article: articleRequest };

/** Answers one request; never throws. */
export async function answer(message) {
  try {
    const handler = HANDLERS[message?.type];
    if (!handler) throw new Error(`unknown request type: ${String(message?.type)}`);
    return { ok: true, ...(await handler(message)) };
  } catch (error) {
    return { ok: false, error: String(error?.message ?? error) };
  }
}
