// Puts 10 MB of text into one Text node after the article's paragraphs, as a
// CMS that prints a data dump or a minified blob into the page would. Its
// words read like news, so an engine that saw it would find claims in it.
(() => {
  const words = ['Pyongyang', 'said', 'on', 'Thursday', 'that', 'Lavrov', 'met', 'Kim', 'in', 'Wonsan,', 'officials', 'reported.'];
  const target = 10 * 1024 * 1024;
  const parts = [];
  let length = 0;
  for (let i = 0; length < target; i += 1) {
    const word = words[i % words.length];
    parts.push(word);
    length += word.length + 1;
  }
  const dump = document.createElement('p');
  dump.className = 'dump';
  dump.appendChild(document.createTextNode(parts.join(' ')));
  document.getElementById('story').appendChild(dump);
  window.hostile.built();
})();
