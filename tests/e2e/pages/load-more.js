// Fixture helper for dynamic.html: "Load more" appends the rest of the
// story, as a news site's infinite scroll or "load more" button does. The
// paragraphs are fixed fixture text (with a little inline markup), parsed by
// the browser from this file's own strings.
const REST = [
  "\"We are fully aware that many countries worldwide share similar viewpoints and assessments, but only a select few, such as the DPRK, explicitly declare their solidarity with Russia and can express it openly,\" said Lavrov. \"This ability is a hallmark of nations and governments that are truly independent, prioritise their national interests, and not fall for the tricks played by our Western counterparts.\"",
  "Lavrov announced the Russian federation likewise extends its \"complete support and solidarity\" to North Korea's aspirations, hailing their \"mutual solidarity and shared commitment.\"",
  "\"Here's to our friendship!\" said Lavrov.",
  "On Thursday, Lavrov was received by North Korea's <strong>Kim Jong Un</strong>, with Russian News Agency <em>TASS</em> reporting the meeting lasted over an hour. No further details were published.",
  "Lavrov also met with North Korea's Foreign Minister Choe Con Hui: \"We can say confidently that these relations have reached a qualitatively new, strategic level,\" Lavrov said at the start of the meeting.",
  "As the flurry of diplomacy between Moscow and Pyongyang continues, Choe said she hopes the \"frequent meetings between the foreign ministers of the two countries help strengthen comradely ties and serve as proof that [North] Korean-Russian bilateral relations with their long history of friendship demonstrate development dynamics, expanding with new vigor.\"",
  "The talks with Lavrov in North Korea \"will become an important moment advancing the implementation of the agreements reached at the September summit\" between Putin and Kim, she said.",
  "Lavrov's trip comes following the 75th anniversary of the establishment of diplomatic relations between Russia and North Korea, and a month after the \"historic summit\" between Russian President Vladimir Putin and Kim Jong-Un at the Vostochny Cosmodrome.",
  "It comes days after the United States said North Korea had transferred munitions to Russia to boost its war-fighting capabilities. National Security Council spokesperson <span class=\"person\">John Kirby</span> announced on Friday that North Korea has delivered over \"1,000 containers\" of munitions and military equipment to Russia.",
  "The containers are reported to have been shipped between Sept. 7 and Oct. 1 between Najin, North Korea, and Dunay, Russia, the White House said.",
  "Ending his two-day trip, Lavrov laid flowers at the memorial plaque to Andrey Karlov -- Russia's Ambassador to Turkey who previously served as Russia's Ambassador to North Korea who was assassinated in Ankara in 2016 -- at the Russian Embassy in Pyongyang.",
  "Lavrov held a meeting with the staff of the Russian embassy in North Korea, the final event of his stay."
];

document.getElementById('load-more').addEventListener('click', (event) => {
  const story = document.getElementById('story');
  const parser = new DOMParser();
  for (const html of REST) {
    const parsed = parser.parseFromString(`<p>${html}</p>`, 'text/html').body.firstChild;
    story.append(document.importNode(parsed, true));
  }
  event.target.remove();
});
