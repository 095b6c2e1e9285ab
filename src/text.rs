//! Text primitives: spans, sentences, word tokens and UTF-16 offsets.
//!
//! The engine works in byte offsets into a `&str` (cheap, always on char boundaries). The DOM
//! counts UTF-16 code units, so offsets are converted once, at the edge, by [`Utf16Offsets`].

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;


/// A half-open byte range `start..end` into a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// A word-like token: letters, digits or a single punctuation mark, never whitespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'t> {
    pub text: &'t str,
    pub span: Span,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    /// First letter upper case ("Lavrov", "TASS", "Jong-Un"), the first cue for a name.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Two or more letters, all upper case: an acronym such as "DPRK" or "TASS".
    pub fn is_acronym(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
        letters >= 2
    }
}

/// `word.to_lowercase()`, borrowed when that changes nothing, as for most words of running text.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Word tokens of `text` (UAX #29 word boundaries), whitespace dropped, offsets added to `base`.
///
/// News text is mostly ASCII, and for ASCII the word-boundary rules come down to a few cases
/// (letters and digits join, and so do `'` `.` `:` between letters and `,` `;` `.` `'` between
/// digits), so ASCII stretches between whitespace are cut here directly; everything else goes
/// through unicode-segmentation. The two agree exactly (a property test checks it); the fast
/// path saves the table lookup per character that was a tenth of the engine's time.
pub fn tokens(text: &str, base: usize) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let space_start = i;
        while i < bytes.len() && is_ascii_break_space(bytes[i]) {
            i += 1;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && !is_ascii_break_space(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        let stretch = &text[start..i];
        if ascii {
            ascii_tokens(stretch, base + start, &mut out);
        } else {
            // From the start of the whitespace before it: a combining mark right after
            // whitespace belongs to that whitespace under the word-boundary rules.
            let from = &text[space_start..i];
            out.extend(
                from.split_word_bound_indices()
                    .filter(|(_, w)| !w.chars().all(char::is_whitespace))
                    .map(|(k, w)| Token { text: w, span: Span::new(base + space_start + k, base + space_start + k + w.len()) }),
            );
        }
    }
    out
}

/// ASCII whitespace, at which UAX #29 always breaks (tab, line breaks and the space).
fn is_ascii_break_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// UAX #29 word boundaries within ASCII text without whitespace.
fn ascii_tokens<'t>(stretch: &'t str, base: usize, out: &mut Vec<Token<'t>>) {
    let b = stretch.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let start = i;
        i += 1;
        if word(b[start]) {
            loop {
                if i < b.len() && word(b[i]) {
                    i += 1;
                    continue;
                }
                // One middle character between letters ("U.S", "don't") or digits ("1,000").
                let (Some(&mid), Some(&next)) = (b.get(i), b.get(i + 1)) else { break };
                let prev = b[i - 1];
                let joins_letters = prev.is_ascii_alphabetic() && next.is_ascii_alphabetic() && matches!(mid, b'\'' | b'.' | b':');
                let joins_digits = prev.is_ascii_digit() && next.is_ascii_digit() && matches!(mid, b'\'' | b'.' | b',' | b';');
                if !(joins_letters || joins_digits) {
                    break;
                }
                i += 2;
            }
        }
        out.push(Token { text: &stretch[start..i], span: Span::new(base + start, base + i) });
    }
}

/// The word tokens of a whole text, tokenised once and shared by every stage that reads words.
pub struct Tokens<'t> {
    all: Vec<Token<'t>>,
}

impl<'t> Tokens<'t> {
    pub fn new(text: &'t str) -> Self {
        Tokens { all: tokens(text, 0) }
    }

    /// The tokens that lie inside `span`, found by binary search.
    pub fn in_span(&self, span: Span) -> &[Token<'t>] {
        let first = self.all.partition_point(|t| t.span.start < span.start);
        let last = self.all.partition_point(|t| t.span.end <= span.end);
        self.all.get(first..last.max(first)).unwrap_or_default()
    }
}

/// Abbreviations that end in a period but rarely end a sentence in news text. Lower-cased,
/// without the final period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "st", "mt", "ft", "jr", "sr", "no", "vs", "etc", "inc", "corp", "ltd",
    "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "u.s", "u.k",
    "u.n", "e.u", "a.m", "p.m", "approx", "est", "dept", "univ", "assn", "bros", "ave", "blvd",
];

/// Sentence spans of `text`, in order, trimmed of surrounding whitespace.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it) when
/// whitespace and then something other than a lower-case letter follows, unless the word before
/// the period is a known abbreviation ("Sept.", "U.S.") or an initial ("John F."). Every line
/// break is a boundary too, because scraped news puts headlines, datelines and list items on
/// lines of their own without final punctuation. One pass, no lookups beyond the abbreviation
/// check: this runs on every word of every page.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Only line breaks and the stops can end a sentence: the bytes in between are skipped
    // without decoding them ('…' is the only stop that is not ASCII; 0xE2 is its first byte).
    while let Some(skip) = bytes[at..].iter().position(|&b| matches!(b, b'\n' | b'.' | b'!' | b'?' | 0xE2)) {
        let i = at + skip;
        let Some(c) = text[i..].chars().next() else { break };
        at = i + c.len_utf8();
        if c == '\n' {
            push_trimmed(text, Span::new(start, i), &mut out);
            start = i + 1;
            continue;
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Closing punctuation stays with the sentence it closes.
        let mut end = at;
        while let Some(next) = text[end..].chars().next().filter(|&n| matches!(n, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '.' | '!' | '?')) {
            end += next.len_utf8();
        }
        at = end;
        let rest = &text[end..];
        let after_space = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        let Some(next) = after_space.chars().next() else { continue };
        if after_space.len() == rest.len() || next.is_lowercase() {
            continue; // no space ("3.5", "U.S.-led") or the sentence goes on in lower case
        }
        if c == '.' && ends_with_abbreviation(&text[start..i + 1]) && !opens_sentence(after_space) {
            continue;
        }
        push_trimmed(text, Span::new(start, end), &mut out);
        start = end;
    }
    push_trimmed(text, Span::new(start, text.len()), &mut out);
    out
}

/// "… embassies in the U.S. The bombs …": after an abbreviation, a capitalised function word
/// ("The", "He", "But") starts a new sentence; a name ("U.S. President") does not.
fn opens_sentence(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.chars().next().is_some_and(char::is_uppercase) && crate::lexicon::is_function_word(&word.to_lowercase())
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(body) = trimmed.strip_suffix('.') else { return false };
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true; // an initial: "John F. Kennedy", "U.S." split as "U." + "S."
    }
    ABBREVIATIONS.contains(&&*lowercase(last))
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let s = span.of(text);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Span::new(span.start + lead, span.end - trail));
    }
}

/// Converts byte offsets of one text into UTF-16 code-unit offsets (what the DOM counts).
///
/// A byte offset is its UTF-16 offset less what the characters before it take in UTF-8 beyond
/// what they take in UTF-16, which only characters outside ASCII do. So the table holds, for each
/// of those, where it ends and that excess up to there: built in one pass over the text, small
/// for news in English (a few hundred entries for a million words), and a lookup is a binary
/// search in it.
pub struct Utf16Offsets {
    /// `(byte just after a non-ASCII character, UTF-8 bytes beyond UTF-16 units so far)`.
    excess: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut excess = Vec::new();
        let mut total = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii() {
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
            i += c.len_utf8();
            total += c.len_utf8() - c.len_utf16();
            excess.push((i, total));
        }
        Utf16Offsets { excess }
    }

    /// The UTF-16 offset of a byte offset at a character boundary.
    pub fn get(&self, byte: usize) -> usize {
        let before = self.excess.partition_point(|&(end, _)| end <= byte);
        let excess = before.checked_sub(1).and_then(|k| self.excess.get(k)).map_or(0, |&(_, total)| total);
        byte - excess
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text)).collect()
    }

    #[test]
    fn a_function_word_after_an_abbreviation_starts_a_sentence() {
        let t = "Bombs exploded outside embassies of the U.S. The attacks killed dozens.";
        assert_eq!(texts(t), vec!["Bombs exploded outside embassies of the U.S.", "The attacks killed dozens."]);
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "The containers were shipped between Sept. 7 and Oct. 1 between Najin and Dunay. The U.S. said so.";
        assert_eq!(
            texts(t),
            vec![
                "The containers were shipped between Sept. 7 and Oct. 1 between Najin and Dunay.",
                "The U.S. said so."
            ]
        );
    }

    #[test]
    fn ellipses_and_curly_quotes_close_sentences() {
        let t = "It ended\u{2026} Then \u{201c}Go.\u{201d} She left.";
        assert_eq!(texts(t), vec!["It ended\u{2026}", "Then \u{201c}Go.\u{201d}", "She left."]);
    }

    #[test]
    fn lines_are_boundaries() {
        let t = "Related\n- A headline without a stop\nAnother one";
        assert_eq!(texts(t), vec!["Related", "- A headline without a stop", "Another one"]);
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let t = "\"Here's to our friendship!\" said Lavrov. He left.";
        assert_eq!(texts(t), vec!["\"Here's to our friendship!\" said Lavrov.", "He left."]);
    }

    /// The tokens as unicode-segmentation alone gives them.
    fn reference_tokens(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices().filter(|(_, w)| !w.chars().all(char::is_whitespace)).map(|(i, w)| (i, i + w.len())).collect()
    }

    proptest::proptest! {
        #[test]
        fn ascii_fast_path_agrees_with_unicode_segmentation(text in "[a-zA-Z0-9_.,;:'\"\\- \t\n\r\x0b\x0c()$%é’\u{301}\u{200d}😀]{0,40}") {
            let fast: Vec<(usize, usize)> = tokens(&text, 0).iter().map(|t| (t.span.start, t.span.end)).collect();
            proptest::prop_assert_eq!(fast, reference_tokens(&text));
        }
    }

    #[test]
    fn ascii_tokens_join_like_uax29() {
        let t = "U.S. don't 1,000.5 a.1 1a a_b e.g. 3:30 x--y";
        let got: Vec<&str> = tokens(t, 0).iter().map(|t| t.text).collect();
        assert_eq!(got, vec!["U.S", ".", "don't", "1,000.5", "a", ".", "1", "1a", "a_b", "e.g", ".", "3", ":", "30", "x", "-", "-", "y"]);
        assert_eq!(tokens(t, 0).iter().map(|t| (t.span.start, t.span.end)).collect::<Vec<_>>(), reference_tokens(t));
    }

    #[test]
    fn utf16_offsets_at_every_boundary() {
        let t = "a« é » 😀 Lavrov’s İ\u{301}x 中文 end";
        let map = Utf16Offsets::new(t);
        for (b, _) in t.char_indices().chain([(t.len(), ' ')]) {
            assert_eq!(map.get(b), t[..b].encode_utf16().count(), "at byte {b}");
        }
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let t = "« é » 😀 Lavrov’s";
        let byte = t.find("Lavrov").unwrap();
        let map = Utf16Offsets::new(t);
        assert_eq!(map.get(0), 0);
        // «, space, é, space, », space: 6 units; 😀: 2 units; space: 1 unit.
        assert_eq!(map.get(byte), 9);
        assert_eq!(map.get(t.len()), t.encode_utf16().count());
    }
}
