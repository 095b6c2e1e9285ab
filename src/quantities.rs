//! Numbers and quantities: "over 1,000 containers", "thousands of soldiers", "a two-day trip",
//! with their hedges kept, because disagreements between reports often live in these.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

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

struct Patterns {
    number: Regex,
    vague: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let hedge = r"(?:\b(?P<hedge>over|more\s+than|nearly|almost|about|around|approximately|roughly|up\s+to|at\s+least|at\s+most|less\s+than|fewer\s+than|some|an\s+estimated)\s+)?";
        let words = SMALL_NUMBERS.join("|");
        let number = format!(
            r#"(?-u)(?i){hedge}(?:"|“)?(?:(?P<cur>\$|€|£)|\b)(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{words})(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?(?P<pct>%|\s+percent)?(?:-(?P<adj>[a-z]+))?(?:"|”)?(?:\s+(?P<unit>[A-Za-z][a-z]+)(?:"|”)?)?"#
        );
        Patterns {
            number: Regex::new(&number).expect("number pattern is valid"),
            vague: Regex::new(r"(?-u)(?i)\b(?P<word>dozens|hundreds|thousands|millions|billions|tens\s+of\s+thousands|hundreds\s+of\s+thousands)\s+of\s+(?P<unit>[a-z]+)")
                .expect("vague pattern is valid"),
        }
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
    let p = patterns();
    let mut out = Vec::new();
    for c in p.number.captures_iter(text) {
        let (Some(m), Some(num)) = (c.get(0), c.name("num")) else { continue };
        let raw = num.as_str().to_lowercase();
        let mut value = match SMALL_NUMBERS.iter().position(|w| *w == raw) {
            Some(i) => i as f64,
            None => raw.replace(',', "").parse::<f64>().unwrap_or(f64::NAN),
        };
        if value.is_nan() {
            continue;
        }
        value *= match c.name("scale").map(|s| s.as_str().to_lowercase()).as_deref() {
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
        let mut end = m.end();
        let mut unit = c.name("adj").map(|a| a.as_str().to_string());
        if let Some(u) = c.name("unit") {
            let lower = u.as_str().to_lowercase();
            if unit.is_none() && !NOT_UNITS.contains(&lower.as_str()) {
                unit = Some(u.as_str().to_string());
            } else if unit.is_some() || NOT_UNITS.contains(&lower.as_str()) {
                end = u.start();
            }
        }
        if c.name("pct").is_some() {
            unit = Some("percent".into());
        }
        if let Some(cur) = c.name("cur") {
            unit = Some(cur.as_str().to_string());
        }
        if is_word && unit.is_none() {
            continue;
        }
        let span = Span::new(m.start(), trim_end(text, m.start(), end));
        let hedge = c.name("hedge").map(|h| h.as_str().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" "));
        out.push(Quantity { span, value, unit, hedge, vague: false });
    }
    for c in p.vague.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let word = c["word"].to_lowercase();
        let value = match word.as_str() {
            "dozens" => 24.0,
            "hundreds" => 200.0,
            "thousands" => 2000.0,
            "millions" => 2e6,
            "billions" => 2e9,
            w if w.starts_with("tens") => 20_000.0,
            _ => 200_000.0,
        };
        out.push(Quantity { span: Span::new(m.start(), m.end()), value, unit: Some(c["unit"].to_string()), hedge: None, vague: true });
    }
    out.sort_by_key(|q| (q.span.start, std::cmp::Reverse(q.span.end)));
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    out
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
    fn bare_number_words_are_not_quantities() {
        assert!(found("One of the two said so.").is_empty() || found("One of the two said so.").iter().all(|q| q.2.is_some()));
    }
}
