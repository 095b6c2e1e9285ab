//! Where each rule family of time expressions matches, written as small matchers over the
//! text (see [`crate::scan`] for why these are not regular expressions).
//!
//! Each matcher is tried at a position where a word starts and returns the span it covers and
//! the parts the value is read from; `super::find` turns those into values. The comment above
//! each matcher gives the pattern it implements, in regular-expression notation with `(?i)`
//! marking case-insensitive parts.

use crate::scan::{Case, Scanner};
use crate::text::Span;

use Case::{Insensitive, Sensitive};

pub const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// Month names and abbreviations, each month's longest form first.
const MONTH_FORMS: &[&str] = &[
    "January", "Jan.", "Jan", "February", "Feb.", "Feb", "March", "Mar.", "April", "Apr.", "May", "June", "Jun.",
    "July", "Jul.", "August", "Aug.", "Aug", "September", "Sept.", "Sep.", "October", "Oct.", "Oct", "November",
    "Nov.", "Nov", "December", "Dec.", "Dec",
];
/// Months standing alone ("in September"): "May" is left out, being mostly a verb.
const MONTHS_ALONE: &[&str] = &["January", "February", "March", "April", "June", "July", "August", "September", "October", "November", "December"];
/// "early", "late", "mid" and their longer forms before a month, year or decade.
const PARTS: &[&str] = &["early", "late", "mid", "mid-", "the end of", "the beginning of", "the start of"];
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
];
/// Words that hedge a count: "over an hour", "nearly five years ago".
const HEDGES: &[&str] = &["over", "more than", "nearly", "almost", "about", "around", "up to", "at least", "less than"];
const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

/// The rule families, in the order their matches are preferred when two cover the same span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    Iso,
    MonthDay,
    DayMonth,
    MonthYear,
    MonthAlone,
    Year,
    Decade,
    Weekday,
    Clock,
    Relative,
    Ago,
    Duration,
    VagueDuration,
    Set,
    Reference,
    Holiday,
    Season,
    Anaphor,
}

pub const RULES: [Rule; 18] = [
    Rule::Iso,
    Rule::MonthDay,
    Rule::DayMonth,
    Rule::MonthYear,
    Rule::MonthAlone,
    Rule::Year,
    Rule::Decade,
    Rule::Weekday,
    Rule::Clock,
    Rule::Relative,
    Rule::Ago,
    Rule::Duration,
    Rule::VagueDuration,
    Rule::Set,
    Rule::Reference,
    Rule::Holiday,
    Rule::Season,
    Rule::Anaphor,
];

/// What a rule matched: the whole span and the named parts its value is read from. Which parts
/// are set depends on the rule.
#[derive(Clone, Copy, Debug, Default)]
pub struct Match {
    pub span: Span,
    pub year: Option<Span>,
    pub month: Option<Span>,
    pub day: Option<Span>,
    /// "early", "late", "mid", "the end of"…
    pub part: Option<Span>,
    /// "last", "this", "next"… before a month or season; "the week of" before a day; the relative phrase itself for
    /// [`Rule::Relative`]; the anaphoric phrase for [`Rule::Anaphor`].
    pub rel: Option<Span>,
    pub weekday: Option<Span>,
    /// A count: "two", "a few", "20".
    pub number: Option<Span>,
    pub unit: Option<Span>,
    /// A hedge such as "over" or "more than"; the decade digits for [`Rule::Decade`].
    pub modifier: Option<Span>,
    pub hour: Option<Span>,
    pub minute: Option<Span>,
    pub ampm: Option<Span>,
    /// "noon", "midnight"; the holiday name; the set word; the reference word; the century.
    pub word: Option<Span>,
    /// A plural ("Mondays"), a short decade ("'90s"), a half more than the count ("5 1/2 hours").
    pub flag: bool,
}

impl Match {
    fn new(start: usize, end: usize) -> Self {
        Match { span: Span::new(start, end), ..Match::default() }
    }
}

fn span(start: usize, end: usize) -> Option<Span> {
    Some(Span::new(start, end))
}

/// Tries `rule` at `at`.
pub fn try_rule(s: &Scanner, rule: Rule, at: usize) -> Option<Match> {
    match rule {
        Rule::Iso => iso(s, at),
        Rule::MonthDay => month_day(s, at),
        Rule::DayMonth => day_month(s, at),
        Rule::MonthYear => month_year(s, at),
        Rule::MonthAlone => month_alone(s, at),
        Rule::Year => year(s, at),
        Rule::Decade => decade(s, at),
        Rule::Weekday => weekday(s, at),
        Rule::Clock => clock(s, at),
        Rule::Relative => relative(s, at),
        Rule::Ago => ago(s, at),
        Rule::Duration => duration(s, at),
        Rule::VagueDuration => vague_duration(s, at),
        Rule::Set => set(s, at),
        Rule::Reference => reference(s, at),
        Rule::Holiday => holiday(s, at),
        Rule::Season => season(s, at),
        Rule::Anaphor => anaphor(s, at),
    }
}

/// The rules that can match at a word starting with the (lowercased) letters `word`, or with a
/// digit when `word` is empty, as a bit set over [`RULES`]: each rule's possible first words.
pub fn rules_for(word: &[u8], digit: bool) -> u32 {
    use Rule::*;
    let set = |rules: &[Rule]| rules.iter().fold(0u32, |bits, r| bits | 1 << *r as u32);
    if digit {
        return set(&[Iso, DayMonth, Year, Decade, Clock, Ago, Duration]);
    }
    match word {
        b"january" | b"jan" | b"february" | b"feb" | b"march" | b"mar" | b"april" | b"apr" | b"may" | b"june" | b"jun" | b"july" | b"jul"
        | b"august" | b"aug" | b"september" | b"sept" | b"sep" | b"october" | b"oct" | b"november" | b"nov" | b"december" | b"dec" => {
            set(&[MonthDay, MonthYear, MonthAlone])
        }
        b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday" | b"saturday" | b"sunday" => set(&[MonthDay, Weekday]),
        b"mondays" | b"tuesdays" | b"wednesdays" | b"thursdays" | b"fridays" | b"saturdays" | b"sundays" => set(&[Weekday]),
        b"early" | b"late" | b"mid" => set(&[MonthYear, MonthAlone, Year, Decade, Season]),
        b"the" => set(&[MonthYear, Year, Decade, Relative, Duration, VagueDuration, Reference, Season, Anaphor]),
        b"last" | b"next" => set(&[MonthAlone, Relative, Duration, Season]),
        b"this" => set(&[MonthAlone, Relative, Season]),
        b"past" => set(&[MonthAlone, Relative, Duration, Reference]),
        b"noon" | b"midnight" | b"midday" => set(&[Clock]),
        b"today" | b"yesterday" | b"tomorrow" | b"tonight" => set(&[Relative]),
        b"earlier" | b"later" => set(&[Relative, Anaphor]),
        b"previous" => set(&[Relative, Duration]),
        b"coming" => set(&[Relative, Duration, VagueDuration]),
        b"a" | b"an" | b"one" | b"two" | b"three" | b"four" | b"five" | b"six" | b"seven" | b"eight" | b"nine" | b"ten" | b"eleven"
        | b"twelve" | b"thirteen" | b"fourteen" | b"fifteen" | b"sixteen" | b"seventeen" | b"eighteen" | b"nineteen" | b"twenty"
        | b"several" | b"few" | b"many" => set(&[Ago, Duration]),
        b"over" => set(&[Duration, VagueDuration]),
        b"more" | b"nearly" | b"almost" | b"about" | b"around" | b"up" | b"at" | b"less" | b"first" => set(&[Duration]),
        b"in" | b"recent" | b"for" => set(&[VagueDuration]),
        b"hour" | b"day" | b"week" | b"month" | b"year" | b"minute" | b"decade" | b"century" => set(&[Duration]),
        b"daily" | b"weekly" | b"monthly" | b"annually" | b"yearly" | b"every" | b"each" => set(&[Set]),
        b"now" | b"currently" | b"current" | b"future" | b"recently" => set(&[Reference]),
        b"christmas" | b"new" | b"thanksgiving" | b"halloween" | b"independence" | b"election" | b"valentine" => set(&[Holiday]),
        b"spring" | b"summer" | b"fall" | b"autumn" | b"winter" => set(&[Season]),
        b"that" => set(&[Anaphor]),
        _ => 0,
    }
}

/// [`rules_for`] at `at`, narrowed by the word after "the". "the" is the commonest word and
/// opens nine rules, but each of them needs one of a few words after it (or a decade's digits:
/// "the 1990s", "the '90s"), so they are tried only then. A rule that comes to accept "the"
/// before another word must add that word here.
pub fn rules_at(s: &Scanner, at: usize, word: &[u8], digit: bool) -> u32 {
    let rules = rules_for(word, digit);
    if word != b"the" {
        return rules;
    }
    let Some(next) = s.spaces1(at + word.len()) else { return 0 };
    if matches!(s.byte(next), b'0'..=b'9' | b'\'') {
        return rules;
    }
    let mut buf = [0u8; 16];
    match s.folded_word(next, &mut buf) {
        // Parts of a month, year or decade ("the end of"), spans of a duration or weekend ("the
        // past", "the coming"), the future, seasons, anaphors ("the same day", "the day after").
        b"end" | b"beginning" | b"start" | b"last" | b"past" | b"previous" | b"next" | b"coming" | b"first" | b"future" | b"spring"
        | b"summer" | b"fall" | b"autumn" | b"winter" | b"same" | b"following" | b"day" => rules,
        _ => 0,
    }
}

/// `MONTH`: the first month form at `i` (case-sensitive), which is also the only one that can
/// be followed by anything but more letters or a dot.
fn month(s: &Scanner, i: usize) -> Option<usize> {
    s.prefix_among(i, MONTH_FORMS, Sensitive).map(|(_, end)| end)
}

/// What may stand between an optional lead word and the rest of a pattern.
#[derive(Clone, Copy)]
enum Gap {
    /// `\s*`: "mid-2010", "mid 2010".
    Spaces,
    /// `\s+`.
    Space,
}

/// `(?i:(LEAD)GAP)?` then `rest`: each lead in order, then none. A match with a lead starts at
/// `at`, and `mark` records the lead's span in it (as its part, relation or hedge).
fn with_lead(s: &Scanner, at: usize, leads: &[&str], gap: Gap, mark: fn(&mut Match, Span), rest: impl Fn(usize) -> Option<Match>) -> Option<Match> {
    for lead in leads {
        let Some(end) = s.phrase(at, lead, Insensitive) else { continue };
        let after = match gap {
            Gap::Spaces => Some(s.spaces(end)),
            Gap::Space => s.spaces1(end),
        };
        if let Some(mut m) = after.and_then(&rest) {
            mark(&mut m, Span::new(at, end));
            m.span.start = at;
            return Some(m);
        }
    }
    rest(at)
}

/// `(?i:(?:PART)\s*)?` then `rest`, trying each part before none.
fn with_part(s: &Scanner, at: usize, rest: impl Fn(usize) -> Option<Match>) -> Option<Match> {
    with_lead(s, at, PARTS, Gap::Spaces, |m, p| m.part = Some(p), rest)
}

/// `(?:,?\s+(\d{4})\b)?` after a day or month: the year, and the new end, if there is one.
fn trailing_year(s: &Scanner, i: usize) -> Option<(Span, usize)> {
    let start = s.spaces1(s.optional(i, b','))?;
    let end = s.number_of_digits(start, 4)?;
    Some((Span::new(start, end), end))
}

/// `(?:st|nd|rd|th)?`: the end of the day number with its suffix.
fn ordinal_suffix(s: &Scanner, i: usize) -> Option<usize> {
    s.prefix_among(i, ORDINAL_SUFFIXES, Sensitive).map(|(_, end)| end)
}

/// `(?i)s?`
fn plural(s: &Scanner, i: usize) -> usize {
    s.literal(i, "s", Insensitive).unwrap_or(i)
}

/// `\b(\d{4})-(\d{2})-(\d{2})\b`
fn iso(s: &Scanner, at: usize) -> Option<Match> {
    let y = s.digits(at);
    if y - at != 4 || s.byte(y) != b'-' {
        return None;
    }
    let m = s.digits(y + 1);
    if m - (y + 1) != 2 || s.byte(m) != b'-' {
        return None;
    }
    let d = s.number_of_digits(m + 1, 2)?;
    let mut found = Match::new(at, d);
    found.year = span(at, y);
    found.month = span(y + 1, m);
    found.day = span(m + 1, d);
    Some(found)
}

/// `(?i:the\s+week\s+of\s+)?(?:\b(?:WEEKDAY),?\s+)?\bMONTH\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`,
/// the lead marked as the match's relation
fn month_day(s: &Scanner, at: usize) -> Option<Match> {
    let mut found = weekday_month_day(s, at)?;
    // "a hearing the week of March 6": the week, not the day. Looked for behind the day, so
    // that "the" need not be tried as the start of a date.
    if let Some(lead) = lead_before(s, at, "the week of") {
        found.rel = Some(lead);
        found.span.start = lead.start;
    }
    Some(found)
}

fn weekday_month_day(s: &Scanner, at: usize) -> Option<Match> {
    if let Some((_, end)) = s.prefix_among(at, WEEKDAYS, Sensitive) {
        if let Some(m) = s.spaces1(s.optional(end, b',')).and_then(|i| month_day_from(s, at, i)) {
            return Some(m);
        }
    }
    month_day_from(s, at, at)
}

fn month_day_from(s: &Scanner, start: usize, i: usize) -> Option<Match> {
    if !s.boundary(i) {
        return None;
    }
    let month_end = month(s, i)?;
    let day_start = s.spaces1(month_end)?;
    let day_end = s.digits(day_start);
    if !(1..=2).contains(&(day_end - day_start)) {
        return None;
    }
    let end = match ordinal_suffix(s, day_end).filter(|&e| s.boundary(e)) {
        Some(e) => e,
        None if s.boundary(day_end) => day_end,
        None => return None,
    };
    let mut found = Match::new(start, end);
    found.month = span(i, month_end);
    found.day = span(day_start, day_end);
    if let Some((year, end)) = trailing_year(s, end) {
        found.year = Some(year);
        found.span.end = end;
    }
    Some(found)
}

/// `\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?MONTH(?:,?\s+(\d{4})\b)?`
fn day_month(s: &Scanner, at: usize) -> Option<Match> {
    let day_end = s.digits(at);
    if !(1..=2).contains(&(day_end - at)) {
        return None;
    }
    let month_start = s.spaces1(ordinal_suffix(s, day_end).unwrap_or(day_end))?;
    let (month_start, month_end) = match s.phrase(month_start, "of", Sensitive).and_then(|e| s.spaces1(e)) {
        Some(after_of) if month(s, after_of).is_some() => (after_of, month(s, after_of)?),
        _ => (month_start, month(s, month_start)?),
    };
    let mut found = Match::new(at, month_end);
    found.day = span(at, day_end);
    found.month = span(month_start, month_end);
    if let Some((year, end)) = trailing_year(s, month_end) {
        found.year = Some(year);
        found.span.end = end;
    }
    Some(found)
}

/// `(?i:\bPART)\bMONTH\s+(?:of\s+)?(\d{4})\b`
fn month_year(s: &Scanner, at: usize) -> Option<Match> {
    with_part(s, at, |i| {
        if !s.boundary(i) {
            return None;
        }
        let month_end = month(s, i)?;
        let after = s.spaces1(month_end)?;
        let year_start = s.phrase(after, "of", Sensitive).and_then(|e| s.spaces1(e)).filter(|&y| s.number_of_digits(y, 4).is_some()).unwrap_or(after);
        let year_end = s.number_of_digits(year_start, 4)?;
        let mut found = Match::new(i, year_end);
        found.month = span(i, month_end);
        found.year = span(year_start, year_end);
        Some(found)
    })
}

/// `(?i:\b(?:(early|late|mid|mid-)\s*|(last|this|next|past)\s+)?)\b(MONTH_ALONE)\b`
fn month_alone(s: &Scanner, at: usize) -> Option<Match> {
    let bare = |i: usize| -> Option<Match> {
        if !s.boundary(i) {
            return None;
        }
        let (_, end) = s.word_among(i, MONTHS_ALONE, Sensitive)?;
        let mut found = Match::new(i, end);
        found.month = span(i, end);
        Some(found)
    };
    // A lead word is never a month, so trying the parts, then the relations, each falling back
    // to the bare month, finds what the pattern's alternation would.
    with_lead(s, at, &PARTS[..4], Gap::Spaces, |m, p| m.part = Some(p), bare)
        .or_else(|| with_lead(s, at, &["last", "this", "next", "past"], Gap::Space, |m, r| m.rel = Some(r), bare))
}

/// `(?i:\bPART)\b(1[6-9]\d\d|20\d\d)\b`
fn year(s: &Scanner, at: usize) -> Option<Match> {
    with_part(s, at, |i| {
        if !s.boundary(i) {
            return None;
        }
        let end = s.number_of_digits(i, 4)?;
        let century = s.slice(i, i + 2);
        if !matches!(century, "16" | "17" | "18" | "19" | "20") {
            return None;
        }
        let mut found = Match::new(i, end);
        found.year = span(i, end);
        Some(found)
    })
}

/// `(?i:\bPART(?:the\s+)?)(?:\b(1[6-9]|20)(\d)0s\b|'(\d)0s\b)`
fn decade(s: &Scanner, at: usize) -> Option<Match> {
    // The leading \b holds at a word start, and at an apostrophe only after a word byte.
    if !s.boundary(at) {
        return None;
    }
    let core = |i: usize| -> Option<Match> {
        let full = |i: usize| -> Option<Match> {
            if !s.boundary(i) || s.digits(i) != i + 4 || !matches!(s.slice(i, i + 2), "16" | "17" | "18" | "19" | "20") {
                return None;
            }
            (s.byte(i + 3) == b'0' && s.byte(i + 4) == b's' && s.boundary(i + 5)).then(|| {
                let mut found = Match::new(i, i + 5);
                found.word = span(i, i + 2);
                found.modifier = span(i + 2, i + 3);
                found
            })
        };
        let short = |i: usize| -> Option<Match> {
            let ok = s.byte(i) == b'\'' && s.byte(i + 1).is_ascii_digit() && s.byte(i + 2) == b'0' && s.byte(i + 3) == b's' && s.boundary(i + 4);
            ok.then(|| {
                let mut found = Match::new(i, i + 4);
                found.modifier = span(i + 1, i + 2);
                found.flag = true;
                found
            })
        };
        let after_the = s.phrase(i, "the", Insensitive).and_then(|e| s.spaces1(e));
        let attempt = |j: usize| full(j).or_else(|| short(j));
        match after_the.and_then(attempt) {
            Some(mut m) => {
                m.span.start = i;
                Some(m)
            }
            None => attempt(i),
        }
    };
    with_part(s, at, core)
}

/// `\b(WEEKDAY)(?:s\b|\b(?:\s+(?:morning|afternoon|evening|night)\b)?)`: "Wednesday night" is one
/// expression, on that day ("Monday Night Football", capitalised, is a name).
fn weekday(s: &Scanner, at: usize) -> Option<Match> {
    let (_, end) = s.prefix_among(at, WEEKDAYS, Sensitive)?;
    let mut found = Match::new(at, end);
    found.weekday = span(at, end);
    if s.byte(end) == b's' && s.boundary(end + 1) {
        found.span.end = end + 1;
        found.flag = true;
        return Some(found);
    }
    if !s.boundary(end) {
        return None;
    }
    if let Some((_, part_end)) = s.spaces1(end).and_then(|i| s.word_among(i, &["morning", "afternoon", "evening", "night"], Sensitive)) {
        found.span.end = part_end;
    }
    Some(found)
}

/// `(?i)(?:\b(\d{1,2})(?::(\d{2}))?\s*(a\.m\.?|p\.m\.?|am\b|pm\b)|\b(noon|midnight|midday)\b)`
/// then `(?:\s+(?:[A-Z]{2,4}\s+)?(WEEKDAY)\b)?`
fn clock(s: &Scanner, at: usize) -> Option<Match> {
    let mut found = if s.byte(at).is_ascii_digit() {
        let hour_end = s.digits(at);
        if hour_end - at > 2 {
            return None;
        }
        let minute = (s.byte(hour_end) == b':').then(|| (hour_end + 1, s.digits(hour_end + 1))).filter(|(a, b)| b - a == 2);
        let ampm_start = s.spaces(minute.map_or(hour_end, |(_, end)| end));
        let ampm_end = ["a.m.", "a.m", "p.m.", "p.m"]
            .iter()
            .find_map(|p| s.literal(ampm_start, p, Insensitive))
            .or_else(|| ["am", "pm"].iter().find_map(|p| s.literal(ampm_start, p, Insensitive).filter(|&e| s.boundary(e))))?;
        let mut found = Match::new(at, ampm_end);
        found.hour = span(at, hour_end);
        found.minute = minute.and_then(|(a, b)| span(a, b));
        found.ampm = span(ampm_start, ampm_end);
        found
    } else {
        let (_, end) = s.word_among(at, &["noon", "midnight", "midday"], Insensitive)?;
        let mut found = Match::new(at, end);
        found.word = span(at, end);
        found
    };
    if let Some(after) = s.spaces1(found.span.end) {
        let zone = Some(s.letters(after)).filter(|&e| (2..=4).contains(&(e - after))).and_then(|e| s.spaces1(e));
        let day = zone
            .and_then(|z| s.word_among(z, WEEKDAYS, Insensitive).map(|(_, e)| (z, e)))
            .or_else(|| s.word_among(after, WEEKDAYS, Insensitive).map(|(_, e)| (after, e)));
        if let Some((start, end)) = day {
            found.weekday = span(start, end);
            found.span.end = end;
        }
    }
    Some(found)
}

/// `(?i)\b(today|yesterday|tomorrow|tonight|(?:earlier|later)\s+this\s+(?:week|month|year)|
/// (?:last|this|next|past)\s+(?:week|month|year)|(?:the\s+)?(?:last|past|previous|next|coming)\s+weekend)\b`
fn relative(s: &Scanner, at: usize) -> Option<Match> {
    const SINGLE: &[&str] = &["today", "yesterday", "tomorrow", "tonight"];
    let end = s
        .word_among(at, SINGLE, Insensitive)
        .map(|(_, e)| e)
        .or_else(|| {
            let first = s.prefix_among(at, &["earlier", "later"], Insensitive)?.1;
            let this = s.phrase(s.spaces1(first)?, "this", Insensitive)?;
            s.word_among(s.spaces1(this)?, &["week", "month", "year"], Insensitive).map(|(_, e)| e)
        })
        .or_else(|| {
            let first = s.prefix_among(at, &["last", "this", "next", "past"], Insensitive)?.1;
            s.word_among(s.spaces1(first)?, &["week", "month", "year"], Insensitive).map(|(_, e)| e)
        })
        .or_else(|| {
            let words = &["last", "past", "previous", "next", "coming"];
            let weekend = |i: usize| {
                let first = s.prefix_among(i, words, Insensitive)?.1;
                s.word_among(s.spaces1(first)?, &["weekend"], Insensitive).map(|(_, e)| e)
            };
            s.phrase(at, "the", Insensitive).and_then(|e| s.spaces1(e)).and_then(weekend).or_else(|| weekend(at))
        })?;
    let mut found = Match::new(at, end);
    found.rel = span(at, end);
    Some(found)
}

/// `(?i)(an?|\d+|one|…|twenty|several|a\s+few|few|many)`: every way a count can end at `i`,
/// in the order the alternatives are tried.
fn counts<'a>(s: &'a Scanner<'a>, i: usize) -> impl Iterator<Item = usize> + 'a {
    let a = s.literal(i, "an", Insensitive).into_iter().chain(s.literal(i, "a", Insensitive));
    let digits = Some(s.digits(i)).filter(|&e| e > i);
    let words = NUMBER_WORDS.iter().chain(&["several"]).filter_map(move |w| s.literal(i, w, Insensitive));
    let rest = ["a few", "few", "many"].into_iter().filter_map(move |w| s.phrase(i, w, Insensitive));
    a.chain(digits).chain(words).chain(rest)
}

/// `(?i)\b(?:(HEDGE)\s+)?COUNT\s+(year|month|week|day|decade)s?\s+ago\b`: "almost four years
/// ago" is a time in the past, not a duration.
fn ago(s: &Scanner, at: usize) -> Option<Match> {
    counts(s, at).find_map(|n_end| {
        let unit_start = s.spaces1(n_end)?;
        let (_, unit_end) = s.prefix_among(unit_start, &["year", "month", "week", "day", "decade"], Insensitive)?;
        let ago_start = s.spaces1(plural(s, unit_end))?;
        let (_, end) = s.word_among(ago_start, &["ago"], Insensitive)?;
        let mut found = Match::new(at, end);
        found.number = span(at, n_end);
        found.unit = span(unit_start, unit_end);
        // The hedge is looked for behind the count, so that the common words that start one
        // ("at", "about", "more") need not be tried as the start of an "ago".
        if let Some(hedge) = hedge_before(s, at) {
            found.modifier = Some(hedge);
            found.span.start = hedge.start;
        }
        Some(found)
    })
}

/// The hedge that ends, with one or more spaces, right before `at`.
fn hedge_before(s: &Scanner, at: usize) -> Option<Span> {
    HEDGES.iter().find_map(|h| lead_before(s, at, h))
}

/// `lead` (case-insensitive, words one space apart) ending with spaces right before `at`.
fn lead_before(s: &Scanner, at: usize, lead: &str) -> Option<Span> {
    let mut end = at;
    while end > 0 && crate::scan::is_space_byte(s.byte(end - 1)) {
        end -= 1;
    }
    let start = end.checked_sub(lead.len()).filter(|_| end < at)?;
    (s.boundary(start) && s.phrase(start, lead, Insensitive) == Some(end)).then(|| Span::new(start, end))
}

/// `(?i)\b(?:(over|more\s+than|nearly|almost|about|around|up\s+to|at\s+least|less\s+than)\s+)?`
/// `(?:(?:the\s+)?(?:past|last|next|coming|first|previous)\s+)?COUNT(?:\s+(1/2|and\s+a\s+half|more)\b)?[\s-]`
/// `(hour|day|week|month|year|minute|decade|century)s?(-long)?\b`, or `\b(UNIT)-long\b` alone
fn duration(s: &Scanner, at: usize) -> Option<Match> {
    const UNITS: &[&str] = &["hour", "day", "week", "month", "year", "minute", "decade", "century"];
    const SPANS: &[&str] = &["past", "last", "next", "coming", "first", "previous"];
    // "their third day-long meeting": one unit, with no count. No other form starts with a unit.
    // The first-letter test spares the unit list to the many matches tried at "the" and "a".
    let unit_letter = matches!(s.byte(at).to_ascii_lowercase(), b'h' | b'd' | b'w' | b'm' | b'y' | b'c');
    if let Some((_, unit_end)) = unit_letter.then(|| s.prefix_among(at, UNITS, Insensitive)).flatten() {
        let end = s.literal(unit_end, "-long", Insensitive).filter(|&e| s.boundary(e))?;
        let mut found = Match::new(at, end);
        found.unit = span(at, unit_end);
        return Some(found);
    }
    // Between the count and the unit: "5 1/2 hours", "two and a half years", "two more weeks".
    let extra = |n_end: usize| -> (usize, bool) {
        // Tried after every count, so the first byte is looked at before the words.
        let Some(i) = s.spaces1(n_end).filter(|&i| matches!(s.byte(i).to_ascii_lowercase(), b'1' | b'a' | b'm')) else { return (n_end, false) };
        match s.word_among(i, &["1/2", "and a half", "more"], Insensitive) {
            Some((k, end)) => (end, k < 2),
            None => (n_end, false),
        }
    };
    let from = |i: usize| -> Option<Match> {
        let the = s.phrase(i, "the", Insensitive).and_then(|e| s.spaces1(e));
        let spans = the
            .into_iter()
            .chain(Some(i))
            .filter_map(|j| s.prefix_among(j, SPANS, Insensitive).and_then(|(_, e)| s.spaces1(e)))
            .chain(Some(i));
        spans.into_iter().find_map(|n_start| {
            counts(s, n_start).find_map(|n_end| {
                let (before_unit, half) = extra(n_end);
                let sep = s.byte(before_unit);
                if !(crate::scan::is_space_byte(sep) || sep == b'-') {
                    return None;
                }
                let unit_start = before_unit + 1;
                let (_, unit_end) = s.prefix_among(unit_start, UNITS, Insensitive)?;
                let plural_end = plural(s, unit_end);
                let end = match s.literal(plural_end, "-long", Insensitive).filter(|&e| s.boundary(e)) {
                    Some(e) => e,
                    None if s.boundary(plural_end) => plural_end,
                    None => return None,
                };
                let mut found = Match::new(i, end);
                found.number = span(n_start, n_end);
                found.unit = span(unit_start, unit_end);
                found.flag = half;
                Some(found)
            })
        })
    };
    with_lead(s, at, HEDGES, Gap::Space, |m, h| m.modifier = Some(h), from)
}

/// `(?i)\b(?:(?:in\s+)?recent|the\s+coming|the\s+past|coming|for|over)\s+(day|week|month|year|decade)s\b`
fn vague_duration(s: &Scanner, at: usize) -> Option<Match> {
    const LEADS: &[&str] = &["in recent", "recent", "the coming", "the past", "coming", "for", "over"];
    LEADS.iter().find_map(|lead| {
        let unit_start = s.spaces1(s.phrase(at, lead, Insensitive)?)?;
        let (_, unit_end) = s.prefix_among(unit_start, &["day", "week", "month", "year", "decade"], Insensitive)?;
        let end = s.literal(unit_end, "s", Insensitive).filter(|&e| s.boundary(e))?;
        let mut found = Match::new(at, end);
        found.unit = span(unit_start, unit_end);
        Some(found)
    })
}

/// `(?i)\b(daily|weekly|monthly|annually|yearly|(?:every|each)\s+(?:day|week|month|year))\b`
fn set(s: &Scanner, at: usize) -> Option<Match> {
    const WORDS: &[&str] = &["daily", "weekly", "monthly", "annually", "yearly"];
    let end = s.word_among(at, WORDS, Insensitive).map(|(_, e)| e).or_else(|| {
        let (_, first) = s.prefix_among(at, &["every", "each"], Insensitive)?;
        s.word_among(s.spaces1(first)?, &["day", "week", "month", "year"], Insensitive).map(|(_, e)| e)
    })?;
    let mut found = Match::new(at, end);
    found.word = span(at, end);
    Some(found)
}

/// `\b(now|currently|current|(?:the\s+)?future|recently|(?:the\s+)?past)\b`
/// `(?:\s+(decade|century|few|several|\d+|week|month|year|day)s?\b)?`
fn reference(s: &Scanner, at: usize) -> Option<Match> {
    const WORDS: &[&str] = &["now", "currently", "current", "the future", "future", "recently", "the past", "past"];
    const UNITS: &[&str] = &["decade", "century", "few", "several"];
    let (_, end) = s.word_among(at, WORDS, Sensitive)?;
    let mut found = Match::new(at, end);
    found.word = span(at, end);
    if let Some(unit_start) = s.spaces1(end) {
        let unit_end = s
            .prefix_among(unit_start, UNITS, Sensitive)
            .map(|(_, e)| e)
            .or_else(|| Some(s.digits(unit_start)).filter(|&e| e > unit_start))
            .or_else(|| s.prefix_among(unit_start, &["week", "month", "year", "day"], Sensitive).map(|(_, e)| e));
        let unit_end = unit_end.into_iter().find_map(|e| {
            if s.byte(e) == b's' && s.boundary(e + 1) {
                Some((e, e + 1))
            } else {
                s.boundary(e).then_some((e, e))
            }
        });
        if let Some((unit_end, end)) = unit_end {
            found.unit = span(unit_start, unit_end);
            found.span.end = end;
        }
    }
    Some(found)
}

/// `\b(Christmas(?:\s+Day|\s+Eve)?|New\s+Year's\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?|Halloween|`
/// `Independence\s+Day|Election\s+Day|Valentine's\s+Day)\b`
fn holiday(s: &Scanner, at: usize) -> Option<Match> {
    const NAMES: &[&str] = &[
        "Christmas Day", "Christmas Eve", "Christmas", "New Year's Day", "New Year's Eve", "Thanksgiving Day", "Thanksgiving",
        "Halloween", "Independence Day", "Election Day", "Valentine's Day",
    ];
    let (_, end) = s.word_among(at, NAMES, Sensitive)?;
    let mut found = Match::new(at, end);
    found.word = span(at, end);
    Some(found)
}

/// `(?i)\b(?:(last|this|next|early|late|mid|the)\s+)?(spring|summer|fall|autumn|winter)\b`
/// `(?:\s+(?:of\s+)?(\d{4})\b)?`
fn season(s: &Scanner, at: usize) -> Option<Match> {
    const RELS: &[&str] = &["last", "this", "next", "early", "late", "mid", "the"];
    const SEASONS: &[&str] = &["spring", "summer", "fall", "autumn", "winter"];
    let bare = |i: usize| s.word_among(i, SEASONS, Insensitive).map(|(_, e)| (i, e));
    let with_rel = s.prefix_among(at, RELS, Insensitive).and_then(|(_, rel_end)| Some((rel_end, bare(s.spaces1(rel_end)?)?)));
    let (rel, (season_start, season_end)) = match with_rel {
        Some((rel_end, season)) => (span(at, rel_end), season),
        None => (None, bare(at)?),
    };
    let mut found = Match::new(at, season_end);
    found.rel = rel;
    found.word = span(season_start, season_end);
    if let Some(after) = s.spaces1(season_end) {
        let of = s.phrase(after, "of", Insensitive).and_then(|e| s.spaces1(e)).filter(|&y| s.number_of_digits(y, 4).is_some());
        let year_start = of.unwrap_or(after);
        if let Some(year_end) = s.number_of_digits(year_start, 4) {
            found.year = span(year_start, year_end);
            found.span.end = year_end;
        }
    }
    Some(found)
}

/// `(?i)\b((?:earlier|later)\s+that\s+(?:day|week|month|year)|(?:that|the)\s+same\s+(?:day|week|month|year)|`
/// `that\s+(?:day|week|month|year)|the\s+(?:next|following|previous)\s+(?:day|morning|week|month|year)|`
/// `the\s+day\s+(?:before|after))\b`
fn anaphor(s: &Scanner, at: usize) -> Option<Match> {
    const UNITS: &[&str] = &["day", "week", "month", "year"];
    let then_unit = |i: usize, units: &[&str]| s.word_among(s.spaces1(i)?, units, Insensitive).map(|(_, e)| e);
    let end = s
        .prefix_among(at, &["earlier", "later"], Insensitive)
        .and_then(|(_, e)| then_unit(s.phrase(s.spaces1(e)?, "that", Insensitive)?, UNITS))
        .or_else(|| s.prefix_among(at, &["that", "the"], Insensitive).and_then(|(_, e)| then_unit(s.phrase(s.spaces1(e)?, "same", Insensitive)?, UNITS)))
        .or_else(|| s.phrase(at, "that", Insensitive).and_then(|e| then_unit(e, UNITS)))
        .or_else(|| {
            let (_, e) = s.phrase(at, "the", Insensitive).and_then(|e| s.prefix_among(s.spaces1(e)?, &["next", "following", "previous"], Insensitive))?;
            then_unit(e, &["day", "morning", "week", "month", "year"])
        })
        .or_else(|| s.phrase(at, "the day", Insensitive).and_then(|e| then_unit(e, &["before", "after"])))?;
    let mut found = Match::new(at, end);
    found.rel = span(at, end);
    Some(found)
}
