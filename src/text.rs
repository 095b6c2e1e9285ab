//! Text primitives: spans, sentences, word tokens and UTF-16 offsets.
//!
//! The engine works in byte offsets into a `&str` (cheap, always on char boundaries). The DOM
//! counts UTF-16 code units, so offsets are converted once, at the edge, by [`Utf16Offsets`].

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// A half-open byte range `start..end` into a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// Word tokens of `text` (UAX #29 word boundaries), whitespace dropped, offsets added to `base`.
pub fn tokens(text: &str, base: usize) -> Vec<Token<'_>> {
    text.split_word_bound_indices()
        .filter(|(_, w)| !w.chars().all(char::is_whitespace))
        .map(|(i, w)| Token { text: w, span: Span::new(base + i, base + i + w.len()) })
        .collect()
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
/// UAX #29 sentence boundaries do the heavy lifting (quotes, closing brackets, "?!"); on top of
/// them, a boundary after a known abbreviation ("Sept.", "U.S.") or a single initial ("John F.")
/// is undone, and every line break is a boundary, because scraped news puts headlines, datelines
/// and list items on lines of their own without final punctuation.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        sentences_in_line(text, line_start, line_start + line.len(), &mut out);
        line_start += line.len();
    }
    out
}

fn sentences_in_line(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let line = &text[start..end];
    let mut pending: Option<Span> = None;
    for (i, piece) in line.split_sentence_bound_indices() {
        let span = Span::new(start + i, start + i + piece.len());
        pending = Some(match pending {
            Some(prev) if ends_with_abbreviation(prev.of(text)) || starts_lower(piece) => Span::new(prev.start, span.end),
            Some(prev) => {
                push_trimmed(text, prev, out);
                span
            }
            None => span,
        });
    }
    if let Some(prev) = pending {
        push_trimmed(text, prev, out);
    }
}

/// `"Here's to our friendship!" said Lavrov.` is one sentence: a piece that starts in lower case
/// continues the previous one.
fn starts_lower(piece: &str) -> bool {
    piece.trim_start().chars().next().is_some_and(char::is_lowercase)
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let trimmed = sentence.trim_end();
    let Some(body) = trimmed.strip_suffix('.') else { return false };
    let last = body.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"').next().unwrap_or("");
    let last = last.trim_start_matches(|c: char| !c.is_alphanumeric());
    if last.chars().count() == 1 && last.chars().all(char::is_uppercase) {
        return true; // an initial: "John F. Kennedy", "U.S." split as "U." + "S."
    }
    let lower = last.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
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
/// Built from the sorted list of offsets that will be asked for, in one pass over the text, so a
/// 10 MB page costs one walk and a small table instead of a table per byte.
pub struct Utf16Offsets {
    bytes: Vec<usize>,
    units: Vec<usize>,
}

impl Utf16Offsets {
    pub fn new(text: &str, mut wanted: Vec<usize>) -> Self {
        wanted.sort_unstable();
        wanted.dedup();
        let mut units = Vec::with_capacity(wanted.len());
        let mut unit = 0;
        let mut chars = text.char_indices().peekable();
        for &target in &wanted {
            while let Some(&(i, c)) = chars.peek() {
                if i >= target {
                    break;
                }
                unit += c.len_utf16();
                chars.next();
            }
            units.push(unit);
        }
        Utf16Offsets { bytes: wanted, units }
    }

    /// The UTF-16 offset of a byte offset that was passed to [`Utf16Offsets::new`].
    pub fn get(&self, byte: usize) -> usize {
        match self.bytes.binary_search(&byte) {
            Ok(i) => self.units[i],
            Err(_) => panic_free_fallback(),
        }
    }
}

/// Asking for an offset that was not registered is a bug in the caller; answer 0 rather than
/// panic, since the engine must never panic across the wasm boundary.
fn panic_free_fallback() -> usize {
    debug_assert!(false, "UTF-16 offset asked for a byte offset that was not registered");
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.of(text)).collect()
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
    fn lines_are_boundaries() {
        let t = "Related\n- A headline without a stop\nAnother one";
        assert_eq!(texts(t), vec!["Related", "- A headline without a stop", "Another one"]);
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let t = "\"Here's to our friendship!\" said Lavrov. He left.";
        assert_eq!(texts(t), vec!["\"Here's to our friendship!\" said Lavrov.", "He left."]);
    }

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let t = "« é » 😀 Lavrov’s";
        let byte = t.find("Lavrov").unwrap();
        let map = Utf16Offsets::new(t, vec![byte, 0, t.len()]);
        assert_eq!(map.get(0), 0);
        // «, space, é, space, », space: 6 units; 😀: 2 units; space: 1 unit.
        assert_eq!(map.get(byte), 9);
        assert_eq!(map.get(t.len()), t.encode_utf16().count());
    }
}
