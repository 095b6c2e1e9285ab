// The demo page: shows one seed article as a news page, marks its claims
// against the other four seed articles, and lets the reader switch articles.
// The marks and notes are drawn by the extension's own content code
// (content/*.js, loaded before this module as page scripts); "Open" in a note
// shows the linked article in an in-page reader (the extension opens its
// reader page in a new tab instead).

import { loadEngine, withEngine } from './engine.js';
import { articleLabel } from './shared/article-label.js';
import { formatDate, renderArticleText } from './shared/article-view.js';

const DEFAULT_ARTICLE = '004_1a4cdf3276350bea';
const ClaimLens = globalThis.ClaimLens;

const picker = document.getElementById('article-picker');
const articleElement = document.getElementById('article');
const titleElement = document.getElementById('article-title');
const kickerElement = document.getElementById('article-kicker');
const outletElement = document.getElementById('article-outlet');
const dateElement = document.getElementById('article-date');
const bodyElement = document.getElementById('article-body');
const relatedElement = document.getElementById('article-related');
const statusElement = document.getElementById('status');
const readerElement = document.getElementById('reader');

// Scraped pages carry header lines before the story ("Title: …", "Date:…");
// the demo lays out the story only.
const HEADER_FURNITURE = /^(current:|title:|word count:|date:|view$)/i;
const DATELINE = /^([A-Z][A-Z .,'-]{2,40}?) (--|—) /;
const PROSE_LINE = 100; // characters: the story starts at the first line this long

function setStatus(message) {
  statusElement.textContent = message;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The story's paragraphs: the article's lines without the header furniture. */
function storyLines(article) {
  const lines = article.text.split('\n').map((line) => line.trim()).filter(Boolean);
  const storyStart = Math.max(0, lines.findIndex((line) => line.length >= PROSE_LINE));
  return lines.filter((line, index) => !(index < storyStart
    && (HEADER_FURNITURE.test(line) || line === article.title || line.endsWith(article.title ?? '\u0000'))))
    // Short lines without a sentence end are widgets ("veryGood! (186)").
    .filter((line) => line.length >= 30 || /[.!?"”]$/.test(line));
}

function storyParagraph(line) {
  const paragraph = element('p');
  const dateline = DATELINE.exec(line);
  if (dateline) {
    paragraph.append(element('span', 'dateline', dateline[1]), line.slice(dateline[1].length));
  } else {
    paragraph.textContent = line;
  }
  return paragraph;
}

/**
 * A "More on this story" rail, as news sites have: the other seed articles.
 * It is an <aside>, so, like on a real site, ClaimLens does not read it.
 */
function renderRelated(articles, currentId) {
  const section = element('section', 'related-list');
  section.append(element('h2', null, 'More on this story'));
  const list = element('ul');
  for (const info of articles) {
    if (info.id === currentId) continue;
    const link = element('a', null, articleLabel(info, withEngine((engine) => engine.article(info.id)).text));
    link.href = `#article=${encodeURIComponent(info.id)}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      picker.value = info.id;
      picker.dispatchEvent(new Event('change'));
      scrollTo({ top: 0 });
    });
    const item = element('li');
    item.append(link);
    list.append(item);
  }
  section.append(list);
  relatedElement.replaceChildren(section);
  relatedElement.hidden = false;
}

function renderArticle(article, position, total) {
  kickerElement.textContent = `World · Diplomacy · Seed ${position} of ${total}`;
  titleElement.textContent = articleLabel(article, article.text);
  titleElement.classList.toggle('untitled', !article.title);
  outletElement.textContent = article.outlet ? `By ${article.outlet}` : 'Outlet unknown';
  dateElement.textContent = formatDate(article.published);
  if (article.published) dateElement.dateTime = article.published;
  else dateElement.removeAttribute('datetime');
  bodyElement.replaceChildren(...storyLines(article).map(storyParagraph));
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

/** The engine's answer with a readable `label` on every link (as the extension's background adds). */
function annotateWithLabels(text, options) {
  return withEngine((engine) => {
    const result = engine.annotate(text, options);
    for (const claim of result.claims ?? []) {
      for (const link of claim.links ?? []) {
        link.label = articleLabel(link, engine.article(link.article).text);
      }
    }
    return result;
  });
}

/** The in-page reader: the linked article in a dialog, its evidence marked and scrolled to. */
function openReader(link) {
  const article = withEngine((engine) => engine.article(link.article));
  const title = document.getElementById('reader-title');
  title.textContent = articleLabel(article, article.text);
  title.classList.toggle('untitled', !article.title);
  document.getElementById('reader-meta').textContent =
    `${article.outlet || 'Outlet unknown'} · ${formatDate(article.published)}`;
  const mark = renderArticleText(document.getElementById('reader-body'), article.text,
    { start: link.evidence_start, end: link.evidence_end });
  readerElement.showModal();
  mark?.scrollIntoView({ block: 'center' });
}

async function show(id, articles) {
  const index = articles.findIndex((info) => info.id === id);
  if (index < 0) throw new Error(`no article ${id} in the corpus`);
  ClaimLens.remove();
  articleElement.setAttribute('aria-busy', 'true');
  const article = withEngine((engine) => engine.article(id));
  renderArticle(article, index + 1, articles.length);
  renderRelated(articles, id);
  const options = { exclude: [id] };
  if (article.published) options.published = article.published;
  const session = await ClaimLens.annotate(bodyElement, async (text, engineOptions) => annotateWithLabels(text, engineOptions),
    options, { openArticle: openReader });
  articleElement.setAttribute('aria-busy', 'false');
  setStatus(session ? describeResult(session.result) : 'No text to read.');
}

function fillPicker(articles, selected) {
  const options = articles.map((info, index) => {
    const option = document.createElement('option');
    option.value = info.id;
    const text = withEngine((engine) => engine.article(info.id)).text;
    option.textContent = `${index + 1}. ${articleLabel(info, text)}`;
    option.selected = info.id === selected;
    return option;
  });
  picker.replaceChildren(...options);
  picker.disabled = false;
}

async function main() {
  document.getElementById('reader-close').addEventListener('click', () => readerElement.close());
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
