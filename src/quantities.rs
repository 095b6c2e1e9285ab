//! Numbers and quantities: "over 1,000 containers", "thousands of soldiers", "a two-day trip",
//! with their hedges kept, because disagreements between reports often live in these.

use serde::{Deserialize, Serialize};

use crate::scan::{Case::*, Scanner};
use crate::text::Span;

/// A number found in a text, with what it counts and how firmly it is stated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub span: Span,
    /// The amount; for vague amounts ("thousands of") the lower bound (1000).
    pub value: f64,
    /// The counted noun as written ("containers", "soldiers"), when one follows.
    pub unit: Option<String>,
    /// A hedge before the number: `over`, `about`, `nearly`, `up to`, `at least`…
    pub hedge: Option<String>,
    /// True for vague amounts ("thousands of", "dozens of").
    pub vague: bool,
}

const SMALL_NUMBERS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
];

/// Hedges before a number, each with the words after it matched across any whitespace.
const HEDGES: &[&str] = &[
    "over", "more than", "nearly", "almost", "about", "around", "approximately", "roughly", "up to", "at least",
    "at most", "less than", "fewer than", "some", "an estimated",
];
const SCALES: &[&str] = &["hundred", "thousand", "million", "billion", "trillion"];
const VAGUE: &[&str] = &["dozens", "hundreds", "thousands", "millions", "billions", "tens of thousands", "hundreds of thousands"];

/// What the number pattern matched; see [`number_at`].
#[derive(Default)]
struct NumberMatch {
    span: Span,
    hedge: Option<Span>,
    currency: Option<Span>,
    number: Span,
    scale: Option<Span>,
    percent: bool,
    adjective: Option<Span>,
    unit: Option<Span>,
}

/// `(?i)(?:\b(HEDGE)\s+)?["“]?(?:([$€£])|\b)(NUMBER)(?:\s+(SCALE))?(%|\s+percent)?(?:-([a-z]+))?["”]?`
/// `(?:\s+([A-Za-z][a-z]+)["”]?)?`, where NUMBER is `\d{1,3}(?:,\d{3})+(?:\.\d+)?`, `\d+(?:\.\d+)?`
/// or a number word, and nothing after it is required: "over 1,000 containers", "$4.7 billion".
fn number_at(s: &Scanner, at: usize) -> Option<NumberMatch> {
    if s.word_start(at) {
        for hedge in HEDGES {
            if let Some(end) = s.phrase(at, hedge, Insensitive) {
                if let Some(mut m) = s.spaces1(end).and_then(|i| number_after_hedge(s, i)) {
                    m.hedge = Some(Span::new(at, end));
                    m.span.start = at;
                    return Some(m);
                }
            }
        }
    }
    number_after_hedge(s, at)
}

fn number_after_hedge(s: &Scanner, at: usize) -> Option<NumberMatch> {
    let quoted = s.prefix_among(at, &["\"", "“"], Sensitive).map(|(_, e)| e);
    quoted.into_iter().chain(Some(at)).find_map(|i| {
        let (currency, start) = match s.prefix_among(i, &["$", "€", "£"], Sensitive) {
            Some((_, e)) => (Some(Span::new(i, e)), e),
            None if s.boundary(i) => (None, i),
            None => return None,
        };
        let number_end = numeral(s, start)?;
        let mut m = NumberMatch { span: Span::new(at, number_end), currency, number: Span::new(start, number_end), ..NumberMatch::default() };
        let mut end = number_end;
        if let Some((_, e)) = s.spaces1(end).and_then(|j| s.prefix_among(j, SCALES, Insensitive).map(|(k, e)| (k, (j, e)))) {
            m.scale = Some(Span::new(e.0, e.1));
            end = e.1;
        }
        if s.byte(end) == b'%' {
            m.percent = true;
            end += 1;
        } else if let Some(e) = s.spaces1(end).and_then(|j| s.literal(j, "percent", Insensitive)) {
            m.percent = true;
            end = e;
        }
        if s.byte(end) == b'-' && s.letters(end + 1) > end + 1 {
            m.adjective = Some(Span::new(end + 1, s.letters(end + 1)));
            end = s.letters(end + 1);
        }
        end = s.prefix_among(end, &["\"", "”"], Sensitive).map_or(end, |(_, e)| e);
        if let Some(j) = s.spaces1(end) {
            let unit_end = s.letters(j);
            if unit_end >= j + 2 {
                m.unit = Some(Span::new(j, unit_end));
                end = s.prefix_among(unit_end, &["\"", "”"], Sensitive).map_or(unit_end, |(_, e)| e);
            }
        }
        m.span.end = end;
        Some(m)
    })
}

/// The end of a numeral at `i`: "1,000", "4.7", "12", or a number word (which, as in the
/// pattern it replaces, may be the start of a longer word: "seven" in "seventeen").
fn numeral(s: &Scanner, i: usize) -> Option<usize> {
    let run = s.digits(i);
    if run > i {
        let decimals = |e: usize| if s.byte(e) == b'.' && s.digits(e + 1) > e + 1 { s.digits(e + 1) } else { e };
        if run - i <= 3 && s.byte(run) == b',' {
            let mut end = run;
            while s.byte(end) == b',' && s.digits(end + 1) >= end + 4 {
                end += 4;
            }
            if end > run {
                return Some(decimals(end));
            }
        }
        return Some(decimals(run));
    }
    s.prefix_among(i, SMALL_NUMBERS, Insensitive).map(|(_, e)| e)
}

/// Whether `word` (lower case) is the first word of one of `phrases` ("more" of "more than"):
/// the cheap test before a phrase is tried at a word.
fn first_word_of_any(phrases: &[&str], shapes: &Shapes, word: &[u8]) -> bool {
    // It runs at each word start: the length and first letter rule out almost every word before
    // any comparison (16 memcmp calls per word were 4% of the engine's work).
    has_shape(shapes, word)
        && phrases.iter().any(|p| {
        p.as_bytes().first() == word.first()
            && p.as_bytes().strip_prefix(word).is_some_and(|rest| rest.first().is_none_or(|&b| b == b' '))
        })
}

/// Whether `word` (lower case) starts with one of `words` (number words match as prefixes,
/// "ten" in "tens"), the shape tested first as in [`first_word_of_any`].
fn starts_with_any(words: &[&str], shapes: &Shapes, word: &[u8]) -> bool {
    has_shape(shapes, word) && words.iter().any(|w| w.as_bytes().first() == word.first() && word.starts_with(w.as_bytes()))
}

/// For each word length up to 16 (the longest [`Scanner::folded_word`] gives), the first
/// letters (bit 0 for 'a') of the listed words of that length.
type Shapes = [u32; 17];

/// The shapes of the first words of `phrases`. Every phrase must start with a lower-case ASCII
/// letter and its first word be at most 16 letters (checked when compiling).
const fn first_word_shapes(phrases: &[&str]) -> Shapes {
    let mut shapes = [0; 17];
    let mut i = 0;
    while i < phrases.len() {
        let p = phrases[i].as_bytes();
        let mut len = 0;
        while len < p.len() && p[len] != b' ' {
            len += 1;
        }
        assert!(p[0].is_ascii_lowercase() && len <= 16, "a word list for first_word_shapes has an unexpected word");
        shapes[len] |= 1 << (p[0] - b'a');
        i += 1;
    }
    shapes
}

/// The shapes of the words that can start with one of `words`: as long or longer.
const fn prefix_shapes(words: &[&str]) -> Shapes {
    let mut shapes = first_word_shapes(words);
    let mut len = 1;
    while len < shapes.len() {
        shapes[len] |= shapes[len - 1];
        len += 1;
    }
    shapes
}

/// Whether `word` has one of the `shapes`.
fn has_shape(shapes: &Shapes, word: &[u8]) -> bool {
    word.first().is_some_and(|&b| shape_of(shapes, word.len(), b))
}

/// Whether a word of `len` letters starting with `first` (lower case) has one of the `shapes`.
fn shape_of(shapes: &Shapes, len: usize, first: u8) -> bool {
    first.is_ascii_lowercase() && shapes.get(len).is_some_and(|s| s & 1 << (first - b'a') != 0)
}

/// Whether a word of `len` ASCII letters starting with the byte `first` can be or start a
/// hedge, a vague amount or a number word: most words are ruled out before they are lower-cased.
fn may_start_a_listed_word(len: usize, first: u8) -> bool {
    let first = first.to_ascii_lowercase();
    [&SMALL_NUMBER_SHAPES, &HEDGE_SHAPES, &VAGUE_SHAPES].iter().any(|shapes| shape_of(shapes, len, first))
}

const SMALL_NUMBER_SHAPES: Shapes = prefix_shapes(SMALL_NUMBERS);
const HEDGE_SHAPES: Shapes = first_word_shapes(HEDGES);
const VAGUE_SHAPES: Shapes = first_word_shapes(VAGUE);

/// `(?i)\b(VAGUE)\s+of\s+([a-z]+)`: "thousands of soldiers".
fn vague_at(s: &Scanner, at: usize) -> Option<(Span, Span, Span)> {
    VAGUE.iter().find_map(|word| {
        let word_end = s.phrase(at, word, Insensitive)?;
        let of_end = s.phrase(s.spaces1(word_end)?, "of", Insensitive)?;
        let unit_start = s.spaces1(of_end)?;
        let unit_end = Some(s.letters(unit_start)).filter(|&e| e > unit_start)?;
        Some((Span::new(at, unit_end), Span::new(at, word_end), Span::new(unit_start, unit_end)))
    })
}

/// Words that follow a number without being what it counts.
const NOT_UNITS: &[&str] = &[
    "and", "or", "of", "to", "in", "on", "at", "by", "for", "the", "a", "an", "with", "from",
    "was", "were", "is", "are", "has", "had", "have", "will", "would", "who", "that", "which",
    "as", "than", "after", "before", "since", "when", "while", "between",
];

/// Finds the quantities of `text`. Times (years, dates) are left to [`crate::time`]: a caller
/// drops quantities that overlap a time expression.
pub fn find(text: &str) -> Vec<Quantity> {
    let s = Scanner::new(text);
    let mut numbers = Vec::new();
    let mut vague = Vec::new();
    // Each pattern reads left to right without overlapping itself.
    let (mut next_number, mut next_vague) = (0, 0);
    let mut buf = [0u8; 16];
    for (at, word_start) in s.starts() {
        let b = s.byte(at);
        let (hedged, numeral, vague_word) = if word_start && !may_start_a_listed_word(s.letters(at) - at, b) {
            (b.is_ascii_digit(), false, false)
        } else if word_start {
            let word = s.folded_word(at, &mut buf);
            // Number words match as prefixes, as the pattern did ("ten" in "tens").
            let numeral = b.is_ascii_digit() || starts_with_any(SMALL_NUMBERS, &SMALL_NUMBER_SHAPES, word);
            (first_word_of_any(HEDGES, &HEDGE_SHAPES, word), numeral, first_word_of_any(VAGUE, &VAGUE_SHAPES, word))
        } else {
            // A quote or a currency sign before a number: '"', '$', and the first bytes of
            // '“', '€' and '£'.
            (false, matches!(b, b'"' | b'$' | 0xE2 | 0xC2), false)
        };
        if at >= next_number && (hedged || numeral) {
            if let Some(m) = number_at(&s, at) {
                next_number = m.span.end;
                numbers.push(m);
            }
        }
        if vague_word && at >= next_vague {
            if let Some(m) = vague_at(&s, at) {
                next_vague = m.0.end;
                vague.push(m);
            }
        }
    }
    let mut out = Vec::new();
    for m in numbers {
        let raw = m.number.of(text).to_lowercase();
        let mut value = match SMALL_NUMBERS.iter().position(|w| *w == raw) {
            Some(i) => i as f64,
            None => parse_decimal(&raw).unwrap_or(f64::NAN),
        };
        if value.is_nan() {
            continue;
        }
        value *= match m.scale.map(|sc| sc.of(text).to_lowercase()).as_deref() {
            Some("hundred") => 1e2,
            Some("thousand") => 1e3,
            Some("million") => 1e6,
            Some("billion") => 1e9,
            Some("trillion") => 1e12,
            _ => 1.0,
        };
        // A number word on its own ("one of the", "two countries") is a quantity only when
        // it counts something.
        let is_word = raw.chars().all(char::is_alphabetic);
        let mut end = m.span.end;
        let mut unit = m.adjective.map(|a| a.of(text).to_string());
        if let Some(u) = m.unit {
            let lower = u.of(text).to_lowercase();
            if unit.is_none() && !NOT_UNITS.contains(&lower.as_str()) {
                unit = Some(u.of(text).to_string());
            } else if unit.is_some() || NOT_UNITS.contains(&lower.as_str()) {
                end = u.start;
            }
        }
        if m.percent {
            unit = Some("percent".into());
        }
        if let Some(cur) = m.currency {
            unit = Some(cur.of(text).to_string());
        }
        if is_word && unit.is_none() {
            continue;
        }
        let span = Span::new(m.span.start, trim_end(text, m.span.start, end));
        let hedge = m.hedge.map(|h| h.of(text).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "));
        out.push(Quantity { span, value, unit, hedge, vague: false });
    }
    for (whole, word, unit) in vague {
        let value = match word.of(text).to_lowercase().as_str() {
            "dozens" => 24.0,
            "hundreds" => 200.0,
            "thousands" => 2000.0,
            "millions" => 2e6,
            "billions" => 2e9,
            w if w.starts_with("tens") => 20_000.0,
            _ => 200_000.0,
        };
        out.push(Quantity { span: whole, value, unit: Some(unit.of(text).to_string()), hedge: None, vague: true });
    }
    out.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    out
}

/// Reads a decimal numeral such as "1,000" or "4.7" (commas between thousands allowed).
///
/// Written out rather than `str::parse::<f64>`, whose general algorithm and tables cost about
/// 20 kB of wasm. The digits are read as one integer and divided by a power of ten; both are
/// exact doubles up to 15 digits, so the division rounds correctly, as the standard parser would.
pub fn parse_decimal(raw: &str) -> Option<f64> {
    let (mut mantissa, mut scale, mut digits, mut point) = (0u64, 0i32, 0, false);
    for b in raw.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 15 {
                    // Beyond what a double holds exactly: keep the magnitude, drop the digit.
                    if !point {
                        scale -= 1;
                    }
                    continue;
                }
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if point {
                    scale += 1;
                }
            }
            b',' if !point => {}
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let value = mantissa as f64;
    Some(if scale >= 0 { value / 10f64.powi(scale) } else { value * 10f64.powi(-scale) })
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, f64, Option<String>, Option<String>)> {
        find(text).into_iter().map(|q| (q.span.of(text).to_string(), q.value, q.unit, q.hedge)).collect()
    }

    #[test]
    fn hedged_counts_keep_their_hedge() {
        let text = r#"North Korea has delivered over "1,000 containers" of munitions."#;
        assert_eq!(found(text), vec![(r#"over "1,000 containers""#.into(), 1000.0, Some("containers".into()), Some("over".into()))]);
    }

    #[test]
    fn vague_amounts_and_adjectives() {
        let text = "It sent thousands of soldiers during his two-day trip.";
        let q = find(text);
        assert_eq!(q[0].span.of(text), "thousands of soldiers");
        assert!(q[0].vague);
        assert_eq!(q[1].span.of(text), "two-day");
        assert_eq!(q[1].value, 2.0);
    }

    #[test]
    fn money_percent_and_scales() {
        let text = "The IRS recovers $4.7 billion, up 12% from 2.5 million.";
        let q = find(text);
        assert_eq!(q[0].value, 4.7e9);
        assert_eq!(q[0].unit.as_deref(), Some("$"));
        assert_eq!(q[1].unit.as_deref(), Some("percent"));
        assert_eq!(q[2].value, 2.5e6);
    }

    #[test]
    fn decimals_read_like_the_standard_parser() {
        for raw in ["0", "12", "1,000", "4.7", "2.5", "0.1", "3.14159", "1,234,567.89", "999999999999999", "12.", "007"] {
            let standard: f64 = raw.replace(',', "").parse().unwrap();
            assert_eq!(parse_decimal(raw), Some(standard), "{raw}");
        }
        assert_eq!(parse_decimal("1.2.3"), None);
        assert_eq!(parse_decimal("."), None);
        // Past 15 digits the value is kept to 15 significant digits.
        let long = parse_decimal("12345678901234567890").unwrap();
        assert!((long / 12345678901234567890.0 - 1.0).abs() < 1e-14);
    }

    #[test]
    fn bare_number_words_are_not_quantities() {
        assert!(found("One of the two said so.").is_empty() || found("One of the two said so.").iter().all(|q| q.2.is_some()));
    }
}
