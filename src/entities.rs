//! Named entities: people, organisations, places and named events.
//!
//! The tagger is rule-based and works per document in two passes:
//! 1. each sentence is scanned for gazetteer names (longest match first) and for sequences of
//!    capitalised words, which are cleaned (leading titles become the role, possessives and
//!    trailing connectors are dropped) and typed by their head word and their context;
//! 2. short mentions ("Lavrov", "Kim") are resolved to the longest person of the document that
//!    they abbreviate, so they share its id and type.
//!
//! Capitalisation alone is a weak cue at the start of a sentence and in headlines, so a word there
//! is accepted only when the rest of the document (or the gazetteer) confirms it is a name.

use std::borrow::Cow;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::lexicon::{self, WordList};
use crate::names::canonical_key;
use crate::text::{self, Span, Token, Tokens};

/// The entity types, named as a reader would name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityKind {
    Person,
    Org,
    Place,
    /// Named events, agreements, initiatives, and nationality adjectives.
    Misc,
}

impl EntityKind {
    /// The name serde gives the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "PERSON",
            EntityKind::Org => "ORG",
            EntityKind::Place => "PLACE",
            EntityKind::Misc => "MISC",
        }
    }
}

/// One mention of an entity in a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub span: Span,
    pub kind: EntityKind,
    /// Canonical id shared by every spelling of the same entity in the document.
    pub id: String,
    /// The title or office the text gives right before the name ("Foreign Minister").
    pub role: Option<String>,
}

struct Gazetteer {
    /// Alias (exact case, tokens joined by single spaces) -> (canonical id, kind).
    names: HashMap<String, (String, EntityKind)>,
    /// The aliases' proper prefixes of whole tokens ("North", "United States of"): the
    /// longest-match search stops as soon as what it has read is not one, instead of joining
    /// and looking up every window of words after every capitalised word.
    prefixes: HashSet<String>,
    /// Longest alias length in tokens, to bound the longest-match search.
    max_tokens: usize,
}

fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(|| {
        let mut names = HashMap::new();
        let mut prefixes = HashSet::new();
        let mut max_tokens = 1;
        let mut add = |alias: &str, canonical: &str, kind: EntityKind| {
            let tokens = with_abbreviation_dots(alias, text::tokens(alias, 0).into_iter());
            let joined = tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ");
            max_tokens = max_tokens.max(joined.split(' ').count());
            for (at, _) in joined.match_indices(' ') {
                prefixes.insert(joined[..at].to_string());
            }
            names.entry(joined).or_insert_with(|| (canonical_key(canonical), kind));
        };
        for (canonical, aliases) in lexicon::entries(lexicon::ORGANISATIONS) {
            for alias in aliases {
                add(alias, canonical, EntityKind::Org);
            }
        }
        for (canonical, aliases) in lexicon::entries(lexicon::PLACES) {
            for alias in aliases {
                match alias.strip_prefix('~') {
                    Some(adjective) => {
                        add(adjective, canonical, EntityKind::Misc);
                        // The people: "Palestinians", "Iraqis", "Chechens".
                        if !adjective.ends_with(['s', 'h']) && !adjective.ends_with("ese") {
                            add(&format!("{adjective}s"), canonical, EntityKind::Misc);
                        }
                    }
                    None => add(alias, canonical, EntityKind::Place),
                }
            }
        }
        for (canonical, aliases) in lexicon::entries(lexicon::GROUPS) {
            for alias in aliases {
                add(alias, canonical, EntityKind::Misc);
            }
        }
        Gazetteer { names, prefixes, max_tokens }
    })
}

/// A token prepared for tagging: possessive endings split off ("Lavrov’s" -> "Lavrov" + "’s").
#[derive(Clone, Copy, Debug)]
struct Word<'t> {
    tok: Token<'t>,
    /// True when this word starts its sentence (after any opening quotes or dashes).
    initial: bool,
    /// The word in lower case when it has an upper-case letter, else the word itself: the rules
    /// ask for it several times per word, so it is made once (see [`find_in`]).
    lower: &'t str,
    /// [`Token::is_word`], [`Token::is_capitalised`] and whether any letter is upper case, read
    /// once per word rather than at each rule that asks.
    word: bool,
    capitalised: bool,
    upper: bool,
    /// Part of a run of three or more all-capital words ("LEICESTERSHIRE TAKE OVER AT TOP"):
    /// a headline run into the text, where capitals say nothing about names.
    shouted: bool,
}

impl<'t> Word<'t> {
    fn new(tok: Token<'t>, initial: bool) -> Self {
        Word { tok, initial, lower: tok.text, word: tok.is_word(), capitalised: tok.is_capitalised(), upper: tok.text.chars().any(char::is_uppercase), shouted: false }
    }
}

fn words<'t>(text: &'t str, tokens: &[Token<'t>]) -> Vec<Word<'t>> {
    let mut out = Vec::with_capacity(tokens.len() + 4);
    let mut seen_word = false;
    for tok in with_abbreviation_dots(text, tokens.iter().copied()) {
        let (base, possessive) = split_possessive(tok);
        let mut w = Word::new(base, false);
        w.initial = !seen_word && w.word;
        seen_word |= w.word;
        out.push(w);
        if let Some(p) = possessive {
            out.push(Word::new(p, false));
        }
    }
    mark_shouted(&mut out);
    out
}

/// Marks runs of three or more all-capital words, punctuation between them allowed. Acronyms
/// come alone or in pairs ("TASS", "NEW YORK"); longer runs are headlines or table headers.
fn mark_shouted(words: &mut [Word<'_>]) {
    let mut run_start = 0;
    let mut caps_in_run = 0;
    for k in 0..=words.len() {
        let continues = words.get(k).map(|w| if w.word { w.tok.is_acronym() } else { !w.tok.text.chars().any(char::is_alphanumeric) });
        match continues {
            Some(true) => caps_in_run += usize::from(words[k].word),
            _ => {
                if caps_in_run >= 3 {
                    words[run_start..k].iter_mut().filter(|w| w.word).for_each(|w| w.shouted = true);
                }
                run_start = k + 1;
                caps_in_run = 0;
            }
        }
    }
}

/// Glues the final period back onto initials and dotted acronyms ("P." in "P. Simmons", "U.S."),
/// which word segmentation splits off, so that they read as one name word.
fn with_abbreviation_dots<'t>(text: &'t str, tokens: impl ExactSizeIterator<Item = Token<'t>>) -> Vec<Token<'t>> {
    let mut out: Vec<Token<'t>> = Vec::with_capacity(tokens.len());
    for tok in tokens {
        if tok.text == "." {
            if let Some(prev) = out.last_mut() {
                let initial = prev.text.chars().count() == 1 && prev.is_capitalised();
                let dotted = prev.text.contains('.') && prev.text.chars().all(|c| c == '.' || c.is_uppercase());
                if prev.span.end == tok.span.start && (initial || dotted) {
                    let span = Span::new(prev.span.start, tok.span.end);
                    *prev = Token { text: span.of(text), span };
                    continue;
                }
            }
        }
        out.push(tok);
    }
    out
}

fn split_possessive(tok: Token<'_>) -> (Token<'_>, Option<Token<'_>>) {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(base) = tok.text.strip_suffix(suffix) {
            if base.chars().count() >= 2 && base.chars().last().is_some_and(char::is_alphabetic) {
                let cut = tok.span.start + base.len();
                return (
                    Token { text: base, span: Span::new(tok.span.start, cut) },
                    Some(Token { text: &tok.text[base.len()..], span: Span::new(cut, tok.span.end) }),
                );
            }
        }
    }
    (tok, None)
}

/// Lower-case words that join capitalised words into one name ("Bank of England",
/// "Belt and Road Initiative"); accepted only when the whole sequence gets a head word.
static CONNECTORS: WordList = WordList::new(&["of", "and", "for", "the", "de", "du", "la", "le", "von", "van", "der", "bin", "al", "del", "da", "on"]);

/// Words before a name that make it a place ("in Pyongyang", "from Beijing").
static LOCATIVES: WordList = WordList::new(&["in", "at", "from", "to", "near", "across", "outside", "inside", "into", "toward", "towards", "via"]);

/// Words after a single capitalised word that make it a person ("Lavrov said").
static SPEECH_VERBS: WordList = WordList::new(&["said", "says", "told", "added", "stated", "noted", "wrote", "announced", "insisted", "argued", "explained", "asked", "replied"]);

const SINGLE_WORD_DEFAULT: EntityKind = EntityKind::Org;

/// Finds the entities of a document. `sentences` are the document's sentence spans.
pub fn find(text: &str, sentences: &[Span]) -> Vec<Entity> {
    find_in(text, sentences, &Tokens::new(text))
}

/// [`find`] with the document's tokens already made.
pub fn find_in(text: &str, sentences: &[Span], tokens: &Tokens<'_>) -> Vec<Entity> {
    let mut read: Vec<Sentence<'_>> = sentences
        .iter()
        .map(|&span| {
            let words = words(text, tokens.in_span(span));
            let headline = is_headline(&words, span.of(text));
            Sentence { words, headline }
        })
        .collect();
    // The lower-case forms of the words with capitals, written one after another into one
    // string, then lent to their words: no string per word.
    let mut lowered = String::new();
    let mut ends = Vec::new();
    for w in read.iter().flat_map(|s| &s.words) {
        if w.upper {
            if w.tok.text.is_ascii() {
                let start = lowered.len();
                lowered.push_str(w.tok.text);
                lowered[start..].make_ascii_lowercase();
            } else {
                lowered.push_str(&w.tok.text.to_lowercase());
            }
            ends.push(lowered.len());
        }
    }
    let mut ends = ends.into_iter();
    let mut start = 0;
    for w in read.iter_mut().flat_map(|s| &mut s.words) {
        if w.upper {
            let end = ends.next().unwrap_or(start);
            w.lower = &lowered[start..end];
            start = end;
        }
    }
    let doc = DocumentEvidence::gather(&read);
    let mut out = Vec::new();
    for sentence in &read {
        tag_sentence(&sentence.words, sentence.headline, &doc, &mut out);
    }
    resolve_short_mentions(text, &mut out);
    out
}

/// A sentence's words, read once and used by both passes.
struct Sentence<'t> {
    words: Vec<Word<'t>>,
    headline: bool,
}

/// What the whole document says about capitalised words, used where capitalisation is unreliable.
struct DocumentEvidence<'t> {
    /// Capitalised words seen in the middle of an ordinary sentence: real names.
    capitalised_inside: HashSet<&'t str>,
    /// Words seen in lower case somewhere: probably ordinary words.
    seen_lower: HashSet<&'t str>,
    /// How often each capitalised word starts a sentence.
    initial_count: HashMap<&'t str, u32>,
}

impl<'t> DocumentEvidence<'t> {
    fn gather(sentences: &[Sentence<'t>]) -> Self {
        // Sized for the document up front (a document's distinct words grow slower than its
        // length, hence the cap): growing them by rehashing cost as much as filling them.
        let words: usize = sentences.iter().map(|s| s.words.len()).sum::<usize>().min(1 << 15);
        let mut capitalised_inside = HashSet::with_capacity(words / 8);
        let mut seen_lower = HashSet::with_capacity(words / 2);
        let mut initial_count: HashMap<&'t str, u32> = HashMap::new();
        for sentence in sentences {
            let words = &sentence.words;
            for w in words {
                if !w.word {
                    continue;
                }
                if w.capitalised {
                    if w.shouted {
                        continue;
                    }
                    if !w.initial && !sentence.headline {
                        capitalised_inside.insert(w.tok.text);
                    } else if w.initial && followed_by_lower_word(words, w) {
                        *initial_count.entry(w.tok.text).or_default() += 1;
                    }
                } else if w.tok.text.chars().next().is_some_and(char::is_lowercase) {
                    seen_lower.insert(w.tok.text);
                }
            }
        }
        DocumentEvidence { capitalised_inside, seen_lower, initial_count }
    }

    /// Whether a capitalised word in an unreliable position (sentence start, headline) is a name.
    fn confirms_name(&self, w: &Word<'_>) -> bool {
        let word = w.tok.text;
        let lower = full_lower(w);
        if lexicon::is_function_word(&lower) || self.seen_lower.contains(&*lower) {
            return false;
        }
        // A word that starts several sentences and is never written in lower case is a name
        // ("Lavrov said…", "Lavrov also met…"), unless it has the shape of an ordinary word.
        self.capitalised_inside.contains(word)
            || (w.tok.is_acronym() && self.capitalised_inside.contains(title_case(word).as_str()))
            || (self.initial_count.get(word).copied().unwrap_or(0) >= 2 && !looks_like_common_word(&lower))
    }
}

/// "Lavrov arrived…": a name opening a sentence is followed by the rest of the sentence, not by
/// a colon or a comma as headers and list items are ("Date:", "Date, time, finalists").
fn followed_by_lower_word(words: &[Word<'_>], w: &Word<'_>) -> bool {
    let next = words.iter().find(|x| x.tok.span.start >= w.tok.span.end && !matches!(x.tok.text, "'s" | "’s" | "'" | "’"));
    next.is_some_and(|n| n.tok.text.chars().next().is_some_and(char::is_lowercase))
}

/// Participles and adverbs open sentences ("Speaking at…", "Notably,") but are rarely names.
fn looks_like_common_word(lower: &str) -> bool {
    lower.len() > 4 && (lower.ends_with("ing") || lower.ends_with("ly") || lower.ends_with("ed"))
}

impl DocumentEvidence<'_> {
    /// An unconfirmed first word still belongs to a longer name unless it is plainly an ordinary
    /// word ("Sergei Lavrov arrived", but not "Speaking Lavrov…").
    fn keeps_initial_in_chain(&self, w: &Word<'_>) -> bool {
        let lower = full_lower(w);
        !lexicon::is_function_word(&lower) && !self.seen_lower.contains(&*lower) && !looks_like_common_word(&lower)
    }
}

/// A headline or title line: no final stop and most longer words capitalised.
fn is_headline(words: &[Word<'_>], sentence: &str) -> bool {
    if sentence.trim_end().ends_with(['.', '!', '?', '"', '”', ':']) {
        return false;
    }
    let long: Vec<_> = words.iter().filter(|w| w.word && w.tok.text.chars().count() >= 4).collect();
    long.len() >= 3 && long.iter().filter(|w| w.capitalised).count() * 10 >= long.len() * 7
}

/// The word in lower case, itself when it has no upper-case letter.
fn lower<'t>(word: &Word<'t>) -> &'t str {
    word.lower
}

/// `str::to_lowercase` of the word, which also lowers title-case letters ("ǅ"): what
/// [`lower`] gives, except for non-ASCII words.
fn full_lower<'t>(word: &Word<'t>) -> Cow<'t, str> {
    if word.tok.text.is_ascii() {
        Cow::Borrowed(word.lower)
    } else {
        Cow::Owned(word.tok.text.to_lowercase())
    }
}

fn tag_sentence(words: &[Word<'_>], headline: bool, doc: &DocumentEvidence, out: &mut Vec<Entity>) {
    let gaz = gazetteer();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if !w.word || !w.capitalised || lexicon::is_time_word(lower(&w)) || is_pronoun_i(w.tok.text) {
            i += 1;
            continue;
        }
        if let Some((len, id, mut kind)) = gazetteer_match(gaz, words, i).filter(|m| !starts_longer_name(words, i, m)) {
            if kind == EntityKind::Place && followed_by_score(words, i + len) && lexicon::place_level(&id) != lexicon::PlaceLevel::Country {
                // "Chicago 5 Boston 3", "LEEDS 2 Arsenal 1": a city or state with a score is
                // its team (national teams keep their country).
                kind = EntityKind::Org;
            }
            let span = Span::new(w.tok.span.start, words[i + len - 1].tok.span.end);
            out.push(Entity { span, kind, id, role: role_before(words, i) });
            i += len;
            continue;
        }
        let end = chain_end(words, i);
        let chain = &words[i..end];
        let accepted = accept_chain(chain, headline, doc);
        if let Some((first, _)) = accepted.filter(|&(first, _)| first > 0) {
            // Leading words were dropped ("The", "Seven" in "Seven Iraqis"): read again from the
            // first kept word, so the gazetteer sees it ("Iraqis", "Belgian").
            i += first;
            continue;
        }
        if let Some((first, last)) = accepted {
            if let Some(entity) = type_chain(words, i + first, i + last) {
                out.push(entity);
            }
        }
        i = end;
    }
}

/// A bare score at `at`: a number of one to three digits not followed by a lower-case word
/// ("5 people" is a count, not a score).
fn followed_by_score(words: &[Word<'_>], at: usize) -> bool {
    let Some(number) = words.get(at) else { return false };
    let score = number.tok.text.len() <= 3 && number.tok.text.bytes().all(|b| b.is_ascii_digit());
    score && !words.get(at + 1).is_some_and(|w| w.word && w.tok.text.chars().next().is_some_and(char::is_lowercase))
}

fn gazetteer_match(gaz: &Gazetteer, words: &[Word<'_>], i: usize) -> Option<(usize, String, EntityKind)> {
    let mut exact = String::new();
    // Whether a longer window can still match as written, or in title case: datelines and
    // headlines shout ("LONDON", "NEW YORK"), so an acronym is looked up in title case too.
    let (mut exact_open, mut titled_open) = (true, true);
    let mut best = None;
    for (n, w) in words[i..].iter().take(gaz.max_tokens).enumerate() {
        // Names do not run across a possessive ("Korea's Foreign Minister").
        if n > 0 && matches!(w.tok.text, "'s" | "’s" | "'" | "’") {
            break;
        }
        let mut hit = None;
        if n == 0 {
            // The first word is looked up in place: most capitalised words start no alias.
            hit = gaz.names.get(w.tok.text);
            exact_open = gaz.prefixes.contains(w.tok.text);
            if exact_open {
                exact.push_str(w.tok.text);
            }
        } else if exact_open {
            exact.push(' ');
            exact.push_str(w.tok.text);
            hit = gaz.names.get(&exact);
            exact_open = gaz.prefixes.contains(&exact);
        }
        if hit.is_none() && titled_open && w.tok.is_acronym() {
            let mut titled = String::new();
            for (k, x) in words[i..=i + n].iter().enumerate() {
                if k > 0 {
                    titled.push(' ');
                }
                title_case_into(x.tok.text, &mut titled);
            }
            hit = gaz.names.get(&titled);
            titled_open = gaz.prefixes.contains(&titled);
        }
        if let Some((id, kind)) = hit {
            best = Some((n + 1, id.clone(), *kind));
        }
        if !exact_open && !titled_open {
            break;
        }
    }
    best
}

fn title_case(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    title_case_into(word, &mut out);
    out
}

fn title_case_into(word: &str, out: &mut String) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.push(first);
        out.extend(chars.flat_map(char::to_lowercase));
    }
}

/// A nationality or place word that opens a longer name: "British Universities", "Russian News
/// Agency", "Bank of England" is not "England". True when the capitalised run from `i` goes past
/// the gazetteer match and ends in an organisation, place or event head word.
fn starts_longer_name(words: &[Word<'_>], i: usize, m: &(usize, String, EntityKind)) -> bool {
    let end = chain_end(words, i);
    if end <= i + m.0 || words[i + m.0..end].iter().any(|w| is_role_word(w) && !is_head(lower(w))) {
        return false;
    }
    is_head(&singular(lower(&words[end - 1])))
}

/// "I", "I've", "I'm": capitalised, never a name.
fn is_pronoun_i(word: &str) -> bool {
    word == "I" || word.starts_with("I'") || word.starts_with("I’")
}

/// "universities" -> "university", "forces" -> "force": head words are listed in the singular.
fn singular(word: &str) -> Cow<'_, str> {
    if let Some(stem) = word.strip_suffix("ies") {
        Cow::Owned(format!("{stem}y"))
    } else if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        Cow::Borrowed(&word[..word.len() - 1])
    } else {
        Cow::Borrowed(word)
    }
}

/// End (exclusive) of the run of name-like words starting at `i`.
fn chain_end(words: &[Word<'_>], i: usize) -> usize {
    let mut j = i + 1;
    while j < words.len() {
        let w = words[j];
        let prev = words[j - 1];
        let adjacent = prev.tok.span.end == w.tok.span.start;
        if w.word && w.capitalised {
            if lexicon::is_time_word(lower(&w)) {
                break;
            }
            j += 1;
        } else if (w.tok.text == "-" || w.tok.text == "‑") && adjacent && j + 1 < words.len() {
            let next = words[j + 1];
            let glued = next.tok.span.start == w.tok.span.end && next.word;
            // "Jong-Un", "Son-hui": a hyphen inside a multi-word name joins; "Putin-Kim" (two
            // one-word names) does not.
            if glued && (!next.capitalised || j - i >= 2) {
                j += 2;
            } else {
                break;
            }
        } else if w.word && CONNECTORS.contains(lower(&w)) && j + 1 < words.len() {
            let next = words[j + 1];
            if next.word && next.capitalised && connector_fits(words, j) {
                j += 2;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    j
}

/// A connector joins only when the finished name will have an organisation, place or event head
/// ("Belt and Road Initiative", "Ministry of Foreign Affairs"), never two separate names
/// ("Russia and North Korea").
fn connector_fits(words: &[Word<'_>], connector: usize) -> bool {
    let before = lower(&words[connector - 1]);
    if is_head(before) && lower(&words[connector]) == "of" {
        return true;
    }
    let mut k = connector + 1;
    while k < words.len() && words[k].word && words[k].capitalised {
        k += 1;
    }
    let head = lower(&words[k - 1]);
    lexicon::ORG_HEADS.contains(head) || lexicon::MISC_HEADS.contains(head)
}

fn is_head(lower: &str) -> bool {
    let lower = &*singular(lower);
    lexicon::ORG_HEADS.contains(lower) || lexicon::PLACE_HEADS.contains(lower) || lexicon::MISC_HEADS.contains(lower)
}

fn is_role_word(w: &Word<'_>) -> bool {
    lexicon::is_role_word(lower(w))
}

/// Which part of a capitalised run is a name, as (first, last) indices into the run.
fn accept_chain(chain: &[Word<'_>], headline: bool, doc: &DocumentEvidence) -> Option<(usize, usize)> {
    let headline = headline || chain.iter().filter(|w| w.capitalised).all(|w| w.shouted);
    let mut first = 0;
    let mut last = chain.len() - 1;
    // Leading words in unreliable positions must be confirmed by the document.
    while first <= last {
        let w = &chain[first];
        let unreliable = headline || w.initial;
        let l = lower(w);
        let skip = lexicon::is_function_word(l)
            || (unreliable
                && !is_role_word(w)
                && !doc.confirms_name(w)
                && !ends_in_head(chain)
                && !(w.initial && !headline && first < last && doc.keeps_initial_in_chain(w)));
        if skip {
            first += 1;
        } else {
            break;
        }
    }
    // Never end on a connector or hyphen.
    while last > first && !chain[last].capitalised && !is_hyphen_piece(chain, last) {
        last -= 1;
    }
    if headline {
        // In a headline, keep only words the document confirms as names.
        while last > first && !doc.confirms_name(&chain[last]) && !is_hyphen_piece(chain, last) {
            last -= 1;
        }
        if !(first..=last).all(|k| !chain[k].capitalised || doc.confirms_name(&chain[k])) {
            return None;
        }
    }
    (first <= last).then_some((first, last))
}

fn ends_in_head(chain: &[Word<'_>]) -> bool {
    chain.len() >= 2 && is_head(lower(&chain[chain.len() - 1]))
}

fn is_hyphen_piece(chain: &[Word<'_>], k: usize) -> bool {
    k >= 1 && matches!(chain[k - 1].tok.text, "-" | "‑") && chain[k].word
}

/// Types the name words[first..=last] and strips leading titles into the role.
fn type_chain(words: &[Word<'_>], mut first: usize, last: usize) -> Option<Entity> {
    let role_start = first;
    let name_has_head = is_head(lower(&words[last]));
    if !name_has_head {
        while first <= last && is_role_word(&words[first]) {
            first += 1;
        }
    }
    if first > last {
        return None; // only a title: "the Foreign Minister said"
    }
    if let Some(entity) = descriptor_and_name(words, first, last) {
        return Some(entity);
    }
    let span = Span::new(words[first].tok.span.start, words[last].tok.span.end);
    let role = if first > role_start {
        Some(words[role_start..first].iter().map(|w| w.tok.text).collect::<Vec<_>>().join(" "))
    } else {
        role_before(words, role_start)
    };
    // "World Series of Golf", "Bank of England": the head is the word before "of".
    let head_at = (first..=last).find(|&k| lower(&words[k]) == "of" && k > first).map_or(last, |k| k - 1);
    let head = singular(lower(&words[head_at]));
    let word_count = words[first..=last].iter().filter(|w| w.word).count();
    let kind = if lexicon::ORG_HEADS.contains(&*head) && word_count >= 2 {
        EntityKind::Org
    } else if lexicon::PLACE_HEADS.contains(&*head) && word_count >= 2 {
        EntityKind::Place
    } else if lexicon::MISC_HEADS.contains(&*head) && word_count >= 2 {
        EntityKind::Misc
    } else if role.is_some() {
        EntityKind::Person
    } else if word_count == 1 && words[first].tok.is_acronym() {
        EntityKind::Org
    } else if word_count >= 2 && looks_like_personal_name(&words[first..=last]) {
        EntityKind::Person
    } else if word_count >= 2 {
        EntityKind::Org
    } else if first > 0 && LOCATIVES.contains(lower(&words[first - 1])) {
        EntityKind::Place
    } else if words.get(last + 1).is_some_and(|w| SPEECH_VERBS.contains(lower(w))) {
        EntityKind::Person
    } else if first > 0 && lower(&words[first - 1]) == "the" {
        EntityKind::Org
    } else {
        SINGLE_WORD_DEFAULT
    };
    Some(Entity { span, kind, id: canonical_key(&words_text(words, first, last)), role })
}

/// "News Agency TASS", "Space Agency NASA": a descriptor ending in an organisation word,
/// then the name itself (an acronym or a known name). The name is the entity, the descriptor
/// its role.
fn descriptor_and_name(words: &[Word<'_>], first: usize, last: usize) -> Option<Entity> {
    let tail = &words[last];
    if last == first || !lexicon::ORG_HEADS.contains(&*singular(lower(&words[last - 1]))) {
        return None;
    }
    let known = gazetteer().names.get(tail.tok.text).cloned();
    if !tail.tok.is_acronym() && known.is_none() {
        return None;
    }
    let (id, kind) = known.unwrap_or_else(|| (canonical_key(tail.tok.text), EntityKind::Org));
    let role = words[first..last].iter().map(|w| w.tok.text).collect::<Vec<_>>().join(" ");
    Some(Entity { span: tail.tok.span, kind, id, role: Some(role) })
}

/// A run of two to four capitalised words with no acronym, digit or known place or
/// organisation word in it reads as a person's name ("Phil Simmons", "P. Simmons"); "Air France",
/// "PGA Tour" and "Real Madrid" do not.
fn looks_like_personal_name(words: &[Word<'_>]) -> bool {
    let gaz = gazetteer();
    let name_words: Vec<&Word<'_>> = words.iter().filter(|w| w.word).collect();
    (2..=4).contains(&name_words.len())
        && name_words.iter().all(|w| {
            let t = w.tok.text;
            let initial = t.len() <= 2 && t.ends_with('.');
            initial
                || (w.capitalised
                    && !w.tok.is_acronym()
                    && !t.chars().any(|c| c.is_ascii_digit())
                    && !gaz.names.contains_key(t)
                    && !is_head(lower(w)))
        })
}

fn words_text(words: &[Word<'_>], first: usize, last: usize) -> String {
    let mut s = String::new();
    for (k, w) in words[first..=last].iter().enumerate() {
        if k > 0 && words[first + k - 1].tok.span.end != w.tok.span.start {
            s.push(' ');
        }
        s.push_str(w.tok.text);
    }
    s
}

/// A lower-case role right before a name ("leader Kim Jong Un", "counterpart, Choe Son-hui").
fn role_before(words: &[Word<'_>], i: usize) -> Option<String> {
    let mut k = i;
    while k > 0 && matches!(words[k - 1].tok.text, "," | "-" | "–" | "—") {
        k -= 1;
    }
    let mut start = k;
    while start > 0 && words[start - 1].word && is_role_word(&words[start - 1]) {
        start -= 1;
    }
    (start < k).then(|| words[start..k].iter().map(|w| w.tok.text).collect::<Vec<_>>().join(" "))
}

/// Gives one-word mentions the id and type of the person they name: the longer person name
/// they abbreviate, or the same word typed as a person elsewhere; the most recent one before
/// them, or failing that the first one after.
fn resolve_short_mentions(text: &str, entities: &mut [Entity]) {
    // Family or given name -> the multi-word persons it is part of, in document order, so each
    // short mention costs one lookup and a binary search (pages can hold thousands of names).
    let mut by_part: HashMap<&str, Vec<(usize, String)>> = HashMap::new();
    // One-word persons ("President Clinton", "Lavrov said") vouch for their other one-word
    // mentions when no longer name does.
    let mut alone: HashSet<&str> = HashSet::new();
    for (k, e) in entities.iter().enumerate() {
        let surface = e.span.of(text);
        if e.kind != EntityKind::Person {
            continue;
        }
        if !surface.contains(char::is_whitespace) {
            alone.insert(surface);
            continue;
        }
        let mut parts = surface.split([' ', '-']).filter(|p| !p.is_empty());
        let first = parts.next();
        let last = parts.next_back();
        for part in [first, last].into_iter().flatten() {
            by_part.entry(part).or_default().push((k, e.id.clone()));
        }
    }
    if by_part.is_empty() && alone.is_empty() {
        return;
    }
    for (k, entity) in entities.iter_mut().enumerate() {
        let surface = entity.span.of(text);
        if surface.contains(char::is_whitespace) || entity.kind == EntityKind::Place {
            continue;
        }
        if let Some(candidates) = by_part.get(surface) {
            let before = candidates.partition_point(|(j, _)| *j < k);
            let chosen = if before > 0 { &candidates[before - 1] } else { &candidates[0] };
            entity.kind = EntityKind::Person;
            entity.id = chosen.1.clone();
        } else if alone.contains(surface) {
            entity.kind = EntityKind::Person;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Vec<(String, EntityKind)> {
        let sentences = text::sentences(text);
        find(text, &sentences).into_iter().map(|e| (e.span.of(text).to_string(), e.kind)).collect()
    }

    fn has(found: &[(String, EntityKind)], name: &str, kind: EntityKind) -> bool {
        found.iter().any(|(n, k)| n == name && *k == kind)
    }

    #[test]
    fn titles_are_not_part_of_names() {
        let found = tag("Russian Foreign Minister Sergei Lavrov met North Korean leader Kim Jong Un in Pyongyang.");
        assert!(has(&found, "Sergei Lavrov", EntityKind::Person), "{found:?}");
        assert!(has(&found, "Kim Jong Un", EntityKind::Person), "{found:?}");
        assert!(has(&found, "Pyongyang", EntityKind::Place), "{found:?}");
        assert!(has(&found, "Russian", EntityKind::Misc), "{found:?}");
        assert!(!found.iter().any(|(n, _)| n.contains("Minister")), "{found:?}");
    }

    #[test]
    fn possessives_and_hyphens() {
        let found = tag("Lavrov also met with North Korea's Foreign Minister Choe Son-hui. Lavrov’s visit ended. It followed a summit with Kim Jong-Un.");
        assert!(has(&found, "Choe Son-hui", EntityKind::Person), "{found:?}");
        assert!(has(&found, "North Korea", EntityKind::Place), "{found:?}");
        assert!(has(&found, "Kim Jong-Un", EntityKind::Person), "{found:?}");
        assert!(found.iter().filter(|(n, _)| n == "Lavrov").count() == 2, "{found:?}");
    }

    #[test]
    fn connectors_join_only_named_things() {
        let found = tag("He attended the Belt and Road Initiative forum between Russia and North Korea.");
        assert!(has(&found, "Belt and Road Initiative", EntityKind::Misc), "{found:?}");
        assert!(has(&found, "Russia", EntityKind::Place), "{found:?}");
        assert!(has(&found, "North Korea", EntityKind::Place), "{found:?}");
    }

    #[test]
    fn sentence_initial_words_need_evidence() {
        let found = tag("Amidst the visit, allegations surfaced. Footage showed crowds greeting Lavrov.");
        assert!(!found.iter().any(|(n, _)| n == "Amidst" || n == "Footage"), "{found:?}");
        assert!(has(&found, "Lavrov", EntityKind::Org) || has(&found, "Lavrov", EntityKind::Person), "{found:?}");
    }

    #[test]
    fn a_dropped_first_word_leaves_the_rest_to_the_gazetteer() {
        let found = tag("Three Belgians were detained at the border. A Belgian court ruled on Monday.");
        assert!(has(&found, "Belgians", EntityKind::Misc), "{found:?}");
        assert!(has(&found, "Belgian", EntityKind::Misc), "{found:?}");
        assert!(!found.iter().any(|(n, _)| n.contains("Three")), "{found:?}");
    }

    #[test]
    fn a_shouted_headline_needs_the_text_to_confirm_its_names() {
        let found = tag("MARKETS RALLY AS TRADERS CHEER HALVERSEN MOVE. Investors welcomed the cut that Halversen unveiled.");
        assert!(!found.iter().any(|(n, _)| n.contains("MARKETS") || n.contains("RALLY") || n.contains("TRADERS")), "{found:?}");
        assert!(found.iter().any(|(n, _)| n == "HALVERSEN"), "{found:?}");
    }

    #[test]
    fn a_city_with_a_score_is_its_team() {
        let found = tag("In Thursday's games, Boston 4 Toronto 2, and Brazil 2 Argentina 1 in a friendly.");
        assert!(has(&found, "Boston", EntityKind::Org), "{found:?}");
        assert!(has(&found, "Toronto", EntityKind::Org), "{found:?}");
        assert!(has(&found, "Brazil", EntityKind::Place), "{found:?}");
        let found = tag("Floods in Boston 3 years ago closed the port.");
        assert!(has(&found, "Boston", EntityKind::Place), "{found:?}");
    }

    #[test]
    fn a_one_word_person_vouches_for_its_other_mentions() {
        let found = tag("Officials met President Mbeki on Friday. The talks with Mbeki lasted an hour.");
        assert_eq!(found.iter().filter(|(n, k)| n == "Mbeki" && *k == EntityKind::Person).count(), 2, "{found:?}");
    }

    #[test]
    fn short_mentions_share_the_full_name_id() {
        let text = "Sergei Lavrov arrived on Wednesday. Lavrov said the talks went well.";
        let sentences = text::sentences(text);
        let found = find(text, &sentences);
        let full = found.iter().find(|e| e.span.of(text) == "Sergei Lavrov").unwrap();
        let short = found.iter().find(|e| e.span.of(text) == "Lavrov").unwrap();
        assert_eq!(full.id, short.id);
        assert_eq!(short.kind, EntityKind::Person);
    }
}
