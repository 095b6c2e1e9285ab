//! One document read by the engine: its sentences, entities, times and claims.
//!
//! This is the unit both sides share: a page is analysed when it is annotated, and every corpus
//! article is analysed once when the corpus is compiled and stored in that form.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::entities::{self, Entity};
use crate::quantities::{self, Quantity};
use crate::text::{self, Span};
use crate::time::{self, TimeExpr};

/// A check-worthy sentence and the indices of what it mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub span: Span,
    /// Indices into [`Analysis::entities`].
    pub entities: Vec<u32>,
    /// Indices into [`Analysis::times`].
    pub times: Vec<u32>,
    /// Indices into [`Analysis::quantities`].
    pub quantities: Vec<u32>,
}

/// Everything the engine found in one text; spans are byte offsets into that text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub times: Vec<TimeExpr>,
    pub quantities: Vec<Quantity>,
    pub claims: Vec<Claim>,
}

/// A sentence needs this many words to say something a reader could check.
const MIN_CLAIM_WORDS: usize = 5;

/// Reads `text`. `published` anchors relative dates ("on Thursday").
pub fn analyse(text: &str, published: Option<NaiveDate>) -> Analysis {
    let sentences = text::sentences(text);
    let entities = entities::find(text, &sentences);
    let times = time::find(text, &sentences, published);
    // Years and "two-day" are times; a number is reported once, as the more specific reading.
    let quantities: Vec<Quantity> = quantities::find(text)
        .into_iter()
        .filter(|q| !times.iter().any(|t| t.span.overlaps(q.span)) || q.unit.is_some() && !is_time_unit(q))
        .filter(|q| !times.iter().any(|t| t.span.contains(q.span)))
        .collect();
    let claims = claims(text, &sentences, &entities, &times, &quantities);
    Analysis { sentences, entities, times, quantities, claims }
}

fn is_time_unit(q: &Quantity) -> bool {
    q.unit.as_deref().is_some_and(|u| matches!(u.to_lowercase().trim_end_matches('s'), "day" | "week" | "month" | "year" | "hour" | "minute" | "decade"))
}

/// Indices of the items whose spans lie inside `sentence`, given items sorted by position.
fn inside<T>(items: &[T], span: impl Fn(&T) -> Span, sentence: Span) -> Vec<u32> {
    let first = items.partition_point(|x| span(x).end <= sentence.start);
    (first..items.len())
        .take_while(|&k| span(&items[k]).start < sentence.end)
        .filter(|&k| sentence.contains(span(&items[k])))
        .map(|k| k as u32)
        .collect()
}

fn claims(text: &str, sentences: &[Span], entities: &[Entity], times: &[TimeExpr], quantities: &[Quantity]) -> Vec<Claim> {
    let mut out = Vec::new();
    for &sentence in sentences {
        let claim_entities = inside(entities, |e| e.span, sentence);
        let words = sentence.of(text).split_whitespace().count();
        if !claim_entities.is_empty() && words >= MIN_CLAIM_WORDS && ends_like_a_sentence(sentence.of(text)) {
            out.push(Claim {
                span: sentence,
                entities: claim_entities,
                times: inside(times, |t| t.span, sentence),
                quantities: inside(quantities, |q| q.span, sentence),
            });
        }
    }
    out
}

/// Headlines and list items carry no final punctuation; claims are full sentences.
fn ends_like_a_sentence(sentence: &str) -> bool {
    sentence.trim_end().ends_with(['.', '!', '?', '"', '”', '»', '’', '\'', ')'])
}
