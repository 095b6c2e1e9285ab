//! Claims: the check-worthy sentences of a document, each read into slots that can be compared
//! one by one with another report of the same event.
//!
//! A claim is a full sentence of the article body (never page furniture, see [`crate::boilerplate`])
//! that names at least one entity. Its [`Slots`] say who did what, when, where, how many, on whose
//! word and how firmly. The document as a whole also gets an [`Occasion`]: the date and the town
//! the article is about, which a sentence such as "Lavrov was received by Kim" inherits when it
//! names neither, so that two reports of two different visits can be told apart.

use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::entities::{Entity, EntityKind};
use crate::lexicon::{self, WordList};
use crate::quantities::Quantity;
use crate::text::{self, Span, Token, Tokens};
use crate::time::{TimeExpr, TimeKind};

/// A check-worthy sentence, what it mentions, and its slots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub span: Span,
    /// Indices into [`crate::analysis::Analysis::entities`].
    pub entities: Vec<u32>,
    /// Indices into [`crate::analysis::Analysis::times`].
    pub times: Vec<u32>,
    /// Indices into [`crate::analysis::Analysis::quantities`].
    pub quantities: Vec<u32>,
    pub slots: Slots,
}

/// What a claim says, slot by slot. Computed once when a document is analysed, so corpus
/// claims are compared without being read again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Slots {
    /// The people and organisations taking part, short mentions resolved to full names.
    pub who: Vec<Actor>,
    /// The predicate's content words outside quotations, stemmed (Snowball English, irregular
    /// past tenses mapped first): `meet`, `receiv`, `hour`.
    pub what: Vec<String>,
    /// Content words inside quotation marks, stemmed: what someone is quoted as saying. Kept
    /// apart because a long quote would otherwise drown the sentence's own predicate.
    pub quoted: Vec<String>,
    /// Dates and times the sentence gives.
    pub when: Vec<When>,
    /// Places the event happens at ("in Pyongyang", "at the Vostochny Cosmodrome").
    #[serde(rename = "where")]
    pub places: Vec<Place>,
    /// Counted amounts and durations, with their hedges.
    #[serde(rename = "how_many")]
    pub amounts: Vec<Amount>,
    /// Who the sentence says the claim comes from ("TASS", "the White House").
    pub attribution: Option<String>,
    pub certainty: Certainty,
}

/// One participant of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical id; a one-word mention ("Lavrov") carries the document's full name.
    pub id: String,
    /// Index into the document's entities.
    pub entity: u32,
    /// The title or office the sentence gives the actor, before the name ("Foreign Minister")
    /// or in apposition after it ("Russia's former Ambassador to North Korea").
    pub role: Option<String>,
}

/// A date or time of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct When {
    /// TIMEX3 value: `2023-10-19`, `XXXX-WXX-4`, `2016`.
    pub value: String,
    /// As written.
    pub text: String,
    /// ISO weekday (Monday = 1) when the text names one or the value is a full date.
    pub weekday: Option<u8>,
    /// True when the full date was worked out from the publication date ("on Thursday"), not
    /// written out: only its weekday is the article's own word.
    pub anchored: bool,
}

/// A place of a claim or an occasion.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub text: String,
}

/// A number or duration of a claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub value: f64,
    /// What is counted, stemmed ("contain", "hour"), so "containers" and "container" compare.
    pub unit: Option<String>,
    /// `over`, `about`, `up to`…
    pub hedge: Option<String>,
    /// True for vague amounts ("thousands of").
    pub vague: bool,
    /// As written.
    pub text: String,
}

/// How firmly a claim is stated, from the weakest cue that applies (denial wins over all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated as fact.
    #[default]
    Asserted,
    /// Attributed to a source: "said", "according to", "reportedly".
    Reported,
    /// An accusation or allegation.
    Alleged,
    /// Said to be unconfirmed or unverified.
    Unconfirmed,
    /// Denied or rejected.
    Denied,
}

impl Certainty {
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Asserted => "asserted",
            Certainty::Reported => "reported",
            Certainty::Alleged => "alleged",
            Certainty::Unconfirmed => "unconfirmed",
            Certainty::Denied => "denied",
        }
    }
}

/// The occasion a whole article reports: its date and its towns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Occasion {
    /// `YYYY-MM-DD`: the publication date, or else the first full date written in the body.
    pub date: Option<String>,
    /// The most often named towns where things happen ("in Pyongyang", "visited Pyongyang").
    pub towns: Vec<Place>,
}

// Only places of the same level can contradict each other: a report saying "in Ankara" does not
// contradict one saying "in Turkey". The levels live with the gazetteer data.
pub use crate::lexicon::{place_level, PlaceLevel};

/// A sentence needs this many words to say something a reader could check.
const MIN_CLAIM_WORDS: usize = 5;

/// Words that say where a claim comes from; they are attribution, not the predicate.
static REPORTING_WORDS: WordList = WordList::new(&[
    "said", "says", "say", "saying", "told", "tell", "reported", "reports", "report", "reporting",
    "reportedly", "according", "stated", "states", "announced", "announces", "noted", "posted",
    "wrote", "added", "claimed", "claims", "confirmed", "quoted", "cited",
]);

/// Nouns of time that are not part of what happened ("earlier that same day").
static TIME_NOUNS: WordList = WordList::new(&["day", "days", "week", "weeks", "month", "months", "year", "years", "time", "times", "same", "earlier", "later", "ago"]);

/// Cue words for certainty, strongest doubt first. Multi-word cues are matched on the
/// lower-cased sentence, single words on its tokens.
const DENIAL_CUES: &[&str] = &["denied", "denies", "deny", "denying", "denial", "rejected", "dismissed", "refuted"];
const UNCONFIRMED_CUES: &[&str] = &["unconfirmed", "unverified"];
/// Cues of several words, looked for in the sentence when their first word is in it.
const UNCONFIRMED_PHRASES: &[&str] = &["not been confirmed", "not been verified", "could not be verified", "could not be confirmed", "not independently verified"];
const ALLEGATION_CUES: &[&str] = &["allegation", "allegations", "alleged", "allegedly", "alleges", "accused", "accuses", "accusing", "accusation", "accusations", "purported", "purportedly"];
const REPORT_CUES: &[&str] = &["reportedly", "reported", "reporting", "reports", "said", "says", "according", "stated", "announced", "posted", "told", "claimed", "noted"];

/// Words that open a sentence about the previous one's claim ("These claims are unconfirmed").
/// Each starts with "th" or "su" ([`doubt_about_previous`] relies on it; a test checks).
const ANAPHORS: &[&str] = &["these", "this", "those", "such", "the claims", "the allegations", "the reports"];

/// Words before a place that make it where the event happens.
const LOCATIVES: &[&str] = &["in", "at", "near", "outside", "inside"];

/// Words before a town that make it the article's destination ("visited Pyongyang",
/// "trip to Pyongyang").
const TRAVEL_WORDS: &[&str] = &["visit", "visits", "visited", "visiting", "trip", "journey", "arrived", "arrival", "tour"];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}



/// The Snowball English stem of a lower-case word.
pub fn stem(lower: &str) -> String {
    let base = lexicon::irregular_past_base(lower).unwrap_or(lower);
    stemmer().stem(base).into_owned()
}

/// Stems already computed for this document: news repeats its words, and the stemmer is one
/// of the costlier steps per word.
#[derive(Default)]
struct StemCache<'t> {
    stems: HashMap<&'t str, String>,
}

impl<'t> StemCache<'t> {
    fn stem(&mut self, token: &'t str, lower: &str) -> &str {
        self.stems.entry(token).or_insert_with(|| stem(lower))
    }
}

/// Everything a document offers that claims are read from.
pub struct Document<'a> {
    pub text: &'a str,
    pub sentences: &'a [Span],
    pub entities: &'a [Entity],
    pub times: &'a [TimeExpr],
    pub quantities: &'a [Quantity],
    /// Page furniture that holds no claims.
    pub boilerplate: &'a [Span],
    pub published: Option<NaiveDate>,
    /// The document's word tokens, made once.
    pub tokens: &'a Tokens<'a>,
}

/// Finds the claims of a document and reads their slots.
pub fn find(doc: &Document<'_>) -> Vec<Claim> {
    let aliases = person_aliases(doc.entities);
    let mut stems = StemCache::default();
    let mut out: Vec<Claim> = Vec::new();
    for (k, &sentence) in doc.sentences.iter().enumerate() {
        if overlaps_any(doc.boilerplate, sentence) {
            continue;
        }
        let entities = inside(doc.entities, |e| e.span, sentence);
        let sentence_text = sentence.of(doc.text);
        if entities.is_empty() || sentence_text.split_whitespace().take(MIN_CLAIM_WORDS).count() < MIN_CLAIM_WORDS || !ends_like_a_sentence(sentence_text) {
            continue;
        }
        let times = inside(doc.times, |t| t.span, sentence);
        let quantities = inside(doc.quantities, |q| q.span, sentence);
        let mut slots = read_slots(doc, sentence, &entities, &times, &quantities, &aliases, &mut stems);
        if let Some(next) = doc.sentences.get(k + 1) {
            slots.certainty = slots.certainty.max_doubt(doubt_about_previous(next.of(doc.text)));
        }
        out.push(Claim { span: sentence, entities, times, quantities, slots });
    }
    out
}

impl Certainty {
    /// The more doubtful of two certainties.
    fn max_doubt(self, other: Option<Certainty>) -> Certainty {
        let rank = |c: Certainty| c as u8;
        match other {
            Some(o) if rank(o) > rank(self) => o,
            _ => self,
        }
    }
}

/// The certainty a sentence gives the previous one: "Although these claims are unconfirmed, …".
fn doubt_about_previous(sentence: &str) -> Option<Certainty> {
    // Only the first six words can point back; lower-casing word by word gives what lower-casing
    // the whole sentence did, since case mapping never looks across whitespace.
    let mut head = String::with_capacity(64);
    for (k, word) in sentence.split_whitespace().take(6).enumerate() {
        if k > 0 {
            head.push(' ');
        }
        head.push_str(&text::lowercase(word));
    }
    // `head.contains(a)` for each anaphor, in one pass: every anaphor starts with "th" or "su",
    // so only there is each compared (a substring search per anaphor was 2% of a call in V8).
    let head = head.as_bytes();
    let at = |i: usize| head.get(i..).unwrap_or_default();
    let names_previous = (0..head.len()).any(|i| matches!(at(i), [b't', b'h', ..] | [b's', b'u', ..]) && ANAPHORS.iter().any(|a| at(i).starts_with(a.as_bytes())));
    if !names_previous {
        return None;
    }
    match certainty_of(sentence) {
        c @ (Certainty::Denied | Certainty::Unconfirmed) => Some(c),
        _ => None,
    }
}

/// Whether `span` overlaps one of the sorted, disjoint `regions` (binary search: pages can have
/// many boilerplate lines).
fn overlaps_any(regions: &[Span], span: Span) -> bool {
    let i = regions.partition_point(|r| r.end <= span.start);
    regions.get(i).is_some_and(|r| r.overlaps(span))
}

/// Headlines and list items carry no final punctuation; claims are full sentences.
fn ends_like_a_sentence(sentence: &str) -> bool {
    sentence.trim_end().ends_with(['.', '!', '?', '"', '”', '»', '’', '\'', ')'])
}

/// Indices of the items whose spans lie inside `sentence`, given items sorted by position.
fn inside<T>(items: &[T], span: impl Fn(&T) -> Span, sentence: Span) -> Vec<u32> {
    let first = items.partition_point(|x| span(x).end <= sentence.start);
    items
        .iter()
        .enumerate()
        .skip(first)
        .take_while(|(_, x)| span(x).start < sentence.end)
        .filter(|(_, x)| sentence.contains(span(x)))
        .map(|(k, _)| k as u32)
        .collect()
}

/// One-word ids that stand for a longer personal name of the same document ("lavrov" for
/// "sergei lavrov"): the most often mentioned person whose name contains the word. The tagger
/// may have typed the short mention differently, so this works on ids alone.
fn person_aliases(entities: &[Entity]) -> HashMap<String, String> {
    let mut mentions: HashMap<&str, usize> = HashMap::new();
    for e in entities.iter().filter(|e| e.kind == EntityKind::Person && e.id.contains(' ')) {
        *mentions.entry(e.id.as_str()).or_default() += 1;
    }
    let mut aliases: HashMap<String, (String, usize)> = HashMap::new();
    for (id, count) in mentions {
        for word in id.split(' ').filter(|w| w.chars().count() >= 3) {
            let best = aliases.entry(word.to_string()).or_insert_with(|| (id.to_string(), 0));
            if count > best.1 || (count == best.1 && id < best.0.as_str()) {
                *best = (id.to_string(), count);
            }
        }
    }
    aliases.into_iter().map(|(word, (id, _))| (word, id)).collect()
}

/// The id a mention stands for, short personal mentions resolved.
fn resolved_id<'a>(entity: &'a Entity, aliases: &'a HashMap<String, String>) -> (&'a str, bool) {
    if !entity.id.contains(' ') {
        if let Some(full) = aliases.get(&entity.id) {
            return (full.as_str(), true);
        }
    }
    (entity.id.as_str(), entity.kind == EntityKind::Person)
}

fn read_slots<'t>(
    doc: &Document<'t>,
    sentence: Span,
    entities: &[u32],
    times: &[u32],
    quantities: &[u32],
    aliases: &HashMap<String, String>,
    stems: &mut StemCache<'t>,
) -> Slots {
    let text = doc.text;
    let tokens = doc.tokens.in_span(sentence);
    let mut slots = Slots::default();
    for &e in entities {
        let Some(entity) = doc.entities.get(e as usize) else { continue };
        let (id, is_person) = resolved_id(entity, aliases);
        let actor = is_person || matches!(entity.kind, EntityKind::Org);
        if actor {
            if !slots.who.iter().any(|a| a.id == id) {
                let role = entity.role.clone().or_else(|| appositive_role(text, entity.span, sentence));
                slots.who.push(Actor { id: id.to_string(), entity: e, role });
            } else if let Some(a) = slots.who.iter_mut().find(|a| a.id == id && a.role.is_none()) {
                a.role = entity.role.clone().or_else(|| appositive_role(text, entity.span, sentence));
            }
        } else if entity.kind == EntityKind::Place && follows(tokens, entity.span, LOCATIVES) && !slots.places.iter().any(|p| p.id == id) {
            slots.places.push(Place { id: id.to_string(), text: entity.span.of(text).to_string() });
        }
    }
    for &t in times {
        let Some(time) = doc.times.get(t as usize) else { continue };
        let written = time.span.of(text);
        match time.kind {
            TimeKind::Date | TimeKind::Time => slots.when.push(when_of(time, written)),
            TimeKind::Duration => slots.amounts.extend(duration_amount(time, written)),
            TimeKind::Set => {}
        }
    }
    for &q in quantities {
        let Some(quantity) = doc.quantities.get(q as usize) else { continue };
        slots.amounts.push(Amount {
            value: quantity.value,
            unit: quantity.unit.as_deref().map(|u| stem(&u.to_lowercase())),
            hedge: quantity.hedge.as_ref().map(|h| h.to_lowercase()),
            vague: quantity.vague,
            text: quantity.span.of(text).to_string(),
        });
    }
    let covered: Vec<Span> = entities
        .iter()
        .filter_map(|&e| doc.entities.get(e as usize).map(|x| x.span))
        .chain(times.iter().filter_map(|&t| doc.times.get(t as usize).map(|x| x.span)))
        .chain(quantities.iter().filter_map(|&q| doc.quantities.get(q as usize).map(|x| x.span)))
        .collect();
    let quotations = quotations(text, sentence);
    for tok in tokens {
        if !tok.is_word() || covered.iter().any(|c| c.overlaps(tok.span)) {
            continue;
        }
        let lowered;
        // ASCII words (nearly all) are looked at byte by byte, with the answers `chars()` gives.
        let ascii = tok.text.is_ascii();
        let upper = if ascii { tok.text.bytes().any(|b| b.is_ascii_uppercase()) } else { tok.text.chars().any(char::is_uppercase) };
        let lower = if upper {
            lowered = tok.text.to_lowercase();
            lowered.as_str()
        } else {
            tok.text
        };
        let lower = strip_possessive(lower);
        let short = if ascii { lower.len() < 3 } else { lower.chars().count() < 3 };
        if short || lower.bytes().any(|b| b.is_ascii_digit()) || not_predicate_word(lower) {
            continue;
        }
        let stemmed = stems.stem(tok.text, lower);
        let list = if quotations.iter().any(|q| q.contains(tok.span)) { &mut slots.quoted } else { &mut slots.what };
        if !list.iter().any(|s| s == stemmed) {
            list.push(stemmed.to_string());
        }
    }
    slots.attribution = attribution(text, tokens, entities, doc.entities);
    slots.certainty = certainty_of(sentence.of(text));
    if slots.attribution.is_some() && slots.certainty == Certainty::Asserted {
        slots.certainty = Certainty::Reported;
    }
    slots
}

/// Function, time, role and reporting words, which are not what a claim says happened: the
/// union of those lists, so that a content word costs one lookup rather than five.
fn not_predicate_word(lower: &str) -> bool {
    static WORDS: OnceLock<foldhash::HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            [&lexicon::FUNCTION_WORDS, &lexicon::TIME_WORDS, &lexicon::ROLE_WORDS, &REPORTING_WORDS, &TIME_NOUNS]
                .iter()
                .flat_map(|list| list.words())
                .copied()
                .collect()
        })
        .contains(lower)
}

/// "Russia's" -> "russia", "forces'" -> "forces": what `trim_end_matches` with each ending did,
/// without building a string searcher per token.
fn strip_possessive(word: &str) -> &str {
    let mut w = word.trim_end_matches(['\'', '’']);
    while let Some(rest) = w.strip_suffix("’s") {
        w = rest;
    }
    while let Some(rest) = w.strip_suffix("'s") {
        w = rest;
    }
    w
}

/// The spans inside double quotation marks ("…", “…”, «…») of a sentence. An unclosed quote
/// runs to the end of the sentence, as in a paragraph that continues a quotation.
fn quotations(text: &str, sentence: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let body = sentence.of(text);
    // Most sentences quote nothing: '"' and the first bytes of “ ” « » tell them apart
    // without decoding their characters.
    if !body.bytes().any(|b| matches!(b, b'"' | 0xE2 | 0xC2)) {
        return out;
    }
    for (i, c) in body.char_indices() {
        let at = sentence.start + i;
        match (c, open) {
            ('“' | '«', None) => open = Some(at + c.len_utf8()),
            ('”' | '»', Some(start)) => {
                out.push(Span::new(start, at));
                open = None;
            }
            ('"', None) => open = Some(at + 1),
            ('"', Some(start)) => {
                out.push(Span::new(start, at));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Span::new(start, sentence.end));
    }
    out
}

/// Whether text ends with the word "the" (any case), looking only at its last few bytes: this
/// runs per entity, and lower-casing everything before it would be quadratic on long pages.
fn ends_with_word_the(before: &str) -> bool {
    let trimmed = before.trim_end();
    let tail_start = trimmed.len().saturating_sub(4);
    trimmed.get(tail_start..).is_some_and(|tail| tail.eq_ignore_ascii_case(" the"))
        || trimmed.eq_ignore_ascii_case("the")
}

/// Whether the token right before `span` (skipping "the") is one of `words`.
fn follows(tokens: &[Token<'_>], span: Span, words: &[&str]) -> bool {
    let mut back = words_before(tokens, span).map(|t| text::lowercase(t.text));
    match back.next() {
        Some(w) if w == "the" => back.next().is_some_and(|w| words.contains(&&*w)),
        Some(w) => words.contains(&&*w),
        None => false,
    }
}

/// The word tokens that end before `span`, nearest first.
fn words_before<'a, 't>(tokens: &'a [Token<'t>], span: Span) -> impl Iterator<Item = &'a Token<'t>> {
    let before = tokens.partition_point(|t| t.span.end <= span.start);
    tokens[..before].iter().rev().filter(|t| t.is_word())
}

fn when_of(time: &TimeExpr, written: &str) -> When {
    let lower = written.to_lowercase();
    let named_weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .position(|d| lower.contains(d))
        .map(|i| i as u8 + 1);
    let full_date = time.value.get(..10).and_then(crate::time::parse_iso_date);
    let anchored = full_date.is_some() && !written.chars().any(|c| c.is_ascii_digit());
    let weekday = named_weekday.or_else(|| full_date.map(|d| d.weekday().number_from_monday() as u8));
    When { value: time.value.clone(), text: written.to_string(), weekday, anchored }
}

/// A TIMEX3 duration ("PT1H", "P2D") as an amount of its unit, so "over an hour" compares with
/// "for an hour" like any other hedged number.
fn duration_amount(time: &TimeExpr, written: &str) -> Option<Amount> {
    let value = time.value.strip_prefix('P')?;
    let (digits, unit) = match value.strip_prefix('T') {
        Some(clock) => (clock.trim_end_matches(['H', 'M', 'S']), clock.chars().last()?.to_string() + "t"),
        None => (value.trim_end_matches(['Y', 'M', 'W', 'D']), value.chars().last()?.to_string()),
    };
    let amount = crate::quantities::parse_decimal(digits)?;
    let unit = match unit.as_str() {
        "Ht" => "hour",
        "Mt" => "minut",
        "St" => "second",
        "Y" => "year",
        "M" => "month",
        "W" => "week",
        "D" => "day",
        _ => return None,
    };
    let hedge = match time.modifier.as_deref() {
        Some("MORE_THAN") => Some("over".to_string()),
        Some("LESS_THAN") => Some("less than".to_string()),
        Some("APPROX") => Some("about".to_string()),
        Some("EQUAL_OR_MORE") => Some("at least".to_string()),
        Some("EQUAL_OR_LESS") => Some("up to".to_string()),
        _ => None,
    };
    Some(Amount { value: amount, unit: Some(unit.to_string()), hedge, vague: false, text: written.to_string() })
}

/// A role in apposition right after a name: "Andrey Karlov, Russia's former Ambassador to North
/// Korea, …" or "Andrey Karlov -- Russia's Ambassador to Turkey who …".
fn appositive_role(text: &str, name: Span, sentence: Span) -> Option<String> {
    let rest = text.get(name.end..sentence.end)?;
    let after_comma = rest.trim_start().strip_prefix([',', '—', '–']).or_else(|| rest.trim_start().strip_prefix("--"))?;
    let tokens = text::tokens(after_comma, 0);
    let mut i = 0;
    // A possessive owner first: "Russia's".
    if tokens.get(i).is_some_and(|t| t.is_capitalised()) && tokens.get(i + 1).is_some_and(|t| matches!(t.text, "'s" | "’s" | "'" | "’")) {
        i += 2;
    } else if tokens.get(i).is_some_and(|t| t.is_capitalised() && (t.text.ends_with("'s") || t.text.ends_with("’s"))) {
        i += 1;
    }
    let role_start = i;
    while tokens.get(i).is_some_and(|t| t.is_word() && lexicon::is_role_word(&text::lowercase(t.text))) {
        i += 1;
    }
    let role_words = &tokens[role_start.min(tokens.len())..i.min(tokens.len())];
    if !role_words.iter().any(|t| !matches!(&*text::lowercase(t.text), "former" | "acting" | "first")) {
        return None;
    }
    // The portfolio: "to North Korea", "of Defence".
    if tokens.get(i).is_some_and(|t| matches!(t.text, "to" | "of" | "for")) {
        let mut j = i + 1;
        while tokens.get(j).is_some_and(|t| t.is_capitalised()) {
            j += 1;
        }
        if j > i + 1 {
            i = j;
        }
    }
    let start = tokens.get(role_start)?.span.start;
    let end = tokens.get(i.checked_sub(1)?)?.span.end;
    after_comma.get(start..end).map(str::to_string)
}

/// The source a sentence cites: the organisation or person next to a reporting word
/// ("according to TASS", "the White House said", "said Lavrov", "CNN reported").
fn attribution(text: &str, tokens: &[Token<'_>], entities: &[u32], all: &[Entity]) -> Option<String> {
    let sources: Vec<&Entity> = entities.iter().filter_map(|&e| all.get(e as usize)).filter(|e| e.kind != EntityKind::Place || e.id.contains(' ')).collect();
    let shapes = report_shapes();
    for (k, tok) in tokens.iter().enumerate() {
        // An ASCII token that lower-cases to a cue has a cue's length and first letter.
        if tok.text.is_ascii() && !shapes.may_hold(&tok.text.as_bytes()[0].to_ascii_lowercase(), tok.text.len()) {
            continue;
        }
        let lower = text::lowercase(tok.text);
        if !REPORT_CUES.contains(&&*lower) && lower != "by" {
            continue;
        }
        let by_after = lower == "according" || lower == "by";
        if lower == "by" && !tokens.get(k.wrapping_sub(1)).is_some_and(|t| matches!(&*text::lowercase(t.text), "reported" | "noted" | "stated" | "announced")) {
            continue;
        }
        let window_after = tokens.get(k + 1..(k + 5).min(tokens.len())).unwrap_or_default();
        let window_before = tokens.get(k.saturating_sub(4)..k).unwrap_or_default();
        let source_at = |t: &Token<'_>| sources.iter().copied().find(|e| e.span.contains(t.span) || t.span.contains(e.span));
        // "said Lavrov." names its source after the verb, at the end of the clause.
        let said_after = || {
            let first = window_after.first()?;
            let source = source_at(first)?;
            let next = tokens.iter().find(|t| t.span.start >= source.span.end);
            next.is_none_or(|t| !t.is_word()).then_some(source)
        };
        let found = if by_after {
            window_after.iter().find_map(source_at)
        } else {
            window_before.iter().rev().find_map(source_at).or_else(|| if lower == "said" { said_after() } else { None })
        };
        if let Some(source) = found {
            let name = source.span.of(text);
            let the = source.kind == EntityKind::Org && text.get(..source.span.start).is_some_and(ends_with_word_the);
            return Some(if the { format!("the {name}") } else { name.to_string() });
        }
    }
    None
}

/// The certainty cues of a sentence, the most doubtful first.
fn certainty_of(sentence: &str) -> Certainty {
    let mut cues = 0u16;
    let table = cue_table();
    let may_hold = |first: u8, len: usize| table.shapes.may_hold(&first, len);
    lower_words(sentence, may_hold, |w| {
        if w.as_bytes().first().is_some_and(|&first| may_hold(first, w.len())) {
            cues |= table.bits.get(w).copied().unwrap_or(0);
        }
    });
    // A phrase counts when its first word is a word of the sentence and the lower-cased sentence
    // contains it; only then is the sentence lower-cased.
    let has_phrase = || {
        let phrases = UNCONFIRMED_PHRASES.iter().enumerate().filter(|&(k, _)| cues & PHRASE_START << k != 0);
        let mut phrases = phrases.peekable();
        phrases.peek().is_some() && {
            let lower = sentence.to_lowercase();
            phrases.any(|(_, p)| lower.contains(p))
        }
    };
    if cues & DENIAL != 0 {
        Certainty::Denied
    } else if cues & UNCONFIRMED != 0 || has_phrase() {
        Certainty::Unconfirmed
    } else if cues & ALLEGATION != 0 {
        Certainty::Alleged
    } else if cues & REPORT != 0 {
        Certainty::Reported
    } else {
        Certainty::Asserted
    }
}

const DENIAL: u16 = 1;
const UNCONFIRMED: u16 = 2;
const ALLEGATION: u16 = 4;
const REPORT: u16 = 8;
/// Bit `PHRASE_START << k`: the first word of `UNCONFIRMED_PHRASES[k]`.
const PHRASE_START: u16 = 16;

/// Each cue word with the bits of the lists it is in: one lookup per word of a claim instead of
/// a sorted copy of the sentence searched once per cue; most words are ruled out by their
/// length and first letter before that.
struct CueTable {
    bits: HashMap<&'static str, u16>,
    shapes: WordShapes,
}

/// For each length, the first letters (bit 0 for 'a') of a list of lower-case ASCII words
/// shorter than 16 letters: a word of another shape is none of them, without a lookup.
struct WordShapes([u32; 16]);

impl WordShapes {
    fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut firsts = [0u32; 16];
        for w in words {
            let slot = firsts.get_mut(w.len()).expect("listed words are shorter than 16 letters");
            *slot |= 1 << (w.as_bytes()[0] - b'a');
        }
        WordShapes(firsts)
    }

    /// Whether a word of `len` bytes starting with `first` (lower case) may be in the list.
    fn may_hold(&self, first: &u8, len: usize) -> bool {
        let letter = first.wrapping_sub(b'a');
        letter < 26 && self.0.get(len).is_some_and(|f| f & 1 << letter != 0)
    }
}

/// The shapes of the reporting cues of [`attribution`] ("said", "according", "by").
fn report_shapes() -> &'static WordShapes {
    static SHAPES: OnceLock<WordShapes> = OnceLock::new();
    SHAPES.get_or_init(|| WordShapes::new(REPORT_CUES.iter().copied().chain(["by"])))
}

fn cue_table() -> &'static CueTable {
    static TABLE: OnceLock<CueTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits: HashMap<&'static str, u16> = HashMap::new();
        for (list, bit) in [(DENIAL_CUES, DENIAL), (UNCONFIRMED_CUES, UNCONFIRMED), (ALLEGATION_CUES, ALLEGATION), (REPORT_CUES, REPORT)] {
            for &w in list {
                *bits.entry(w).or_default() |= bit;
            }
        }
        for (k, p) in UNCONFIRMED_PHRASES.iter().enumerate() {
            if let Some(first) = p.split(' ').next() {
                *bits.entry(first).or_default() |= PHRASE_START << k;
            }
        }
        let shapes = WordShapes::new(bits.keys().copied());
        CueTable { bits, shapes }
    })
}

/// Calls `f` with the words of `text` (runs of letters and digits) lower-cased, as splitting
/// `text.to_lowercase()` at every other character gives them, without lower-casing the text:
/// an ASCII word is passed as it is when it has no capital, or lower-cased on the stack, and
/// only when `wanted` accepts its first letter (lower-cased) and length.
fn lower_words(text: &str, wanted: impl Fn(u8, usize) -> bool, mut f: impl FnMut(&str)) {
    let mut buf = [0u8; 32];
    let mut emit = |run: &str, ascii: bool| {
        if !ascii {
            // Lower-casing can turn one letter into a letter and a mark ("İ"): split again.
            let lowered = run.to_lowercase();
            lowered.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).for_each(&mut f);
            return;
        }
        if !wanted(run.as_bytes()[0].to_ascii_lowercase(), run.len()) {
            return;
        }
        if !run.bytes().any(|b| b.is_ascii_uppercase()) {
            f(run);
        } else if run.len() <= buf.len() {
            let lower = &mut buf[..run.len()];
            lower.copy_from_slice(run.as_bytes());
            lower.make_ascii_lowercase();
            f(std::str::from_utf8(lower).unwrap_or_default());
        } else {
            f(&run.to_ascii_lowercase());
        }
    };
    let bytes = text.as_bytes();
    let (mut i, mut start, mut ascii) = (0, None, true);
    while i < bytes.len() {
        let (word, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..].chars().next().map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        match (word, start) {
            (true, None) => {
                start = Some(i);
                ascii = len == 1;
            }
            (true, Some(_)) => ascii &= len == 1,
            (false, Some(s)) => {
                emit(&text[s..i], ascii);
                start = None;
            }
            (false, None) => {}
        }
        i += len;
    }
    if let Some(s) = start {
        emit(&text[s..], ascii);
    }
}

/// The occasion of a document: the publication date (else the first full date written in the
/// body) and the towns most often named as where things happen.
pub fn occasion(doc: &Document<'_>, claims: &[Claim]) -> Occasion {
    let date = doc.published.map(crate::time::iso_date).or_else(|| {
        doc.times
            .iter()
            .filter(|t| !doc.boilerplate.iter().any(|b| b.overlaps(t.span)))
            .find(|t| t.value.len() == 10 && !t.value.starts_with('X') && t.span.of(doc.text).chars().any(|c| c.is_ascii_digit()))
            .map(|t| t.value.clone())
    });
    let mut counts: Vec<(Place, usize)> = Vec::new();
    for claim in claims {
        let tokens = doc.tokens.in_span(claim.span);
        for &e in &claim.entities {
            let Some(entity) = doc.entities.get(e as usize) else { continue };
            if entity.kind != EntityKind::Place || place_level(&entity.id) != PlaceLevel::Local {
                continue;
            }
            let travel = follows(tokens, entity.span, TRAVEL_WORDS) || (follows(tokens, entity.span, &["to"]) && travel_before_to(tokens, entity.span));
            if !travel && !follows(tokens, entity.span, LOCATIVES) {
                continue;
            }
            match counts.iter_mut().find(|(p, _)| p.id == entity.id) {
                Some((_, n)) => *n += 1,
                None => counts.push((Place { id: entity.id.clone(), text: entity.span.of(doc.text).to_string() }, 1)),
            }
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let towns = counts.into_iter().filter(|(_, n)| *n == most && most > 0).map(|(p, _)| p).collect();
    Occasion { date, towns }
}

/// "trip to Pyongyang", "visit to Pyongyang": a travel word two tokens before the place.
fn travel_before_to(tokens: &[Token<'_>], span: Span) -> bool {
    words_before(tokens, span).nth(1).map(|t| text::lowercase(t.text)).is_some_and(|w| TRAVEL_WORDS.contains(&&*w) || w == "diplomatic")
}

/// The terms a claim is indexed and searched by: its predicate and quotation stems and `@`-prefixed entity
/// ids (short mentions resolved), so a name never collides with an ordinary word.
pub fn index_terms(claim: &Claim, entities: &[Entity]) -> Vec<String> {
    let mut terms: Vec<String> = claim.slots.what.clone();
    terms.extend(claim.slots.quoted.iter().filter(|q| !claim.slots.what.contains(q)).cloned());
    terms.extend(named_ids(claim, entities).iter().map(|id| format!("@{id}")));
    terms
}

/// The entity ids a claim names, its actors first, each once: the names of
/// [`index_terms`], in its order.
pub fn named_ids<'a>(claim: &'a Claim, entities: &'a [Entity]) -> SmallVec<[&'a str; 8]> {
    let mut ids: SmallVec<[&str; 8]> = SmallVec::new();
    let others = claim.entities.iter().filter(|&&e| !claim.slots.who.iter().any(|a| a.entity == e)).filter_map(|&e| entities.get(e as usize));
    for id in claim.slots.who.iter().map(|a| a.id.as_str()).chain(others.map(|e| e.id.as_str())) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    fn claim_of(text: &str) -> Claim {
        let a = analysis::analyse(text, NaiveDate::from_ymd_opt(2023, 10, 19));
        a.claims.into_iter().next().expect("one claim")
    }

    #[test]
    fn slots_of_a_meeting() {
        let c = claim_of("On Thursday, Sergei Lavrov was received by Kim Jong Un in Pyongyang, with TASS reporting the meeting lasted over an hour.");
        let who: Vec<&str> = c.slots.who.iter().map(|a| a.id.as_str()).collect();
        assert!(who.contains(&"sergei lavrov") && who.contains(&"kim jong un"), "{who:?}");
        assert!(c.slots.what.contains(&"receiv".to_string()) && c.slots.what.contains(&"meet".to_string()), "{:?}", c.slots.what);
        assert_eq!(c.slots.when[0].weekday, Some(4));
        assert!(c.slots.when[0].anchored);
        assert_eq!(c.slots.places[0].id, "pyongyang");
        assert_eq!(c.slots.amounts[0].unit.as_deref(), Some("hour"));
        assert_eq!(c.slots.amounts[0].hedge.as_deref(), Some("over"));
        assert_eq!(c.slots.attribution.as_deref(), Some("TASS"));
        assert_eq!(c.slots.certainty, Certainty::Reported);
    }

    #[test]
    fn certainty_cues() {
        assert_eq!(certainty_of("the united states has accused north korea of shipping munitions"), Certainty::Alleged);
        assert_eq!(certainty_of("the ministry denied the reports"), Certainty::Denied);
        assert_eq!(certainty_of("kim met lavrov"), Certainty::Asserted);
        let a = analysis::analyse("Allegations surface regarding North Korea's transfer of munitions to Russia. Although these claims are unconfirmed, they add intrigue.", None);
        assert_eq!(a.claims[0].slots.certainty, Certainty::Unconfirmed);
    }

    proptest::proptest! {
        #[test]
        fn lower_words_are_the_words_of_the_lowered_text(text in "[a-zA-Z0-9 .,'’\u{130}\u{212A}\u{3A3}\u{3C3}é\u{301}-]{0,30}") {
            let mut got = Vec::new();
            lower_words(&text, |_, _| true, |w| if w.is_ascii() { got.push(w.to_string()) });
            let lowered = text.to_lowercase();
            let want: Vec<String> = lowered.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && w.is_ascii()).map(str::to_string).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn anaphors_start_with_th_or_su() {
        assert!(ANAPHORS.iter().all(|a| a.starts_with("th") || a.starts_with("su")));
        assert_eq!(doubt_about_previous("Although these claims are unconfirmed, they add intrigue."), Some(Certainty::Unconfirmed));
        assert_eq!(doubt_about_previous("Such reports were denied by the ministry."), Some(Certainty::Denied));
        assert_eq!(doubt_about_previous("Officials denied it."), None);
    }

    #[test]
    fn appositive_roles() {
        let c = claim_of("Lavrov pays tribute to Andrey Karlov, Russia's former Ambassador to North Korea, who was assassinated in 2016.");
        let karlov = c.slots.who.iter().find(|a| a.id == "andrei karlov").expect("Karlov");
        assert_eq!(karlov.role.as_deref(), Some("former Ambassador to North Korea"));
    }

    #[test]
    fn place_levels_come_from_the_gazetteer() {
        assert_eq!(place_level("north korea"), PlaceLevel::Country);
        assert_eq!(place_level("pyongyang"), PlaceLevel::Local);
        assert_eq!(place_level("najin"), PlaceLevel::Local);
    }
}
