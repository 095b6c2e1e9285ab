// Moves the article's paragraphs 5,000 elements deep. The HTML parser flattens
// nesting beyond a few hundred levels, so the depth is made with the DOM. The
// levels are inline <span>s: Chromium's renderer itself crashes laying out
// 5,000 nested <div>s (measured on Chromium 156 with no extension loaded), and
// a fixture must be a page the browser can show.
(() => {
  const DEPTH = 5000;
  const story = document.getElementById('story');
  const paragraphs = [...story.querySelectorAll('p:not(.byline)')];
  let parent = story;
  for (let depth = 0; depth < DEPTH; depth += 1) {
    const level = document.createElement('span');
    level.className = depth % 2 ? 'level' : 'level odd';
    parent.appendChild(level);
    parent = level;
  }
  for (const paragraph of paragraphs) parent.appendChild(paragraph);
  let depth = 0;
  for (let node = paragraphs[0]; node; node = node.parentElement) depth += 1;
  window.hostile.counters.depth = depth;
  window.hostile.built();
})();
