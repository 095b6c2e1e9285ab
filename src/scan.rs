//! A cursor for the hand-written patterns of the time and number rules.
//!
//! Those rules were regular expressions. In wasm the regex crate cost about 390 kB of code
//! (a third of the module) and about 100 ms to compile its patterns on the first page, and
//! scanning a text once per rule family was a fifth of the engine's time; regex-lite, the small
//! alternative, was 22× slower. The rules are short sequences of English words, digits and
//! punctuation, so they are written here as small matchers over bytes instead, run only at the
//! positions where a word starts.
//!
//! The semantics follow the regular expressions they replace, in ASCII mode: a word byte is
//! `[0-9A-Za-z_]`, `\b` is a change between word and non-word bytes, whitespace is
//! `[\t\n\x0B\x0C\r ]`, and where alternatives overlap the first that lets the rest match wins.
//! Every method takes a byte position and returns the position after what it matched, so
//! callers can try alternatives by calling again from the same position.

/// A text seen as bytes, for matching at given positions. Positions are byte offsets; all the
/// matchers consume ASCII (or whole UTF-8 sequences given as literals), so every position they
/// return is a char boundary of the text.
#[derive(Clone, Copy)]
pub struct Scanner<'t> {
    pub text: &'t str,
    bytes: &'t [u8],
}

/// Whether a literal must match in case too.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Sensitive,
    Insensitive,
}

impl<'t> Scanner<'t> {
    pub fn new(text: &'t str) -> Self {
        Scanner { text, bytes: text.as_bytes() }
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The byte at `i`, or 0 past the end.
    pub fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    pub fn is_word(&self, i: usize) -> bool {
        is_word_byte(self.byte(i))
    }

    /// `\b`: a word byte on exactly one side of `i`.
    pub fn boundary(&self, i: usize) -> bool {
        let before = i > 0 && self.is_word(i - 1);
        before != self.is_word(i)
    }

    /// Where a word starts: a word byte after a non-word byte or the start of the text.
    pub fn word_start(&self, i: usize) -> bool {
        self.is_word(i) && (i == 0 || !self.is_word(i - 1))
    }

    /// The positions a pattern may start at, with whether each is a word start: every word start
    /// and every byte outside words. The rest of a word is skipped, since no pattern starts
    /// inside one, so a scan does not test each of its bytes.
    pub fn starts(&self) -> impl Iterator<Item = (usize, bool)> + '_ {
        let mut i = 0;
        std::iter::from_fn(move || {
            let at = i;
            let word = is_word_byte(*self.bytes.get(at)?);
            i += 1;
            if word {
                while self.bytes.get(i).is_some_and(|&b| is_word_byte(b)) {
                    i += 1;
                }
            }
            Some((at, word))
        })
    }

    /// `\s*`: the end of the whitespace run at `i`.
    pub fn spaces(&self, mut i: usize) -> usize {
        while is_space_byte(self.byte(i)) {
            i += 1;
        }
        i
    }

    /// `\s+`.
    pub fn spaces1(&self, i: usize) -> Option<usize> {
        let end = self.spaces(i);
        (end > i).then_some(end)
    }

    /// The end of the digit run at `i` (`i` itself when there is none).
    pub fn digits(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// The end of the ASCII letter run at `i`.
    pub fn letters(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_alphabetic() {
            i += 1;
        }
        i
    }

    /// A digit run of exactly `n` digits at `i`, followed by `\b`.
    pub fn number_of_digits(&self, i: usize, n: usize) -> Option<usize> {
        let end = self.digits(i);
        (end - i == n && self.boundary(end)).then_some(end)
    }

    /// The byte `b` at `i`, if it is there; `i` otherwise (`b?`).
    pub fn optional(&self, i: usize, b: u8) -> usize {
        if self.byte(i) == b {
            i + 1
        } else {
            i
        }
    }

    /// A literal at `i`, with no boundary implied after it.
    #[inline]
    pub fn literal(&self, i: usize, literal: &str, case: Case) -> Option<usize> {
        let want = literal.as_bytes();
        // Most tries fail on the first byte: test it before anything else.
        if !want.first().is_some_and(|w| w.eq_ignore_ascii_case(&self.byte(i))) {
            return None;
        }
        let got = self.bytes.get(i..i + want.len())?;
        let same = match case {
            Case::Sensitive => got == want,
            Case::Insensitive => got.eq_ignore_ascii_case(want),
        };
        same.then_some(i + want.len())
    }

    /// Words separated by single spaces in `phrase` match words separated by `\s+` in the
    /// text ("more than" matches "more  than"). Byte by byte, since most tries fail at once.
    #[inline]
    pub fn phrase(&self, i: usize, phrase: &str, case: Case) -> Option<usize> {
        let mut at = i;
        for &want in phrase.as_bytes() {
            if want == b' ' {
                at = self.spaces1(at)?;
                continue;
            }
            let got = self.byte(at);
            let same = match case {
                Case::Sensitive => got == want,
                Case::Insensitive => got.eq_ignore_ascii_case(&want),
            };
            if !same || at >= self.bytes.len() {
                return None;
            }
            at += 1;
        }
        Some(at)
    }

    /// The first of `phrases` that matches at `i` and ends at a word boundary, with its index.
    pub fn word_among(&self, i: usize, phrases: &[&str], case: Case) -> Option<(usize, usize)> {
        phrases.iter().enumerate().find_map(|(k, p)| self.phrase(i, p, case).filter(|&end| self.boundary(end)).map(|end| (k, end)))
    }

    /// The first of `phrases` that matches at `i`, with no boundary required after it.
    pub fn prefix_among(&self, i: usize, phrases: &[&str], case: Case) -> Option<(usize, usize)> {
        phrases.iter().enumerate().find_map(|(k, p)| self.phrase(i, p, case).map(|end| (k, end)))
    }

    /// The ASCII letter run at `i`, lowercased into `buf`: the key the rules dispatch on, so
    /// each word is looked at once rather than by every rule. Runs longer than `buf` give "".
    pub fn folded_word<'b>(&self, i: usize, buf: &'b mut [u8; 16]) -> &'b [u8] {
        let mut n = 0;
        while n < buf.len() && self.byte(i + n).is_ascii_alphabetic() {
            buf[n] = self.byte(i + n).to_ascii_lowercase();
            n += 1;
        }
        if self.byte(i + n).is_ascii_alphabetic() {
            return &[];
        }
        &buf[..n]
    }

    /// The text between two positions.
    pub fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }
}

pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_ascii_word_changes() {
        let s = Scanner::new("FY2020 (1990s) é5");
        assert!(s.boundary(0) && !s.boundary(2) && s.boundary(6) && s.boundary(8));
        assert!(s.word_start(8) && !s.word_start(9));
        // 'é' is not a word byte in ASCII mode: the 5 after it starts a word.
        assert!(s.word_start(s.len() - 1));
    }

    #[test]
    fn starts_are_word_starts_and_bytes_outside_words() {
        let s = Scanner::new("It's 1,000 'em\u{2014}é5 x_y.");
        let want: Vec<(usize, bool)> = (0..s.len()).filter(|&i| s.word_start(i) || !s.is_word(i)).map(|i| (i, s.word_start(i))).collect();
        assert_eq!(s.starts().collect::<Vec<_>>(), want);
    }

    #[test]
    fn phrases_match_across_any_whitespace() {
        let s = Scanner::new("More \t than 1,000");
        assert_eq!(s.phrase(0, "more than", Case::Insensitive), Some(11));
        assert_eq!(s.phrase(0, "more than", Case::Sensitive), None);
        assert_eq!(s.word_among(0, &["mor", "more"], Case::Insensitive), Some((1, 4)));
        assert_eq!(s.prefix_among(0, &["mor", "more"], Case::Insensitive), Some((0, 3)));
    }

    #[test]
    fn digit_runs_must_be_whole() {
        let s = Scanner::new("2023-10-19 20234");
        assert_eq!(s.number_of_digits(0, 4), Some(4));
        assert_eq!(s.number_of_digits(11, 4), None);
    }
}
