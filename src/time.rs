//! Time expressions: dates, times, durations and sets, with TIMEX3-style values.
//!
//! Values are resolved against the article's publication date when it is known. News reports
//! the past: a bare weekday is the most recent one on or before the publication date unless the
//! sentence speaks of the future ("will", "next"), a date without a year is taken in the year
//! that puts it nearest before publication, and a month alone follows the sentence's tense.
//! Each rule family (`time/rules.rs`) finds where expressions are; this module gives them
//! their values. Overlapping matches keep the longest.

mod rules;

use std::borrow::Cow;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::scan::Scanner;
use crate::text::Span;
use rules::{Match, Rule, RULES};

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub span: Span,
    /// TIMEX3 type: DATE, TIME, DURATION or SET.
    pub kind: TimeKind,
    /// Normalised value: `2023-10-19`, `2023-10`, `2016`, `XXXX-WXX-4`, `P2D`, `PT1H`.
    pub value: String,
    /// TIMEX3 modifier such as `MORE_THAN` ("over an hour") or `START` ("early 1990s").
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

impl TimeKind {
    /// The name serde gives the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeKind::Date => "DATE",
            TimeKind::Time => "TIME",
            TimeKind::Duration => "DURATION",
            TimeKind::Set => "SET",
        }
    }
}

const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
];

/// Finds the time expressions of `text`. `published` anchors relative values; `sentences` is
/// used to read the tense around weekdays and months.
pub fn find(text: &str, sentences: &[Span], published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let s = Scanner::new(text);
    let mut found: Vec<(Rule, TimeExpr)> = Vec::new();
    // Each rule reads the text left to right without overlapping itself, as a regular
    // expression's match iterator would: `resume` is where each rule may match next.
    let mut resume = [0usize; RULES.len()];
    let mut word = [0u8; 16];
    for (at, word_start) in s.starts() {
        let b = s.byte(at);
        let candidates = if word_start {
            rules::rules_at(&s, at, s.folded_word(at, &mut word), b.is_ascii_digit())
        } else if b == b'\'' && s.boundary(at) {
            // "'90s": an apostrophe after a word byte can start a decade.
            1 << Rule::Decade as u32
        } else {
            continue;
        };
        if candidates == 0 {
            continue;
        }
        for (k, &rule) in RULES.iter().enumerate() {
            if candidates & 1 << rule as u32 == 0 || at < resume[k] {
                continue;
            }
            if let Some(m) = rules::try_rule(&s, rule, at) {
                resume[k] = m.span.end;
                if let Some(t) = value_of(&s, rule, &m, sentences, published) {
                    found.push((rule, t));
                }
            }
        }
    }
    // Two rules covering the same span: the one listed first in `RULES` is kept.
    found.sort_by_key(|(rule, _)| *rule);
    let mut kept = keep_longest(found.into_iter().map(|(_, t)| t).collect());
    resolve_anaphors(&mut kept, published);
    kept
}

/// The time expression one rule's match stands for, or `None` when the match is not one after
/// all ("May 45", "a 6-year-old boy", "fall" without a cue).
fn value_of(s: &Scanner, rule: Rule, m: &Match, sentences: &[Span], published: Option<NaiveDate>) -> Option<TimeExpr> {
    let text = s.text;
    let part = |p: Option<Span>| p.map(|p| p.of(text));
    let date = |value: String, modifier: Option<String>| Some(TimeExpr { span: m.span, kind: TimeKind::Date, value, modifier });
    let ymd = iso_date;
    match rule {
        Rule::Iso => {
            let (y, mo, d) = (num(part(m.year)?), num(part(m.month)?), num(part(m.day)?));
            NaiveDate::from_ymd_opt(y as i32, mo, d)?;
            date(format!("{y:04}-{mo:02}-{d:02}"), None)
        }
        Rule::MonthDay | Rule::DayMonth => {
            let month_name = part(m.month)?;
            let month = month_number(month_name)?;
            let day = num(part(m.day)?);
            // "May 5" is a date; "5 may" rarely is.
            if !(1..=31).contains(&day) || (rule == Rule::DayMonth && month_name == "May" && m.year.is_none()) {
                return None;
            }
            let value = match part(m.year) {
                Some(y) => format!("{y}-{month:02}-{day:02}"),
                None => match published.and_then(|d| nearest_year_before(d, month, day)) {
                    Some(d) => ymd(d),
                    None => format!("XXXX-{month:02}-{day:02}"),
                },
            };
            // "the week of March 6": the ISO week holding that day.
            let value = match m.rel.and_then(|_| parse_iso_date(&value)) {
                Some(d) => iso_week(d),
                None => value,
            };
            date(value, None)
        }
        Rule::MonthYear => {
            let month = month_number(part(m.month)?)?;
            date(format!("{}-{month:02}", part(m.year)?), part_modifier(part(m.part)))
        }
        Rule::MonthAlone => {
            let month = month_number(part(m.month)?)?;
            let value = match published {
                Some(d) => {
                    let tense = match part(m.rel).map(str::to_lowercase).as_deref() {
                        Some("last" | "past") => Tense::Past,
                        Some("next") => Tense::Future,
                        Some(_) => Tense::Present,
                        None => tense_at(text, sentences, m.span.start),
                    };
                    format!("{}-{month:02}", month_year_for(d, month, tense))
                }
                None => format!("XXXX-{month:02}"),
            };
            date(value, part_modifier(part(m.part)))
        }
        Rule::Year => {
            let y = m.year?;
            looks_like_year(text, y.start, y.end).then_some(())?;
            date(y.of(text).to_string(), part_modifier(part(m.part)))
        }
        Rule::Decade => {
            let digit = part(m.modifier)?;
            let value = match part(m.word) {
                Some(century) => format!("{century}{digit}X"),
                None => format!("19{digit}X"),
            };
            date(value, part_modifier(part(m.part)))
        }
        Rule::Weekday => {
            let weekday = weekday_of(part(m.weekday)?)?;
            if m.flag {
                return Some(TimeExpr { span: m.span, kind: TimeKind::Set, value: format!("XXXX-WXX-{}", weekday.number_from_monday()), modifier: None });
            }
            let value = match published {
                Some(d) => ymd(resolve_weekday(d, weekday, tense_at(text, sentences, m.span.start) == Tense::Future)),
                None => format!("XXXX-WXX-{}", weekday.number_from_monday()),
            };
            date(value, None)
        }
        Rule::Clock => {
            let clock = clock_value(text, m)?;
            // "9 a.m. Tuesday" is on that Tuesday; a bare "10:35 a.m." on the day last mentioned.
            let value = match (part(m.weekday).and_then(weekday_of), published) {
                (Some(weekday), Some(d)) => format!("{}{clock}", ymd(resolve_weekday(d, weekday, tense_at(text, sentences, m.span.start) == Tense::Future))),
                (Some(weekday), None) => format!("XXXX-WXX-{}{clock}", weekday.number_from_monday()),
                (None, _) => format!("{CLOCK}{clock}"),
            };
            Some(TimeExpr { span: m.span, kind: TimeKind::Time, value, modifier: None })
        }
        Rule::Relative => date(relative_value(&part(m.rel)?.to_lowercase(), published), None),
        Rule::Ago => {
            let value = match (published, count(part(m.number)?)) {
                (Some(d), Some(n)) => shifted_back(d, n, &part(m.unit)?.to_lowercase()),
                _ => "PAST_REF".to_string(),
            };
            date(value, part(m.modifier).map(|h| modifier_of(&h.to_lowercase()).to_string()))
        }
        Rule::Duration => {
            // "a 6-year-old boy" is an age and "60 Minutes" a title: neither is a duration.
            let after = &text[m.span.end..];
            let unit_text = part(m.unit)?;
            if after.starts_with("-old") || after.starts_with(" old") || unit_text.starts_with(char::is_uppercase) {
                return None;
            }
            // No count: "day-long" is one day.
            let n = match part(m.number) {
                Some(number) => count(number),
                None => Some(1),
            };
            let unit = unit_text.to_lowercase();
            let value = match n {
                Some(n) if m.flag => half_more(n, &unit),
                _ => duration_value(n, &unit),
            };
            let mut span = m.span;
            let mut modifier = part(m.modifier).map(|h| modifier_of(&h.to_lowercase()).to_string());
            // "over the past 20 years": here "over" means "during", not "more than".
            if let Some(hedge) = m.modifier {
                let rest = text[hedge.end..].trim_start();
                if rest.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("the ")) {
                    span.start = hedge.end + (text[hedge.end..].len() - rest.len());
                    modifier = None;
                }
            }
            Some(TimeExpr { span, kind: TimeKind::Duration, value, modifier })
        }
        Rule::VagueDuration => {
            let unit = part(m.unit)?.to_lowercase();
            // "for years": the expression is "years"; "recent days": the whole phrase.
            let phrase = m.span.of(text).to_lowercase();
            let span = if phrase.starts_with("for ") || phrase.starts_with("over ") { Span::new(m.span.end - unit.len() - 1, m.span.end) } else { m.span };
            Some(TimeExpr { span, kind: TimeKind::Duration, value: duration_value(None, &unit), modifier: None })
        }
        Rule::Set => {
            let word = part(m.word)?.to_lowercase();
            let value = match word.split_whitespace().last().unwrap_or("") {
                "daily" | "day" => "P1D",
                "weekly" | "week" => "P1W",
                "monthly" | "month" => "P1M",
                _ => "P1Y",
            };
            Some(TimeExpr { span: m.span, kind: TimeKind::Set, value: value.to_string(), modifier: None })
        }
        Rule::Reference => {
            let word = part(m.word)?.to_lowercase();
            // "the past decade" is a duration; "the past 20 years" is left to the duration rule.
            match part(m.unit).map(str::to_lowercase) {
                Some(unit) if unit == "decade" || unit == "century" => {
                    let value = if unit == "decade" { "P10Y" } else { "P100Y" };
                    return Some(TimeExpr { span: m.span, kind: TimeKind::Duration, value: value.to_string(), modifier: None });
                }
                Some(_) => return None,
                None => {}
            }
            let value = match word.trim_start_matches("the ").trim() {
                "now" | "currently" | "current" => "PRESENT_REF",
                "future" => "FUTURE_REF",
                _ => "PAST_REF",
            };
            date(value.to_string(), None)
        }
        Rule::Holiday => {
            // Like a date without a year: the occurrence nearest before publication.
            let name = part(m.word)?.to_lowercase();
            let when = published.and_then(|d| {
                let this_year = holiday_date(&name, d.year())?;
                if this_year <= d + Duration::days(60) { Some(this_year) } else { holiday_date(&name, d.year() - 1) }
            });
            date(when.map_or("XXXX-XX-XX".to_string(), ymd), None)
        }
        Rule::Season => {
            let rel = part(m.rel).map(str::to_lowercase);
            // "fall" alone is a verb or a noun ("the fall of the city"); a season needs a cue.
            if rel.is_none() && m.year.is_none() || rel.as_deref() == Some("the") && m.year.is_none() {
                return None;
            }
            let code = match part(m.word)?.to_lowercase().as_str() {
                "spring" => "SP",
                "summer" => "SU",
                "winter" => "WI",
                _ => "FA",
            };
            let year = match (part(m.year), published) {
                (Some(y), _) => y.to_string(),
                (None, Some(d)) => match rel.as_deref() {
                    Some("last") => (d.year() - 1).to_string(),
                    Some("next") => (d.year() + 1).to_string(),
                    _ => d.year().to_string(),
                },
                (None, None) => "XXXX".to_string(),
            };
            date(format!("{year}-{code}"), None)
        }
        Rule::Anaphor => date(format!("{ANAPHOR}{}", part(m.rel)?.to_lowercase()), None),
    }
}

/// Marks a value still to be resolved against the date last mentioned before it.
const ANAPHOR: &str = "anaphor:";
/// Marks a clock time whose day is the one last mentioned before it.
const CLOCK: &str = "clock:";

/// "that same day", "later that year", "the next day": relative to the last date the text
/// mentioned before them that is at least as precise as the anaphor (or to publication when
/// there is none): "fled in June 1998 and returned later that year" is 1998, "killed last
/// October; the site went down that same day" is a day of that October.
fn resolve_anaphors(found: &mut [TimeExpr], published: Option<NaiveDate>) {
    let mut told = Told::at(published);
    for t in found.iter_mut() {
        if let Some(clock) = t.value.strip_prefix(CLOCK) {
            t.value = match told.day {
                Some(d) => format!("{}{clock}", iso_date(d)),
                None => format!("XXXX-XX-XX{clock}"),
            };
        } else if let Some(phrase) = t.value.strip_prefix(ANAPHOR) {
            let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            let unit = phrase.rsplit(' ').next().unwrap_or("day");
            let shift = if phrase.contains("next") || phrase.contains("following") || phrase.ends_with("after") {
                1
            } else if phrase.contains("previous") || phrase.ends_with("before") {
                -1
            } else {
                0
            };
            let unit = if phrase.starts_with("the day") || unit == "morning" { "day" } else { unit };
            let unknown = || "XXXX-XX-XX".to_string();
            t.value = match unit {
                "day" => match told.month {
                    Some((_, _, true)) => told.day.map_or_else(unknown, |d| iso_date(d + Duration::days(shift))),
                    // A day of a month told without its day: the month is all that is known.
                    Some((y, m, false)) => format!("{y}-{m:02}-XX"),
                    None => unknown(),
                },
                "week" => told.day.map_or_else(unknown, |d| iso_week(d + Duration::weeks(shift))),
                "month" => told.month.map_or_else(unknown, |(y, m, _)| {
                    let total = y * 12 + m as i32 - 1 + shift as i32;
                    format!("{}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
                }),
                _ => told.year.map_or_else(unknown, |y| format!("{}", y + shift as i32)),
            };
        } else if t.kind == TimeKind::Date {
            told.note(&t.value, published);
        }
    }
}

/// The dates a text has told so far, at each precision, for [`resolve_anaphors`].
struct Told {
    /// The last full date.
    day: Option<NaiveDate>,
    /// The last month, and whether it came with its day (then `day` is that date).
    month: Option<(i32, u32, bool)>,
    /// The last year.
    year: Option<i32>,
}

impl Told {
    fn at(published: Option<NaiveDate>) -> Self {
        Told { day: published, month: published.map(|d| (d.year(), d.month(), true)), year: published.map(|d| d.year()) }
    }

    /// Records a date value (`2023-10-19`, `2023-10` or `2023`). One ahead of publication
    /// ("until Sunday", "next year") is a plan, not the time being told.
    fn note(&mut self, value: &str, published: Option<NaiveDate>) {
        if let Some(d) = parse_iso_date(value) {
            if published.is_none_or(|p| d <= p) {
                (self.day, self.month, self.year) = (Some(d), Some((d.year(), d.month(), true)), Some(d.year()));
            }
            return;
        }
        let b = value.as_bytes();
        let digits = |r: std::ops::Range<usize>| value.get(r).filter(|f| f.bytes().all(|c| c.is_ascii_digit())).and_then(|f| f.parse::<u32>().ok());
        let Some(y) = digits(0..4).map(|y| y as i32) else { return };
        match b.len() {
            4 if published.is_none_or(|p| y <= p.year()) => self.year = Some(y),
            7 if b[4] == b'-' => {
                if let Some(m) = digits(5..7).filter(|m| (1..=12).contains(m)) {
                    if published.is_none_or(|p| (y, m) <= (p.year(), p.month())) {
                        (self.month, self.year) = (Some((y, m, false)), Some(y));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Reads the `YYYY-MM-DD` at the start of `s` (a date or a timestamp), without chrono's
/// format parser, which would add to the wasm.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && b[10].is_ascii_digit()) {
        return None;
    }
    let field = |r: std::ops::Range<usize>| s.get(r).filter(|f| f.bytes().all(|c| c.is_ascii_digit())).and_then(|f| f.parse::<u32>().ok());
    NaiveDate::from_ymd_opt(field(0..4)? as i32, field(5..7)?, field(8..10)?)
}

/// `YYYY-MM-DD`, without chrono's strftime machinery (which would add to the wasm).
pub fn iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2000-W10`: the ISO week holding `d`, its number unpadded as TimeML annotations write it.
fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{}", w.year(), w.week())
}

/// `T10:35` from "10:35 a.m.", `T12:00` from "noon".
fn clock_value(text: &str, m: &Match) -> Option<String> {
    if let Some(named) = m.word {
        return Some(if named.of(text).eq_ignore_ascii_case("midnight") { "T24:00" } else { "T12:00" }.to_string());
    }
    let mut hour = num(m.hour?.of(text));
    let minute = m.minute.map_or(0, |x| num(x.of(text)));
    if !(1..=12).contains(&hour) || minute > 59 {
        return None;
    }
    let pm = m.ampm.is_some_and(|a| a.of(text).to_lowercase().starts_with('p'));
    if pm && hour < 12 {
        hour += 12;
    } else if !pm && hour == 12 {
        hour = 0;
    }
    Some(format!("T{hour:02}:{minute:02}"))
}

/// ISO 8601 duration for `n` units; `None` (several, a few) becomes `X`.
fn duration_value(n: Option<u32>, unit: &str) -> String {
    let amount = n.map_or("X".to_string(), |n| n.to_string());
    match unit {
        "hour" => format!("PT{amount}H"),
        "minute" => format!("PT{amount}M"),
        "day" => format!("P{amount}D"),
        "week" => format!("P{amount}W"),
        "month" => format!("P{amount}M"),
        "decade" => n.map_or("PXDE".to_string(), |n| format!("P{}Y", n * 10)),
        "century" => n.map_or("PXCE".to_string(), |n| format!("P{}Y", n * 100)),
        _ => format!("P{amount}Y"),
    }
}

/// ISO 8601 duration for `n` and a half units: the half in the next smaller unit where that
/// is exact ("5 1/2 hours" is `PT5H30M`), a decimal fraction otherwise (`P1.5W`).
fn half_more(n: u32, unit: &str) -> String {
    match unit {
        "hour" => format!("PT{n}H30M"),
        "minute" => format!("PT{n}M30S"),
        "day" => format!("P{n}DT12H"),
        "year" => format!("P{n}Y6M"),
        "decade" => format!("P{}Y", n * 10 + 5),
        "century" => format!("P{}Y", n * 100 + 50),
        "week" => format!("P{n}.5W"),
        _ => format!("P{n}.5M"),
    }
}

/// The date `n` units before `d`, at the precision of the unit ("two years ago" -> `2021`).
fn shifted_back(d: NaiveDate, n: u32, unit: &str) -> String {
    match unit {
        "year" => format!("{}", d.year() - n as i32),
        "decade" => format!("{}", d.year() - 10 * n as i32),
        "day" => iso_date(d - Duration::days(n as i64)),
        "week" => iso_week(d - Duration::weeks(n as i64)),
        _ => {
            let total = d.year() * 12 + d.month0() as i32 - n as i32;
            format!("{}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
        }
    }
}

/// Fixed and computed holidays of the news calendar.
fn holiday_date(name: &str, year: i32) -> Option<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    match name.split_whitespace().next().unwrap_or("") {
        "christmas" if name.ends_with("eve") => fixed(12, 24),
        "christmas" => fixed(12, 25),
        "new" if name.ends_with("eve") => fixed(12, 31),
        "new" => fixed(1, 1),
        "halloween" => fixed(10, 31),
        "independence" => fixed(7, 4),
        "valentine's" => fixed(2, 14),
        // Fourth Thursday of November.
        "thanksgiving" => NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 4),
        // The Tuesday after the first Monday of November.
        "election" => NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Mon, 1).map(|d| d + Duration::days(1)),
        _ => None,
    }
}

fn part_modifier(part: Option<&str>) -> Option<String> {
    let part = part?.to_lowercase();
    let modifier = match part.as_str() {
        "early" | "the beginning of" | "the start of" => "START",
        "late" | "the end of" => "END",
        _ => "MID",
    };
    Some(modifier.to_string())
}

fn count(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    match w.as_str() {
        "a" | "an" => Some(1),
        _ => NUMBER_WORDS.iter().position(|x| *x == w).map(|i| i as u32 + 1).or_else(|| w.parse().ok()),
    }
}

/// The tense a sentence speaks in before a time expression, read from its auxiliaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Present,
    Future,
}

/// Strong cues decide alone ("will", "next") unless a past is nearer the date; weak ones ("would", "until") need each other,
/// since "would" is also reported speech and "until" also looks back ("up until Thursday, they
/// had…").
fn tense_at(text: &str, sentences: &[Span], at: usize) -> Tense {
    let i = sentences.partition_point(|s| s.end <= at);
    let sentence = sentences.get(i).copied().filter(|s| s.start <= at).unwrap_or(Span::new(at, at));
    let before = text.get(sentence.start..at).unwrap_or("");
    // "as early as Tuesday", "as soon as Tuesday": a date that has not come yet.
    let lead = before.trim_end().as_bytes();
    let lead_is = |p: &str| lead.len() >= p.len() && lead[lead.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes());
    if ["as early as", "as soon as", "no later than"].into_iter().any(lead_is) {
        return Tense::Future;
    }
    let mut weak = 0;
    let mut past = false;
    let words: Vec<Cow<str>> = before.split_whitespace().rev().take(10).map(cue_word).collect();
    for (k, w) in words.iter().enumerate() {
        match w.as_ref() {
            // "next to the embassy", "next door": a place, not a time.
            "next" if k > 0 && matches!(words[k - 1].as_ref(), "to" | "door") => {}
            // A strong cue decides only if no past is nearer: "the attack, planned for months,
            // killed 12 people on Friday" is the Friday before.
            "will" | "shall" | "next" | "'ll" | "won't" | "scheduled" | "upcoming" if !past => return Tense::Future,
            // What is planned lies ahead of the plan: "protesters planned a rally on Saturday",
            // "they did not plan to remove him on Thursday". "Plan" and "plans" are often nouns
            // ("the plan approved Tuesday"), so only a following "to" makes them verbs.
            "planned" | "planning" | "intend" | "intends" | "intended" if !past => return Tense::Future,
            "plan" | "plans" if !past && k > 0 && words[k - 1] == "to" => return Tense::Future,
            "would" | "until" | "till" | "plans" | "expected" | "might" | "soon" | "deadline" | "postponed" | "delayed" => weak += 1,
            "was" | "were" | "had" | "did" | "said" | "ago" | "last" => past = true,
            // A verb in the past ("began in February"), unless it is a participle
            // after a form of "be" ("will be held", "is expected").
            verb if is_past_form(verb) && !words.get(k + 1).is_some_and(|aux| matches!(aux.as_ref(), "be" | "been" | "being" | "is" | "are" | "am")) => {
                past = true
            }
            _ => {}
        }
    }
    if weak >= 2 {
        Tense::Future
    } else if past {
        Tense::Past
    } else {
        tense_after(text.get(at..sentence.end).unwrap_or(""))
    }
}

/// When nothing before a date tells the tense, the verb after it may: "In January, a week after
/// the anniversary, a clinic bombing killed a guard."
fn tense_after(after: &str) -> Tense {
    for w in after.split_whitespace().skip(1).take(25) {
        match cue_word(w).as_ref() {
            "will" | "shall" | "'ll" => return Tense::Present,
            "was" | "were" | "had" | "did" => return Tense::Past,
            verb if is_past_form(verb) => return Tense::Past,
            _ => {}
        }
    }
    Tense::Present
}

/// A word as the tense cues are written: without the punctuation around it, in lower case
/// (borrowed when it has no capitals, as most words near a date have none).
fn cue_word(word: &str) -> Cow<'_, str> {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if word.chars().any(char::is_uppercase) { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) }
}

/// An irregular past form ("began", "met"). Regular ones ("decided") are left out: measured on
/// TimeML they cost as much as they gained ("has decided to admit them in early March").
fn is_past_form(word: &str) -> bool {
    crate::lexicon::irregular_past_base(word).is_some()
}

/// The year a month without a year refers to: the next one ahead in the future tense, the most
/// recent one in the past tense, and otherwise the nearest one to publication (ties go to the
/// past, since news mostly reports what happened): "late November" in a January article is last
/// November.
fn month_year_for(published: NaiveDate, month: u32, tense: Tense) -> i32 {
    let (year, current) = (published.year(), published.month() as i32);
    let month = month as i32;
    match tense {
        Tense::Past => if month > current { year - 1 } else { year },
        Tense::Future => if month < current { year + 1 } else { year },
        Tense::Present => {
            let ahead = (month - current).rem_euclid(12);
            let behind = (current - month).rem_euclid(12);
            if behind <= ahead {
                if month > current { year - 1 } else { year }
            } else if month < current {
                year + 1
            } else {
                year
            }
        }
    }
}

/// A four-digit number is a year unless it is part of a larger number, an amount or a code.
fn looks_like_year(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = &text[end..];
    let amount_or_code = matches!(before, Some('$' | '£' | '€' | '#' | ',' | '.' | '/' | '-' | ':' | '+'));
    let number_goes_on = after.starts_with([',', '.', '/', ':', '-']) && after[1..].starts_with(|c: char| c.is_ascii_digit());
    !amount_or_code && !number_goes_on && !after.starts_with('%')
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
fn nearest_year_before(published: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if this_year <= published + Duration::days(60) {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    }
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
        "today" | "tonight" => iso_date(d),
        "yesterday" => iso_date(d - Duration::days(1)),
        "tomorrow" => iso_date(d + Duration::days(1)),
        _ => match unit {
            "year" => format!("{}", d.year() + shift),
            "month" => {
                let total = d.year() * 12 + d.month0() as i32 + shift;
                format!("{}-{:02}", total.div_euclid(12), total.rem_euclid(12) + 1)
            }
            "week" | "weekend" => {
                let suffix = if unit == "weekend" { "-WE" } else { "" };
                format!("{}{suffix}", iso_week(d + Duration::weeks(shift as i64)))
            }
            _ => iso_date(d),
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
fn keep_longest(mut found: Vec<TimeExpr>) -> Vec<TimeExpr> {
    found.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.span.start.cmp(&b.span.start)));
    let mut kept: Vec<TimeExpr> = Vec::with_capacity(found.len());
    // The bytes the kept expressions cover: whether a match overlaps one of them is a look at
    // its own bytes, not at every kept expression (which was quadratic: 16,000 times on a
    // million words). Spans that share no byte do not overlap, unless one is empty, which no
    // rule matches; should one, every kept expression is looked at as before.
    let end = found.iter().map(|t| t.span.end).max().unwrap_or(0);
    let mut covered = vec![0u64; end / 64 + 1];
    let bit = |covered: &[u64], i: usize| covered.get(i / 64).is_some_and(|w| w & 1 << (i % 64) != 0);
    let any_empty = found.iter().any(|t| t.span.is_empty());
    for t in found {
        let overlaps = if any_empty { kept.iter().any(|k| k.span.overlaps(t.span)) } else { (t.span.start..t.span.end).any(|i| bit(&covered, i)) };
        if !overlaps {
            for i in t.span.start..t.span.end {
                if let Some(w) = covered.get_mut(i / 64) {
                    *w |= 1 << (i % 64);
                }
            }
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

    /// Every rule that can start at "the", with the word after it that `rules::rules_at` lets
    /// through: "the" is tried only before those.
    #[test]
    fn expressions_that_start_with_the() {
        let text = "At the end of 2020, in the 1990s and the '90s, the past week, the coming weekend, over the past three \
                    years, the coming days, the future, the summer of 2019, the same day, the following month, the day before.";
        let found: Vec<String> = times(text, None).into_iter().map(|(t, _)| t).collect();
        for want in ["the end of 2020", "the 1990s", "the '90s", "past week", "the coming weekend", "the past three years", "the coming days", "the future", "the summer of 2019", "the same day", "the following month", "the day before"] {
            assert!(found.iter().any(|t| t.eq_ignore_ascii_case(want)), "{want}: {found:?}");
        }
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
    fn tense_cues_around_dates() {
        // A date that has not come yet, said so just before it.
        let found = times("The group might come to the U.S. as soon as Tuesday, according to media reports.", Some("2000-04-03"));
        assert_eq!(found, vec![("Tuesday".into(), "2000-04-04".into())]);
        // An irregular past verb before the month, and one after it when nothing comes before.
        let found = times("The ratification process began in February this year with Canada.", Some("1998-12-03"));
        assert_eq!(found[0], ("February".into(), "1998-02".into()));
        let found = times("In January, a week after the anniversary, a clinic bombing killed a security guard.", Some("1998-10-25"));
        assert_eq!(found[0], ("January".into(), "1998-01".into()));
        // A participle after "be" is not a past: "would still be held at the summit in April".
        let found = times("A ceremony will be held in April.", Some("1999-02-10"));
        assert_eq!(found, vec![("April".into(), "1999-04".into())]);
    }

    #[test]
    fn next_to_is_a_place_not_a_future() {
        // 1998-08-08 was a Saturday.
        let found = times("More than 100 people were killed in the blasts next to the U.S. embassies in Kenya and Tanzania on Friday.", Some("1998-08-08"));
        assert_eq!(found, vec![("Friday".into(), "1998-08-07".into())]);
        let found = times("A car bomb went off in the street next door on Monday.", Some("1998-08-08"));
        assert_eq!(found, vec![("Monday".into(), "1998-08-03".into())]);
        // Unchanged: "next" before a time still looks ahead.
        let found = times("The envoy will meet them next Monday.", Some("1998-08-08"));
        assert_eq!(found, vec![("Monday".into(), "1998-08-10".into())]);
        let found = times("Talks resume next month, and the first round is on Tuesday.", Some("1998-08-08"));
        assert_eq!(found[1], ("Tuesday".into(), "1998-08-11".into()));
    }

    #[test]
    fn what_is_planned_lies_ahead() {
        // 2000-01-07 was a Friday.
        let text = "Protesters planned a large demonstration in Little Havana on Saturday and were planning to drive around the airport on Monday.";
        assert_eq!(times(text, Some("2000-01-07")), vec![("Saturday".into(), "2000-01-08".into()), ("Monday".into(), "2000-01-10".into())]);
        let found = times("Officials said they did not plan to remove the boy on Thursday.", Some("2000-01-07"));
        assert_eq!(found, vec![("Thursday".into(), "2000-01-13".into())]);
        let found = times("The minister intends to visit Kabul on Tuesday.", Some("2000-01-07"));
        assert_eq!(found, vec![("Tuesday".into(), "2000-01-11".into())]);
        let found = times("The accession was planned for early March.", Some("1999-02-10"));
        assert_eq!(found, vec![("early March".into(), "1999-03".into())]);
        // Unchanged: "plan" as a noun says nothing of the tense.
        let found = times("The peace plan approved on Tuesday was welcomed.", Some("2000-01-07"));
        assert_eq!(found, vec![("Tuesday".into(), "2000-01-04".into())]);
    }

    #[test]
    fn the_nearest_tense_cue_decides() {
        // 2000-01-07 was a Friday.
        let found = times("The attack, planned in secret, killed 12 people on Tuesday.", Some("2000-01-07"));
        assert_eq!(found, vec![("Tuesday".into(), "2000-01-04".into())]);
        let found = times("The summit, which will decide on enlargement, began on Monday.", Some("2000-01-07"));
        assert_eq!(found, vec![("Monday".into(), "2000-01-03".into())]);
        // Unchanged: a future nearer than a past still looks ahead.
        let found = times("He said the plant, which was built by the state, will close on Monday.", Some("2000-01-07"));
        assert_eq!(found, vec![("Monday".into(), "2000-01-10".into())]);
    }

    #[test]
    fn the_week_of_a_day_is_that_week() {
        let found = times("The case may be resolved in a court hearing the week of March 6, a cousin said.", Some("2000-02-10"));
        assert_eq!(found, vec![("the week of March 6".into(), "2000-W10".into())]);
        let found = times("Talks are set for the week of Monday, Jan. 10, 2000.", Some("1999-12-20"));
        assert_eq!(found, vec![("the week of Monday, Jan. 10, 2000".into(), "2000-W2".into())]);
        // Unchanged: the day alone, and a week of something else.
        assert_eq!(times("The hearing is on March 6.", Some("2000-02-10")), vec![("March 6".into(), "2000-03-06".into())]);
        assert!(times("In the week of the vote, turnout fell.", Some("2000-02-10")).is_empty());
    }

    #[test]
    fn a_part_of_the_day_joins_its_weekday() {
        // 2000-01-07 was a Friday.
        let found = times("A message was read Wednesday night to thousands of rallying scientists.", Some("2000-01-07"));
        assert_eq!(found, vec![("Wednesday night".into(), "2000-01-05".into())]);
        let found = times("The bomb went off Friday morning.", Some("2000-01-07"));
        assert_eq!(found, vec![("Friday morning".into(), "2000-01-07".into())]);
        // Unchanged: a capitalised part is a name, and plurals are sets.
        let found = times("He watched Monday Night Football and works Sundays.", Some("2000-01-07"));
        assert_eq!(found, vec![("Monday".into(), "2000-01-03".into()), ("Sundays".into(), "XXXX-WXX-7".into())]);
    }

    #[test]
    fn iso_date_parsing() {
        assert_eq!(parse_iso_date("2025-04-26 21:37:10"), NaiveDate::from_ymd_opt(2025, 4, 26));
        assert_eq!(parse_iso_date("2023-10-19"), NaiveDate::from_ymd_opt(2023, 10, 19));
        assert_eq!(parse_iso_date("2023-13-19"), None);
        assert_eq!(parse_iso_date("2023-1-19"), None);
        assert_eq!(parse_iso_date("é"), None);
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
    fn durations_with_a_half_more_or_no_count() {
        let text = "She is to spend about 5 1/2 hours in Nairobi; he served two and a half years in prison.";
        let found = find(text, &sentences(text), None);
        assert_eq!((found[0].span.of(text), found[0].value.as_str(), found[0].modifier.as_deref()), ("about 5 1/2 hours", "PT5H30M", Some("APPROX")));
        assert_eq!((found[1].span.of(text), found[1].value.as_str()), ("two and a half years", "P2Y6M"));
        assert_eq!(times("The boy will remain for two more weeks.", None), vec![("two more weeks".into(), "P2W".into())]);
        assert_eq!(times("They emerged from their third day-long meeting.", None), vec![("day-long".into(), "P1D".into())]);
        assert_eq!(times("The decade-long war ended.", None), vec![("decade-long".into(), "P10Y".into())]);
        // Unchanged: no unit, no duration; an age is not one; "a week-long" keeps its count.
        assert!(times("Two more people died, a 5 1/2-year-old boy among them, on a 5 1/2 mile road.", None).is_empty());
        assert_eq!(times("He made a week-long visit.", None), vec![("a week-long".into(), "P1W".into())]);
    }

    #[test]
    fn hedged_ago_is_a_date() {
        let text = "Warplanes helped end the war in Bosnia almost four years ago. He left more than a year ago, two weeks ago, for over an hour.";
        let found = find(text, &sentences(text), NaiveDate::from_ymd_opt(1999, 3, 24));
        let got: Vec<_> = found.iter().map(|t| (t.span.of(text), t.value.as_str(), t.modifier.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("almost four years ago", "1995", Some("APPROX")),
                ("more than a year ago", "1998", Some("MORE_THAN")),
                ("two weeks ago", "1999-W10", None),
                ("over an hour", "PT1H", Some("MORE_THAN")),
            ]
        );
    }

    #[test]
    fn anaphoric_dates_follow_the_last_date_mentioned() {
        let found = times("The bombs went off on Aug. 7. The next day, officials met. Later that year, he left.", Some("1998-08-20"));
        assert_eq!(
            found,
            vec![("Aug. 7".into(), "1998-08-07".into()), ("The next day".into(), "1998-08-08".into()), ("Later that year".into(), "1998".into())]
        );
    }

    #[test]
    fn anaphors_follow_the_last_date_at_their_precision() {
        let found = times("He had fled to Florida in June 1998 and returned to Cuba later that year.", Some("2000-01-28"));
        assert_eq!(found[1], ("later that year".into(), "1998".into()));
        let found = times("The company was founded in 1995. The following year, it opened a plant in Ohio.", Some("2000-01-28"));
        assert_eq!(found[1], ("The following year".into(), "1996".into()));
        let found = times("Dr. Slepian was killed last October. His name on the site was crossed out that same day.", Some("1999-02-06"));
        assert_eq!(found[1], ("that same day".into(), "1998-10-XX".into()));
        // Unchanged: a year or a month told later does not move a day ("since 1993"), and a
        // year ahead of publication is a plan, not the year being told.
        let found = times("On Aug. 7 the bombs killed 224, the worst attack since 1993. The next day, officials met.", Some("1998-08-20"));
        assert_eq!(found[2], ("The next day".into(), "1998-08-08".into()));
        let found = times("The talks will resume in 2001. Later that year, he said, the troops leave.", Some("1999-05-01"));
        assert_eq!(found[1], ("Later that year".into(), "1999".into()));
    }

    #[test]
    fn seasons_need_a_cue() {
        assert_eq!(times("He left last fall.", Some("1999-03-01")), vec![("last fall".into(), "1998-FA".into())]);
        assert!(times("They will not fall for the tricks.", Some("1999-03-01")).is_empty());
    }

    #[test]
    fn ordinals_and_amounts_are_not_dates() {
        assert!(times("the 75th anniversary, 1,000 containers and $2016 in cash", None).is_empty());
    }
}
