// The demo page: shows one seed article as a news page, marks its claims
// against the other four seed articles, and lets the reader switch articles.
// The marks and notes are drawn by the extension's own content code
// (content/*.js, loaded before this module as page scripts).

import { loadEngine, withEngine } from './engine.js';

const DEFAULT_ARTICLE = '004_1a4cdf3276350bea';
const ClaimLens = globalThis.ClaimLens;

const picker = document.getElementById('article-picker');
const articleElement = document.getElementById('article');
const titleElement = document.getElementById('article-title');
const kickerElement = document.getElementById('article-kicker');
const outletElement = document.getElementById('article-outlet');
const dateElement = document.getElementById('article-date');
const bodyElement = document.getElementById('article-body');
const statusElement = document.getElementById('status');

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function setStatus(message) {
  statusElement.textContent = message;
}

/** A label for the picker: the headline, or the start of an untitled text. */
function articleLabel(info, text) {
  if (info.title) return info.title;
  const firstLine = (text ?? '').split('\n').find((line) => line.trim()) ?? info.id;
  return firstLine.length > 70 ? `${firstLine.slice(0, 69).trimEnd()}…` : firstLine;
}

function formatDate(iso) {
  const parsed = iso ? new Date(`${iso}T00:00:00Z`) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? LONG_DATE.format(parsed) : 'Date unknown';
}

function renderArticle(article, position, total) {
  const id = document.createElement('span');
  id.className = 'article-id';
  id.textContent = article.id;
  kickerElement.replaceChildren(`Seed article ${position} of ${total} · `, id);
  titleElement.textContent = article.title || 'Untitled article';
  outletElement.textContent = article.outlet || 'Outlet unknown';
  dateElement.textContent = formatDate(article.published);
  if (article.published) dateElement.dateTime = article.published;
  else dateElement.removeAttribute('datetime');
  // One paragraph per line of the source text. Nothing is dropped yet, scrape
  // boilerplate included: that is what a reader of the page would see too.
  const paragraphs = article.text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const paragraph = document.createElement('p');
    paragraph.textContent = line;
    return paragraph;
  });
  bodyElement.replaceChildren(...paragraphs);
}

function describeResult(result) {
  const claims = result.claims ?? [];
  const counts = {};
  for (const claim of claims) {
    const relation = ClaimLens.relations.dominantRelation(claim.links ?? []);
    counts[relation] = (counts[relation] ?? 0) + 1;
  }
  const parts = ['corroborates', 'conflicts', 'other_event', 'related', 'none']
    .filter((relation) => counts[relation])
    .map((relation) => `${counts[relation]} ${ClaimLens.relations.describe(relation).label.toLowerCase()}`);
  return `${claims.length} claims marked${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

async function show(id, articles) {
  const index = articles.findIndex((info) => info.id === id);
  if (index < 0) throw new Error(`no article ${id} in the corpus`);
  ClaimLens.remove();
  articleElement.setAttribute('aria-busy', 'true');
  const article = withEngine((engine) => engine.article(id));
  renderArticle(article, index + 1, articles.length);
  const options = { exclude: [id] };
  if (article.published) options.published = article.published;
  const session = await ClaimLens.annotate(bodyElement,
    async (text, engineOptions) => withEngine((engine) => engine.annotate(text, engineOptions)), options);
  articleElement.setAttribute('aria-busy', 'false');
  setStatus(session ? describeResult(session.result) : 'No text to read.');
}

function fillPicker(articles, selected) {
  const options = articles.map((info) => {
    const option = document.createElement('option');
    option.value = info.id;
    option.textContent = articleLabel(info, withEngine((engine) => engine.article(info.id)).text);
    option.selected = info.id === selected;
    return option;
  });
  picker.replaceChildren(...options);
  picker.disabled = false;
}

async function main() {
  await loadEngine();
  const articles = withEngine((engine) => engine.articles());
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('article');
  const selected = articles.some((info) => info.id === fromHash) ? fromHash : DEFAULT_ARTICLE;
  fillPicker(articles, selected);
  picker.addEventListener('change', () => {
    history.replaceState(null, '', `#article=${encodeURIComponent(picker.value)}`);
    show(picker.value, articles).catch(fail);
  });
  await show(selected, articles);
}

function fail(error) {
  console.error(error);
  articleElement.setAttribute('aria-busy', 'false');
  setStatus(`Something went wrong: ${error.message ?? error}`);
}

main().catch(fail);
