//! Comparing two claims slot by slot: do they report the same event, and if so, do they agree?
//!
//! Two claims are about the same thing when they share an actor and enough of their weighted
//! terms (predicate stems and entity ids, each weighted by its rarity in the corpus). Then:
//!
//! - `other_event`: same actors and predicate, but a different occasion: the places differ and
//!   the dates do not agree, or the articles report occasions more than a month apart and
//!   nothing in the claims ties them together (a 2025 meeting in Wonsan is not a contradiction
//!   of a 2023 meeting in Pyongyang);
//! - `conflicts`: the same occasion, and a slot disagrees outright: a date or weekday, a
//!   number whose ranges do not overlap, a place, or a denial against an assertion;
//! - `corroborates`: everything else. It may still list soft differences that do not
//!   contradict the claim: a name spelled differently, another role for the same person, a
//!   hedge ("over 1,000" vs "1,000"), or a weaker certainty ("unconfirmed" vs "the US said").
//!
//! A claim without its own place inherits its article's towns ([`crate::claims::Occasion`]),
//! because "Lavrov was received by Kim" is about wherever the article's visit is.


use smallvec::{smallvec, SmallVec};

use crate::analysis::{Analysis, Claim};
use crate::bm25::Index;
use crate::claims::{self, Amount, Certainty, Place, PlaceLevel, When};
use crate::entities::EntityKind;
use crate::link::{Difference, Relation};
use crate::names;

/// One side of a comparison: a claim with the document it comes from.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub claim: &'a Claim,
}

/// The outcome of comparing a page claim with a corpus claim about the same thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub relation: Relation,
    pub differences: Vec<Difference>,
    /// Weighted overlap of the two claims' terms, 0 to 1.
    pub similarity: f32,
}

/// Below this weighted overlap two claims are about different things. Tuned on the seed
/// articles: sentences reporting one meeting in different words score 0.3 to 0.6; sentences
/// that only share a protagonist ("Lavrov … embassy staff" vs "Lavrov … Kim") stay under 0.2.
const SAME_EVENT_MIN_SIMILARITY: f32 = 0.27;

/// Dates of two articles' occasions further apart than this are different occasions.
const OCCASION_DAYS_APART: i64 = 30;

/// Days within which two written dates are a disagreement about one occasion, not two.
const NEAR_DAYS: i64 = 7;

/// A page claim read once for all the corpus claims it is compared with: its names, its
/// weighted terms and their total weight.
pub struct Prepared<'a> {
    side: Side<'a>,
    /// Each name with its shape (for spelling variants) and its weight.
    names: Vec<(Name<'a>, names::NameShape<'a>, f32)>,
    /// Each term with its weight and its number in the index (none: no corpus claim has it).
    terms: Vec<(&'a str, f32, Option<u32>)>,
    /// The names' weights and then the terms' weights, summed in that order.
    weight: f32,
}

/// Reads a page claim for [`compare`]. A term weighs its rarity in the corpus (BM25 idf).
pub fn prepare<'a>(here: Side<'a>, index: &Index) -> Prepared<'a> {
    let weight = |term: &str| index.idf(term);
    let mut key = String::new();
    let names: Vec<(Name<'a>, names::NameShape<'a>, f32)> = names_of(here).into_iter().map(|n| {
        let w = name_weight(&n, &weight, &mut key);
        let shape = names::NameShape::of(n.id);
        (n, shape, w)
    }).collect();
    let terms = weighted_terms(here.claim, index);
    let mut total = 0.0f32;
    for (_, _, w) in &names {
        total += w;
    }
    for (_, w, _) in &terms {
        total += w;
    }
    Prepared { side: here, names, terms, weight: total }
}

/// The names two claims share: (page name, corpus name, spelled otherwise) for each.
type SharedNames = SmallVec<[(usize, usize, bool); 8]>;

/// How similar a page claim (`here`, read by [`prepare`]) and a corpus claim (`there`,
/// document `doc` of `index`) are, or `None` when they are not about the same thing. This is
/// the cheap part of [`compare`]: linking scores every candidate with it and compares slot by
/// slot only the best claim of each article it keeps.
pub fn similarity(prepared: &Prepared<'_>, there: Side<'_>, doc: u32, index: &Index) -> Option<f32> {
    matching(prepared, &names_of(there), there, doc, index).map(|(similarity, _)| similarity)
}

/// Matches the names first: most candidates share no actor with the page claim, and nothing
/// else is read for a pair without the same participants.
fn matching(prepared: &Prepared<'_>, there_names: &[Name<'_>], there: Side<'_>, doc: u32, index: &Index) -> Option<(f32, SharedNames)> {
    let mut matches = SharedNames::new();
    let mut matched_there: SmallVec<[bool; 8]> = smallvec![false; there_names.len()];
    let mut shared_actors = 0;
    let mut shared_weight = 0.0f32;
    // The corpus names' shapes, read only when some name has no exact match.
    let mut there_shapes: Option<SmallVec<[names::NameShape<'_>; 8]>> = None;
    for (i, (name, shape, w)) in prepared.names.iter().enumerate() {
        let found = there_names.iter().position(|t| t.id == name.id).map(|k| (k, false)).or_else(|| {
            let shapes = there_shapes.get_or_insert_with(|| there_names.iter().map(|t| names::NameShape::of(t.id)).collect());
            shapes.iter().position(|t| names::same_entity_otherwise(shape, t)).map(|k| (k, true))
        });
        let Some((k, renamed)) = found else { continue };
        let Some(other) = there_names.get(k) else { continue };
        if matched_there.get(k).copied().unwrap_or(true) {
            continue;
        }
        if let Some(m) = matched_there.get_mut(k) {
            *m = true;
        }
        shared_weight += w;
        if name.actor && other.actor {
            shared_actors += 1;
        }
        matches.push((i, k, renamed));
    }
    let same_participants = shared_actors >= 1 || matches.len() >= 2;
    if !same_participants {
        return None;
    }
    let weight = |term: &str| index.idf(term);
    let mut key = String::new();
    let mut there_weight = 0.0f32;
    there_weight += there_names.iter().map(|n| name_weight(n, &weight, &mut key)).sum::<f32>();
    // The corpus claim's stems ([`weighted_terms`]) are the first terms of its document in the
    // index ([`crate::claims::index_terms`]), numbered there: they are weighed and compared
    // with the page claim's by number, without hashing their text.
    let slots = &there.claim.slots;
    let own = slots.what.len();
    let numbers = index.document_terms(doc);
    let stems = numbers.get(..own + slots.quoted.iter().filter(|q| !slots.what.contains(q)).count()).unwrap_or(numbers);
    let stem_weight = |i: usize, t: u32| if i < own { index.idf_of(t) } else { index.idf_of(t) * QUOTED_WEIGHT };
    let mut shared_terms = 0;
    for (_, w, number) in &prepared.terms {
        if let Some((i, &t)) = stems.iter().enumerate().find(|&(_, &t)| Some(t) == *number) {
            shared_weight += w.min(stem_weight(i, t));
            shared_terms += 1;
        }
    }
    there_weight += stems.iter().enumerate().map(|(i, &t)| stem_weight(i, t)).sum::<f32>();
    let similarity = similarity_score(shared_weight, prepared.weight, there_weight);
    if shared_terms == 0 || similarity < SAME_EVENT_MIN_SIMILARITY {
        return None;
    }
    Some((similarity, matches))
}

/// Compares a page claim (`here`, read by [`prepare`]) with a corpus claim (`there`): the
/// [`similarity`], then slot by slot. `None` when they are not about the same thing.
pub fn compare(prepared: &Prepared<'_>, there: Side<'_>, doc: u32, index: &Index) -> Option<Verdict> {
    let here = prepared.side;
    let there_names = names_of(there);
    let (similarity, matches) = matching(prepared, &there_names, there, doc, index)?;
    let mut differences = Vec::new();
    for &(i, k, renamed) in &matches {
        let (Some((name, _, _)), Some(other)) = (prepared.names.get(i), there_names.get(k)) else { continue };
        if renamed && names::spelling_variant(name.id, other.id) {
            differences.push(Difference::soft("name", surface(here, name.entity), surface(there, other.entity)));
        }
        if let (Some(a), Some(b)) = (name.role, other.role) {
            if !roles_compatible(a, b) {
                let (h, t) = (surface(here, name.entity), surface(there, other.entity));
                differences.push(Difference::soft("role", &format!("{h} ({a})"), &format!("{t} ({b})")));
            }
        }
    }
    let date = compare_dates(&here.claim.slots.when, &there.claim.slots.when);
    let place = compare_places(here, there, matches!(date, Agreement::Disagree { .. }));
    for agreement in [&date, &place] {
        if let Agreement::Disagree { difference, .. } = agreement {
            differences.push(difference.clone());
        }
    }
    differences.extend(compare_amounts(&here.claim.slots.amounts, &there.claim.slots.amounts));
    differences.extend(compare_certainty(here.claim, there.claim));

    let occasions_apart = occasions_apart(here.analysis, there.analysis);
    let date_agrees = matches!(date, Agreement::Agree);
    let date_far = matches!(date, Agreement::Disagree { far: true, .. });
    let other_event = match &place {
        Agreement::Disagree { .. } => !date_agrees,
        Agreement::Agree => date_far && occasions_apart,
        Agreement::Unknown => occasions_apart && !date_agrees,
    };
    let relation = if other_event {
        Relation::OtherEvent
    } else if differences.iter().any(|d| d.conflicting) {
        Relation::Conflicts
    } else {
        Relation::Corroborates
    };
    Some(Verdict { relation, differences, similarity })
}

/// The weighted overlap of two claims: the mean of Dice's coefficient (shared over both) and
/// containment (shared over the smaller claim). Dice alone punishes a sentence that joins two
/// events ("met Choe and signed an exchange plan"); containment alone lets a short sentence
/// match every long one that repeats its words.
fn similarity_score(shared: f32, here: f32, there: f32) -> f32 {
    if here <= 0.0 || there <= 0.0 {
        return 0.0;
    }
    let dice = 2.0 * shared / (here + there);
    let containment = shared / here.min(there);
    (dice + containment) / 2.0
}

/// How much more an actor counts than a word of the predicate: who took part is the firmest
/// sign that two sentences tell the same event.
const ACTOR_WEIGHT: f32 = 2.0;

/// `key` is a buffer for the index term (`@` and the id), reused so that weighing a name
/// allocates nothing.
fn name_weight(name: &Name<'_>, weight: &dyn Fn(&str) -> f32, key: &mut String) -> f32 {
    key.clear();
    key.push('@');
    key.push_str(name.id);
    weight(key) * if name.actor { ACTOR_WEIGHT } else { 1.0 }
}

/// How much a quoted word counts against a word of the sentence's own predicate.
const QUOTED_WEIGHT: f32 = 0.5;

/// A claim's predicate and quotation stems with their weights and their numbers in the index.
fn weighted_terms<'a>(claim: &'a Claim, index: &Index) -> Vec<(&'a str, f32, Option<u32>)> {
    let own = claim.slots.what.iter().map(|t| (t, 1.0));
    let quoted = claim.slots.quoted.iter().filter(|q| !claim.slots.what.contains(q)).map(|t| (t, QUOTED_WEIGHT));
    // (Times 1.0 is exact: an own term weighs its idf.)
    own.chain(quoted).map(|(t, share)| (t.as_str(), index.idf(t) * share, index.term_number(t))).collect()
}

/// A name in a claim: its id, its entity (whose span says how the text spells it), whether it
/// is an actor, and its role.
struct Name<'a> {
    id: &'a str,
    entity: u32,
    actor: bool,
    role: Option<&'a str>,
}

/// How a side's text spells one of its entities.
fn surface<'a>(side: Side<'a>, entity: u32) -> &'a str {
    side.analysis.entities.get(entity as usize).map_or("", |x| side.text.get(x.span.start..x.span.end).unwrap_or(""))
}

fn names_of<'a>(side: Side<'a>) -> SmallVec<[Name<'a>; 8]> {
    let slots = &side.claim.slots;
    let mut out: SmallVec<[Name<'a>; 8]> = SmallVec::new();
    for actor in &slots.who {
        out.push(Name { id: &actor.id, entity: actor.entity, actor: true, role: actor.role.as_deref() });
    }
    for &e in &side.claim.entities {
        let Some(entity) = side.analysis.entities.get(e as usize) else { continue };
        if slots.who.iter().any(|a| a.entity == e) || out.iter().any(|n| n.id == entity.id) {
            continue;
        }
        out.push(Name { id: &entity.id, entity: e, actor: false, role: None });
    }
    out
}

/// Role words that say how a person relates to someone else in the sentence, not which office
/// they hold: "his counterpart" is compatible with any title.
const RELATIONAL_ROLES: &[&str] = &["counterpart", "counterparts", "host", "guest", "colleague", "ally", "rival"];

/// Two roles are compatible when the words of one contain the other's ("Foreign Minister" and
/// "Russian Foreign Minister"); "former Ambassador to North Korea" and "Ambassador to Turkey"
/// are not.
fn roles_compatible(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| !w.is_empty() && !matches!(w.as_str(), "the" | "to" | "of" | "s" | "for"))
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let relational = |w: &[String]| w.iter().all(|x| RELATIONAL_ROLES.contains(&x.as_str()));
    relational(&wa) || relational(&wb) || wa.iter().all(|w| wb.contains(w)) || wb.iter().all(|w| wa.contains(w))
}

/// How two claims' slot values relate.
#[derive(Clone, Debug, PartialEq)]
enum Agreement {
    Agree,
    /// `far`: too far apart (another year or month, or over a week) to be one occasion told
    /// slightly wrong.
    Disagree { difference: Difference, far: bool },
    Unknown,
}

/// The parts of a date a claim actually states.
#[derive(Clone, Copy, Debug, Default)]
struct DateParts {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    weekday: Option<u8>,
}

fn date_parts(when: &When) -> DateParts {
    let mut parts = DateParts { weekday: when.weekday, ..Default::default() };
    if when.anchored {
        return parts; // only the weekday was written
    }
    let mut pieces = when.value.split('-');
    parts.year = pieces.next().and_then(|y| y.parse().ok());
    match pieces.next() {
        Some(m) if m.starts_with('W') => {}
        Some(m) => {
            parts.month = m.parse().ok();
            parts.day = pieces.next().and_then(|d| d.get(..2).unwrap_or(d).parse().ok());
        }
        None => {}
    }
    parts
}

/// Compares the dates of two claims: they agree when some pair of dates agrees on every part
/// both state; they disagree when no pair agrees and some pair differs in a stated part.
fn compare_dates(here: &[When], there: &[When]) -> Agreement {
    let mut first_disagreement: Option<(Difference, bool)> = None;
    for h in here {
        for t in there {
            let (a, b) = (date_parts(h), date_parts(t));
            let mut compared = false;
            let mut differs: Option<(&str, bool)> = None;
            for (x, y, strong) in [(a.year, b.year, true), (a.month.map(|m| m as i32), b.month.map(|m| m as i32), true)] {
                if let (Some(x), Some(y)) = (x, y) {
                    compared = true;
                    if x != y {
                        differs = differs.or(Some(("date", strong)));
                    }
                }
            }
            if let (Some(x), Some(y)) = (a.day, b.day) {
                compared = true;
                if x != y {
                    let far = (i64::from(x) - i64::from(y)).abs() > NEAR_DAYS;
                    differs = differs.or(Some(("date", far)));
                }
            }
            if let (Some(x), Some(y)) = (a.weekday, b.weekday) {
                compared = true;
                if x != y {
                    let only_weekdays = a.day.is_none() || b.day.is_none();
                    differs = differs.or(Some((if only_weekdays { "weekday" } else { "date" }, false)));
                }
            }
            match differs {
                None if compared => return Agreement::Agree,
                Some((slot, far)) if first_disagreement.is_none() => {
                    first_disagreement = Some((Difference::hard(slot, &describe_when(h), &describe_when(t)), far));
                }
                _ => {}
            }
        }
    }
    first_disagreement.map_or(Agreement::Unknown, |(difference, far)| Agreement::Disagree { difference, far })
}

/// "Thursday" or "Saturday (2025-07-12)": the written text, with the resolved date when the
/// text alone does not show it.
fn describe_when(when: &When) -> String {
    if when.value.len() == 10 && !when.value.starts_with('X') && !when.text.contains(&when.value) {
        format!("{} ({})", when.text, when.value)
    } else {
        when.text.clone()
    }
}

/// Compares where two claims happen: towns first, then countries and regions.
///
/// A claim's towns are its own ("in Pyongyang"), else its article's. Two sets of towns agree
/// when they share one, or when one claim names the other's town anywhere ("arrived in
/// Pyongyang, flying from Beijing" agrees with "the forum in Beijing"). A claim's own town
/// against another article's town is weak evidence (the sentence may be about an earlier summit
/// elsewhere), so it only counts as a disagreement when the dates disagree too. Countries and
/// regions can only confirm, because a country after "in" is as often a topic ("the war in
/// Ukraine") as a venue.
fn compare_places(here: Side<'_>, there: Side<'_>, dates_disagree: bool) -> Agreement {
    let local = |p: &&Place| claims::place_level(&p.id) == PlaceLevel::Local;
    let towns = |side: Side<'_>| -> (Vec<Place>, bool) {
        let own: Vec<Place> = side.claim.slots.places.iter().filter(local).cloned().collect();
        if own.is_empty() {
            (side.analysis.occasion.towns.clone(), true)
        } else {
            (own, false)
        }
    };
    let ((a, a_inherited), (b, b_inherited)) = (towns(here), towns(there));
    if !a.is_empty() && !b.is_empty() {
        let (here_mentions, there_mentions) = (mentioned_towns(here), mentioned_towns(there));
        let shared = a.iter().any(|p| b.iter().any(|q| q.id == p.id) || there_mentions.contains(&p.id.as_str())) || b.iter().any(|q| here_mentions.contains(&q.id.as_str()));
        if shared {
            return Agreement::Agree;
        }
        // A claim's own town against the other article's: it disagrees only when that town is
        // its own article's town too (the claim is about the article's occasion), or when the
        // dates disagree as well.
        let about_own_occasion = |side: Side<'_>, towns: &[Place]| towns.iter().any(|p| side.analysis.occasion.towns.iter().any(|o| o.id == p.id));
        let weak = (!a_inherited && b_inherited && !about_own_occasion(here, &a)) || (a_inherited && !b_inherited && !about_own_occasion(there, &b));
        if weak && !dates_disagree {
            return Agreement::Unknown;
        }
        let list = |ps: &[Place]| ps.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(", ");
        return Agreement::Disagree { difference: Difference::hard("place", &list(&a), &list(&b)), far: true };
    }
    let wider = |side: Side<'_>| side.claim.slots.places.iter().filter(|p| !local(p)).map(|p| p.id.clone()).collect::<Vec<_>>();
    let (a, b) = (wider(here), wider(there));
    if a.iter().any(|p| b.contains(p)) {
        Agreement::Agree
    } else {
        Agreement::Unknown
    }
}

/// Every town a claim names, wherever in the sentence.
fn mentioned_towns<'a>(side: Side<'a>) -> Vec<&'a str> {
    side.claim
        .entities
        .iter()
        .filter_map(|&e| side.analysis.entities.get(e as usize))
        .filter(|e| e.kind == EntityKind::Place && claims::place_level(&e.id) == PlaceLevel::Local)
        .map(|e| e.id.as_str())
        .collect()
}

/// The range of values a hedged amount allows.
fn range(amount: &Amount) -> (f64, f64) {
    let v = amount.value;
    if amount.vague {
        return (v, v * 10.0);
    }
    match amount.hedge.as_deref() {
        Some("over" | "more than" | "at least") => (v, f64::INFINITY),
        Some("nearly" | "almost") => (v * 0.9, v),
        Some("about" | "around" | "approximately" | "roughly" | "some" | "an estimated") => (v * 0.85, v * 1.15),
        Some("up to" | "at most" | "less than" | "fewer than") => (0.0, v),
        _ => (v, v),
    }
}

/// Amounts of the same unit compared: ranges that do not overlap disagree; the same range
/// written differently ("over 1,000" vs "1,000") is a soft difference.
fn compare_amounts(here: &[Amount], there: &[Amount]) -> Vec<Difference> {
    let mut out = Vec::new();
    for h in here.iter().filter(|a| a.unit.is_some()) {
        let same_unit: Vec<&Amount> = there.iter().filter(|t| t.unit == h.unit).collect();
        if same_unit.is_empty() {
            continue;
        }
        let (lo, hi) = range(h);
        let overlapping = same_unit.iter().find(|t| {
            let (tlo, thi) = range(t);
            lo <= thi && tlo <= hi
        });
        match overlapping {
            Some(t) if t.value == h.value && t.hedge == h.hedge => {}
            Some(t) => out.push(Difference::soft("number", &h.text, &t.text)),
            None => out.extend(same_unit.first().map(|t| Difference::hard("number", &h.text, &t.text))),
        }
    }
    out
}

/// A certainty difference matters when one side doubts (alleged, unconfirmed, denied) and the
/// other does not doubt in the same way; a denial against a report or assertion is a conflict.
fn compare_certainty(here: &Claim, there: &Claim) -> Option<Difference> {
    let (a, b) = (here.slots.certainty, there.slots.certainty);
    let doubts = |c: Certainty| matches!(c, Certainty::Alleged | Certainty::Unconfirmed | Certainty::Denied);
    if a == b || !(doubts(a) || doubts(b)) {
        return None;
    }
    let describe = |c: &Claim| match c.slots.attribution.as_deref() {
        Some(source) => format!("{} ({source})", c.slots.certainty.as_str()),
        None => c.slots.certainty.as_str().to_string(),
    };
    let firm = |c: Certainty| matches!(c, Certainty::Asserted | Certainty::Reported);
    let denial = (a == Certainty::Denied && firm(b)) || (b == Certainty::Denied && firm(a));
    Some(if denial { Difference::hard("certainty", &describe(here), &describe(there)) } else { Difference::soft("certainty", &describe(here), &describe(there)) })
}

/// Whether two articles report occasions more than a month apart (both dates known).
fn occasions_apart(a: &Analysis, b: &Analysis) -> bool {
    let date = |x: &Analysis| x.occasion.date.as_deref().and_then(crate::time::parse_iso_date);
    match (date(a), date(b)) {
        (Some(x), Some(y)) => (x - y).num_days().abs() > OCCASION_DAYS_APART,
        _ => false,
    }
}
