// Appends 100,000 small Text nodes after the article (2,000 paragraphs of 50
// one-word nodes, as pages that render word by word or split text for effects
// do). Every fifth word is in a <b>, so there are elements to style as well.
(() => {
  const sentence = 'Lavrov met Kim Jong Un in Pyongyang on Thursday and said that North Korea delivered over 1,000 containers to Russia in October . '.split(' ');
  const story = document.getElementById('story');
  const fragment = document.createDocumentFragment();
  let made = 0;
  for (let p = 0; p < 2000; p += 1) {
    const paragraph = document.createElement('p');
    paragraph.className = 'words';
    for (let w = 0; w < 50; w += 1) {
      const node = document.createTextNode(`${sentence[made % sentence.length]} `);
      if (w % 5 === 4) {
        const bold = document.createElement('b');
        bold.appendChild(node);
        paragraph.appendChild(bold);
      } else {
        paragraph.appendChild(node);
      }
      made += 1;
    }
    fragment.appendChild(paragraph);
  }
  story.appendChild(fragment);
  window.hostile.counters.textNodes = made;
  window.hostile.built();
})();
