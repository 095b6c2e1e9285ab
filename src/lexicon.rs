//! Word lists the taggers consult: function words, titles, name heads and a small gazetteer.
//!
//! Kept in one place so the rules in `entities` read as rules, and so the lists can grow (or be
//! replaced by generated data) without touching the logic. Everything here is general English
//! news vocabulary, written for this project; nothing is derived from evaluation data.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::names::canonical_key;
use std::sync::OnceLock;

/// A fixed list of lower-case words with a hash set built on first use, because the taggers ask
/// about every word of every page.
pub struct WordList {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str>>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordList { words, set: OnceLock::new() }
    }

    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    pub fn contains(&self, word: impl AsRef<str>) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(word.as_ref())
    }
}

/// Lower-case words that are never the first word of a name, even when capitalised at the start
/// of a sentence or in a headline.
pub static FUNCTION_WORDS: WordList = WordList::new(&[
    "a", "about", "above", "according", "after", "again", "against", "all", "also", "although",
    "amid", "amidst", "among", "an", "and", "another", "any", "are", "as", "at", "be", "because",
    "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "during", "each", "earlier", "either", "even", "ever", "every", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "last", "later",
    "least", "less", "like", "many", "may", "meanwhile", "might", "more", "moreover", "most",
    "much", "must", "my", "neither", "never", "next", "no", "nor", "not", "notably", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "out", "over", "overall", "own", "per",
    "perhaps", "since", "she", "should", "so", "some", "still", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "though", "through",
    "thus", "to", "too", "under", "until", "unlike", "upon", "us", "very", "was", "we", "were",
    "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
    "with", "within", "without", "would", "yet", "you", "your", "yesterday", "today", "tomorrow",
    "tonight", "first", "second", "third", "new", "one", "two", "three", "four", "five", "six",
    "seven", "eight", "nine", "ten", "several", "despite", "following", "ending", "speaking",
    "asked", "instead", "indeed", "nevertheless", "currently", "recently", "already", "finally",
    "initially", "subsequently", "additionally", "furthermore", "separately", "similarly",
    "regarding", "including", "toward", "towards", "via", "whereas", "mr", "mrs", "ms", "dr",
]);

/// Words that name a role or an office. Capitalised before a name they are a title ("Foreign
/// Minister Sergei Lavrov"); they are kept as the person's role, never as part of the name.
pub static ROLE_WORDS: WordList = WordList::new(&[
    "president", "vice", "prime", "minister", "ministers", "foreign", "defence", "defense",
    "interior", "finance", "secretary", "general", "ambassador", "envoy", "leader", "chairman",
    "chairwoman", "chair", "chancellor", "king", "queen", "prince", "princess", "pope", "senator",
    "governor", "mayor", "spokesperson", "spokesman", "spokeswoman", "chief", "director",
    "deputy", "commander", "officer", "judge", "justice", "representative", "rep", "sen", "gov",
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "col",
    "captain", "capt", "lt", "sgt", "admiral", "marshal", "colonel", "lieutenant", "sergeant",
    "state", "head", "coach", "striker", "midfielder", "defender", "goalkeeper", "ceo", "founder",
    "executive", "manager", "analyst", "correspondent", "counterpart", "premier", "sheikh",
    "emir", "sultan", "counsellor", "counselor", "attorney", "speaker", "former", "acting",
    "supreme", "security", "national", "council", "first", "lady", "crown", "dictator",
]);

/// Last words that make a capitalised sequence an organisation.
pub static ORG_HEADS: WordList = WordList::new(&[
    "agency", "association", "army", "assembly", "authority", "bank", "board", "bureau",
    "cabinet", "center", "centre", "church", "club", "coalition", "college", "command",
    "commission", "committee", "company", "congress", "corp", "corporation", "council", "court",
    "department", "embassy", "federation", "force", "forces", "foundation", "front", "fund",
    "government", "group", "guard", "inc", "institute", "league", "ltd", "ministry", "movement",
    "navy", "news", "office", "organisation", "organization", "parliament", "party", "police",
    "post", "press", "service", "senate", "society", "times", "tribunal", "union", "united",
    "university", "network", "airlines", "airways", "exchange", "telegraph", "journal",
    "herald", "tribune", "broadcasting", "television", "radio", "media", "bloc", "reuters",
]);

/// Last words that make a capitalised sequence a place or facility.
pub static PLACE_HEADS: WordList = WordList::new(&[
    "airport", "avenue", "bay", "beach", "bridge", "canal", "cape", "cemetery", "city", "coast",
    "cosmodrome", "county", "desert", "district", "gulf", "harbour", "harbor", "hill", "hills",
    "island", "islands", "lake", "mount", "mountain", "mountains", "ocean", "palace", "park",
    "peninsula", "plaza", "port", "province", "region", "republic", "river", "road", "sea",
    "spaceport", "square", "state", "strait", "street", "territory", "valley", "monument",
    "stadium", "station", "base", "kingdom", "emirates", "states",
]);

/// Last words that make a capitalised sequence a named event, agreement or initiative.
pub static MISC_HEADS: WordList = WordList::new(&[
    "initiative", "forum", "summit", "agreement", "treaty", "accord", "accords", "war", "games",
    "cup", "olympics", "championship", "championships", "award", "awards", "prize", "act",
    "festival", "conference", "plan", "doctrine", "declaration", "convention", "protocol",
    "open", "series", "tournament", "league", "operation", "revolution", "crisis", "deal", "day",
]);

/// Place names and their aliases: `canonical|alias|alias…`, one per line. Aliases include
/// demonyms ("North Korean"), short forms ("DPRK") and common transliterations.
pub const PLACES: &str = include_str!("../data/places.txt");

/// Religions, peoples, movements and named events: `canonical|alias…`, tagged MISC.
pub const GROUPS: &str = include_str!("../data/groups.txt");

/// Organisations commonly named in news: `canonical|alias|alias…`.
pub const ORGANISATIONS: &str = include_str!("../data/organisations.txt");

/// Lines of `canonical|alias…` data as (canonical, all names including the canonical one).
pub fn entries(data: &str) -> impl Iterator<Item = (&str, impl Iterator<Item = &str>)> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let canonical = l.split('|').next().unwrap_or(l);
            (canonical, l.split('|').map(str::trim))
        })
}

/// Month and weekday names (and their abbreviations): capitalised, but times, not names.
pub static TIME_WORDS: WordList = WordList::new(&[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
]);

pub fn is_time_word(lower: &str) -> bool {
    TIME_WORDS.contains(lower)
}

pub fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.contains(lower)
}

pub fn is_role_word(lower: &str) -> bool {
    ROLE_WORDS.contains(lower)
}

/// The base form of an irregular past ("met" -> "meet"), or None: the tense rules ask about
/// every word near a date, the claim stemmer about every predicate.
pub fn irregular_past_base(word: &str) -> Option<&'static str> {
    static BASES: OnceLock<foldhash::HashMap<&'static str, &'static str>> = OnceLock::new();
    BASES.get_or_init(|| IRREGULAR_PAST.iter().copied().collect()).get(word).copied()
}

/// Irregular past forms common in news, mapped to their base form before stemming, because
/// Snowball only strips suffixes ("met" would not meet "meeting").
pub const IRREGULAR_PAST: &[(&str, &str)] = &[
    ("met", "meet"), ("held", "hold"), ("laid", "lay"), ("paid", "pay"), ("made", "make"),
    ("sent", "send"), ("took", "take"), ("taken", "take"), ("gave", "give"), ("given", "give"),
    ("went", "go"), ("gone", "go"), ("came", "come"), ("left", "leave"), ("brought", "bring"),
    ("spoke", "speak"), ("spoken", "speak"), ("fought", "fight"), ("bought", "buy"),
    ("built", "build"), ("led", "lead"), ("won", "win"), ("lost", "lose"), ("struck", "strike"),
    ("fled", "flee"), ("shot", "shoot"), ("kept", "keep"), ("began", "begin"), ("begun", "begin"),
    ("rose", "rise"), ("risen", "rise"), ("fell", "fall"), ("fallen", "fall"), ("saw", "see"),
    ("seen", "see"), ("grew", "grow"), ("grown", "grow"), ("chose", "choose"), ("chosen", "choose"),
    ("ran", "run"), ("spent", "spend"), ("sold", "sell"), ("stood", "stand"), ("sought", "seek"),
    ("caught", "catch"), ("drew", "draw"), ("drawn", "draw"), ("froze", "freeze"), ("hid", "hide"),
    ("knew", "know"), ("known", "know"), ("meant", "mean"), ("thought", "think"), ("won", "win"),
    ("wore", "wear"), ("broke", "break"), ("broken", "break"), ("flew", "fly"), ("flown", "fly"),
    ("threw", "throw"), ("thrown", "throw"), ("swore", "swear"), ("sworn", "swear"), ("slain", "slay"),
    ("killed", "kill"), ("dealt", "deal"), ("felt", "feel"), ("found", "find"), ("heard", "hear"),
];

/// How specific a place is: claims compare places of one level, and the entity tagger takes a
/// city or state (not a country) with a score for its team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceLevel {
    Country,
    Region,
    /// Towns, cities, sites; places the gazetteer does not know are assumed to be local.
    Local,
}

/// The gazetteer's level for a place id, read from the section headings of `data/places.txt`.
pub fn place_level(id: &str) -> PlaceLevel {
    static LEVELS: OnceLock<HashMap<String, PlaceLevel>> = OnceLock::new();
    let levels = LEVELS.get_or_init(|| {
        let mut levels = HashMap::new();
        let mut level = PlaceLevel::Local;
        for line in PLACES.lines().map(str::trim) {
            if let Some(heading) = line.strip_prefix('#') {
                let heading = heading.to_lowercase();
                if heading.contains("countries") {
                    level = PlaceLevel::Country;
                } else if heading.contains("cities") {
                    level = PlaceLevel::Local;
                } else if ["regions", "states", "provinces", "areas"].iter().any(|w| heading.contains(w)) {
                    level = PlaceLevel::Region;
                }
                continue;
            }
            if let Some(canonical) = line.split('|').next().filter(|c| !c.is_empty()) {
                levels.entry(canonical_key(canonical)).or_insert(level);
            }
        }
        levels
    });
    levels.get(id).copied().unwrap_or(PlaceLevel::Local)
}
