// The page rewrites its own text every 50 ms, in the three ways real pages do:
//   #clock  a Text node it keeps a reference to and sets .data on (as React
//           and other renderers update text),
//   #live   the same for a whole news sentence (names, a date: markable),
//   #ticker element.textContent = ... (the old Text node is replaced),
//   #feed   a new paragraph appended and the oldest removed.
// Before each write it checks that what it wrote last time is still exactly
// what the DOM says, and records any difference in hostile.violations.
(() => {
  const hostile = window.hostile;
  const clockText = document.getElementById('clock').firstChild;
  const live = document.getElementById('live');
  const liveText = live.firstChild;
  const ticker = document.getElementById('ticker');
  const feed = document.getElementById('feed');
  const TICKER = [
    'Lavrov was received by Kim Jong Un in Pyongyang on Thursday, TASS reported.',
    'Choe Son Hui told reporters in Wonsan on Saturday that the talks went well.',
    'John Kirby said on Friday that North Korea delivered over 1,000 containers to Russia.',
  ];
  let n = 0;
  const expected = {};
  hostile.counters.writes = 0;

  const check = (name, element, want) => {
    if (want !== undefined && element.textContent !== want) {
      hostile.violations.push({ name, tick: n, want, got: element.textContent });
    }
  };

  const tick = () => {
    check('clock', clockText.parentNode ?? clockText, expected.clock);
    check('live', live, expected.live);
    check('ticker', ticker, expected.ticker);
    check('feed', feed, expected.feed);
    n += 1;
    const time = new Date(Date.UTC(2023, 9, 19, 9, 30, 0) + n * 50).toISOString().slice(11, 23);
    clockText.data = time;
    expected.clock = time;
    liveText.data = `Lavrov also met with North Korea's Foreign Minister Choe Con Hui in Pyongyang on Thursday, update ${n}.`;
    expected.live = liveText.data;
    ticker.textContent = TICKER[n % TICKER.length];
    expected.ticker = ticker.textContent;
    const item = document.createElement('p');
    item.textContent = `Live update ${n}: Lavrov met Kim Jong Un in Pyongyang on Thursday, officials said.`;
    feed.appendChild(item);
    if (feed.childElementCount > 3) feed.firstElementChild.remove();
    expected.feed = feed.textContent;
    hostile.counters.writes = n;
  };

  window.hostile.built();
  setInterval(tick, 50);
})();
