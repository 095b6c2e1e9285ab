//! Time expressions: dates, weekdays, relative dates and durations, with TIMEX3-style values.
//!
//! Values are resolved against the article's publication date when it is known. News reports
//! the past: a bare weekday is the most recent one on or before the publication date unless the
//! sentence speaks of the future ("will", "until", "next"), and a date without a year is taken
//! in the year that puts it nearest before publication.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::text::Span;

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    /// TIMEX3 type: DATE, TIME, DURATION or SET.
    pub kind: TimeKind,
    /// Normalised value: `2023-10-19`, `2023-10`, `2016`, `XXXX-WXX-4`, `P2D`, `PT1H`.
    pub value: String,
    /// TIMEX3 modifier such as `MORE_THAN` ("over an hour"), when the text gives one.
    pub modifier: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeKind {
    Date,
    Time,
    Duration,
    Set,
}

const MONTH: &str = r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\.|Aug(?:ust|\.)?|Sept(?:ember|\.)|Sep\.|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";
const NUMBER_WORDS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

struct Patterns {
    iso: Regex,
    month_day: Regex,
    day_month: Regex,
    month_year: Regex,
    month_alone: Regex,
    year: Regex,
    weekday: Regex,
    relative: Regex,
    duration: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let re = |s: &str| Regex::new(s).expect("time patterns are valid");
        Patterns {
            iso: re(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
            month_day: re(&format!(r"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?")),
            day_month: re(&format!(r"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<year>\d{{4}})\b)?")),
            month_year: re(&format!(r"\b{MONTH}\s+(?:of\s+)?(?P<year>\d{{4}})\b")),
            month_alone: re(r"\b(?P<month>January|February|March|April|June|July|August|September|October|November|December)\b"),
            year: re(r"\b(?P<year>1[6-9]\d\d|20\d\d)\b"),
            weekday: re(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?P<plural>s)?\b"),
            relative: re(r"(?i)\b(?P<rel>today|yesterday|tomorrow|tonight|(?:earlier|later)\s+this\s+(?:week|month|year)|(?:last|this|next|past)\s+(?:week|month|year)|(?:the\s+)?(?:last|past|previous|next|coming)\s+(?:weekend))\b"),
            duration: re(r"(?i)\b(?:(?P<mod>over|more\s+than|nearly|almost|about|around|up\s+to|at\s+least|less\s+than)\s+)?(?P<n>an?|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-](?P<unit>hour|day|week|month|year|minute)s?(?P<long>-long)?\b"),
        }
    })
}

/// Finds the time expressions of `text`. `published` anchors relative values; `sentences` is
/// used to read the tense around weekdays.
pub fn find(text: &str, sentences: &[Span], published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let p = patterns();
    let mut found: Vec<TimeExpr> = Vec::new();
    let mut push = |span: Span, kind: TimeKind, value: String, modifier: Option<String>| {
        found.push(TimeExpr { span, kind, value, modifier });
    };

    for c in p.iso.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        let (y, mo, d) = (num(&c["y"]), num(&c["m"]), num(&c["d"]));
        if NaiveDate::from_ymd_opt(y as i32, mo, d).is_some() {
            push(span_of(m), TimeKind::Date, format!("{y:04}-{mo:02}-{d:02}"), None);
        }
    }
    for re in [&p.month_day, &p.day_month] {
        for c in re.captures_iter(text) {
            let m = c.get(0).unwrap_or_else(|| unreachable_match());
            let Some(month) = month_number(&c["month"]) else { continue };
            let day = num(&c["day"]);
            if !(1..=31).contains(&day) || (&c["month"] == "May" && c.name("year").is_none() && re.as_str() == p.day_month.as_str()) {
                continue;
            }
            let value = match c.name("year") {
                Some(y) => format!("{}-{month:02}-{day:02}", y.as_str()),
                None => match published.and_then(|d| nearest_year_before(d, month, day)) {
                    Some(date) => date.format("%Y-%m-%d").to_string(),
                    None => format!("XXXX-{month:02}-{day:02}"),
                },
            };
            push(span_of(m), TimeKind::Date, value, None);
        }
    }
    for c in p.month_year.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        if let Some(month) = month_number(&c["month"]) {
            push(span_of(m), TimeKind::Date, format!("{}-{month:02}", &c["year"]), None);
        }
    }
    for c in p.month_alone.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        if let Some(month) = month_number(&c["month"]) {
            let value = match published {
                Some(d) => {
                    let year = if month <= d.month() { d.year() } else { d.year() - 1 };
                    format!("{year}-{month:02}")
                }
                None => format!("XXXX-{month:02}"),
            };
            push(span_of(m), TimeKind::Date, value, None);
        }
    }
    for c in p.year.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        if looks_like_year(text, m.start(), m.end()) {
            push(span_of(m), TimeKind::Date, c["year"].to_string(), None);
        }
    }
    for c in p.weekday.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        let Some(weekday) = weekday_of(&c["wd"]) else { continue };
        if c.name("plural").is_some() {
            push(span_of(m), TimeKind::Set, format!("XXXX-WXX-{}", weekday.number_from_monday()), None);
            continue;
        }
        let future = speaks_of_future(text, sentences, m.start());
        let value = match published {
            Some(d) => resolve_weekday(d, weekday, future).format("%Y-%m-%d").to_string(),
            None => format!("XXXX-WXX-{}", weekday.number_from_monday()),
        };
        push(span_of(m), TimeKind::Date, value, None);
    }
    for c in p.relative.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        let value = relative_value(&c["rel"].to_lowercase(), published);
        push(span_of(m), TimeKind::Date, value, None);
    }
    for c in p.duration.captures_iter(text) {
        let m = c.get(0).unwrap_or_else(|| unreachable_match());
        let n = match c["n"].to_lowercase().as_str() {
            "a" | "an" => 1,
            w => NUMBER_WORDS.iter().position(|x| *x == w).map(|i| i as u32 + 1).unwrap_or_else(|| num(w)),
        };
        let unit = &c["unit"].to_lowercase();
        let value = match unit.as_str() {
            "hour" => format!("PT{n}H"),
            "minute" => format!("PT{n}M"),
            "day" => format!("P{n}D"),
            "week" => format!("P{n}W"),
            "month" => format!("P{n}M"),
            _ => format!("P{n}Y"),
        };
        let modifier = c.name("mod").map(|m| modifier_of(&m.as_str().to_lowercase()).to_string());
        push(span_of(m), TimeKind::Duration, value, modifier);
    }
    keep_longest(found)
}

/// Regex captures always have group 0; this keeps the engine free of `unwrap`.
fn unreachable_match() -> regex::Match<'static> {
    static EMPTY: OnceLock<Regex> = OnceLock::new();
    let re = EMPTY.get_or_init(|| Regex::new("").expect("empty regex"));
    re.find("").expect("empty regex matches")
}

fn span_of(m: regex::Match<'_>) -> Span {
    Span::new(m.start(), m.end())
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

fn month_number(name: &str) -> Option<u32> {
    let key: String = name.chars().take(3).collect::<String>().to_lowercase();
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// A four-digit number is a year unless it is part of a larger number, an amount or a code.
fn looks_like_year(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = &text[end..];
    let amount_or_code = matches!(before, Some('$' | '£' | '€' | '#' | ',' | '.' | '/' | '-' | ':' | '+'));
    let number_goes_on = after.starts_with([',', '.', '/', ':', '-']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    !amount_or_code && !number_goes_on && !after.starts_with('%')
}

/// The date `month`/`day` in the year that puts it nearest on or before `published` (allowing a
/// few weeks after it, for announced events).
fn nearest_year_before(published: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if this_year <= published + Duration::days(60) {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    }
}

fn speaks_of_future(text: &str, sentences: &[Span], at: usize) -> bool {
    let sentence = sentences.iter().find(|s| s.start <= at && at < s.end).copied().unwrap_or(Span::new(0, at));
    let before = &text[sentence.start..at];
    let last_words: Vec<&str> = before.split_whitespace().rev().take(8).collect();
    last_words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        matches!(w.as_str(), "will" | "would" | "until" | "next" | "shall" | "till" | "plans" | "planned" | "scheduled" | "expected")
    })
}

fn resolve_weekday(published: NaiveDate, weekday: Weekday, future: bool) -> NaiveDate {
    let from = published.weekday().num_days_from_monday() as i64;
    let to = weekday.num_days_from_monday() as i64;
    if future {
        let ahead = (to - from).rem_euclid(7);
        published + Duration::days(if ahead == 0 { 7 } else { ahead })
    } else {
        published - Duration::days((from - to).rem_euclid(7))
    }
}

fn relative_value(rel: &str, published: Option<NaiveDate>) -> String {
    let words: Vec<&str> = rel.split_whitespace().collect();
    let Some(d) = published else {
        return match rel {
            "today" | "tonight" => "PRESENT_REF".into(),
            _ => "XXXX".into(),
        };
    };
    let unit = words.last().copied().unwrap_or("");
    let shift = match words.first().copied() {
        Some("last" | "past" | "previous") => -1,
        Some("next" | "coming") => 1,
        _ => 0,
    };
    match rel {
        "today" | "tonight" => d.format("%Y-%m-%d").to_string(),
        "yesterday" => (d - Duration::days(1)).format("%Y-%m-%d").to_string(),
        "tomorrow" => (d + Duration::days(1)).format("%Y-%m-%d").to_string(),
        _ => match unit {
            "year" => format!("{}", d.year() + shift),
            "month" => {
                let total = d.year() * 12 + d.month0() as i32 + shift;
                format!("{}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
            }
            "week" | "weekend" => {
                let day = d + Duration::weeks(shift as i64);
                let iso = day.iso_week();
                let suffix = if unit == "weekend" { "-WE" } else { "" };
                format!("{}-W{:02}{suffix}", iso.year(), iso.week())
            }
            _ => d.format("%Y-%m-%d").to_string(),
        },
    }
}

fn modifier_of(word: &str) -> &'static str {
    match word.split_whitespace().next().unwrap_or("") {
        "over" | "more" => "MORE_THAN",
        "nearly" | "almost" => "APPROX",
        "about" | "around" => "APPROX",
        "up" => "EQUAL_OR_LESS",
        "at" => "EQUAL_OR_MORE",
        "less" => "LESS_THAN",
        _ => "APPROX",
    }
}

/// Overlapping matches: keep the longest (then the earliest); result sorted by position.
fn keep_longest(mut found: Vec<TimeExpr>) -> Vec<TimeExpr> {
    found.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.span.start.cmp(&b.span.start)));
    let mut kept: Vec<TimeExpr> = Vec::with_capacity(found.len());
    for t in found {
        if !kept.iter().any(|k| k.span.overlaps(t.span)) {
            kept.push(t);
        }
    }
    kept.sort_by_key(|t| t.span.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::sentences;

    fn times(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        let date = published.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        find(text, &sentences(text), date).into_iter().map(|t| (t.span.of(text).to_string(), t.value)).collect()
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent_before_publication() {
        // 2023-10-19 was a Thursday.
        let found = times("Lavrov arrived in Pyongyang on Wednesday. On Thursday, he met Kim.", Some("2023-10-19"));
        assert_eq!(found, vec![("Wednesday".into(), "2023-10-18".into()), ("Thursday".into(), "2023-10-19".into())]);
    }

    #[test]
    fn future_weekdays_look_ahead() {
        let found = times("He would remain in the country until Sunday.", Some("2025-07-12"));
        assert_eq!(found, vec![("Sunday".into(), "2025-07-13".into())]);
    }

    #[test]
    fn abbreviated_months_and_years() {
        let found = times("Shipped between Sept. 7 and Oct. 1, he was assassinated in 2016.", Some("2023-10-19"));
        assert_eq!(
            found,
            vec![("Sept. 7".into(), "2023-09-07".into()), ("Oct. 1".into(), "2023-10-01".into()), ("2016".into(), "2016".into())]
        );
    }

    #[test]
    fn iso_dates_and_unresolved_weekdays() {
        assert_eq!(times("date 2023-10-19 Pyongyang", None), vec![("2023-10-19".into(), "2023-10-19".into())]);
        assert_eq!(times("They met on Thursday.", None), vec![("Thursday".into(), "XXXX-WXX-4".into())]);
    }

    #[test]
    fn durations_keep_their_modifier() {
        let text = "The meeting lasted over an hour during his two-day trip.";
        let found = find(text, &sentences(text), None);
        assert_eq!(found[0].value, "PT1H");
        assert_eq!(found[0].modifier.as_deref(), Some("MORE_THAN"));
        assert_eq!(found[1].value, "P2D");
    }

    #[test]
    fn ordinals_and_amounts_are_not_dates() {
        assert!(times("the 75th anniversary, 1,000 containers and $2016 in cash", None).is_empty());
    }
}
