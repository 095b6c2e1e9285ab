// The reader page (reader/reader.html#id=…&start=…&end=…): one article of the
// bundled corpus with its metadata, scrolled to the evidence sentence, which
// is marked. Opened in a new tab by the note's "Open" button (through the
// background's open-article request). The article comes from the background's
// engine, so this page reads nothing from the network.

import { articleLabel } from '../shared/article-label.js';
import { formatDate, renderArticleText } from '../shared/article-view.js';

const webext = globalThis.browser ?? globalThis.chrome;

function readParams() {
  const params = new URLSearchParams(location.hash.slice(1));
  const number = (key) => {
    const value = Number.parseInt(params.get(key) ?? '', 10);
    return Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  return { id: params.get('id') ?? '', start: number('start'), end: number('end') };
}

async function show() {
  const { id, start, end } = readParams();
  const articleElement = document.getElementById('article');
  const title = document.getElementById('title');
  const reply = await webext.runtime.sendMessage({ type: 'article', id });
  if (!reply?.ok || !reply.article) {
    title.textContent = 'This article is not in the corpus';
    title.classList.add('error');
    articleElement.setAttribute('aria-busy', 'false');
    return;
  }
  const article = reply.article;
  title.textContent = articleLabel(article, article.text);
  title.classList.toggle('untitled', !article.title);
  document.title = `${title.textContent} · ClaimLens reader`;
  document.getElementById('outlet').textContent = article.outlet || 'Outlet unknown';
  const published = document.getElementById('published');
  published.textContent = formatDate(article.published);
  if (article.published) published.dateTime = article.published;
  const mark = renderArticleText(document.getElementById('body'), article.text, { start, end });
  articleElement.setAttribute('aria-busy', 'false');
  if (mark) {
    document.getElementById('hint').hidden = false;
    mark.scrollIntoView({ block: 'center' });
  }
}

show().catch((error) => {
  const title = document.getElementById('title');
  title.textContent = `Could not open the article: ${error?.message ?? error}`;
  title.classList.add('error');
});
