//! One document read by the engine: its sentences, entities, times, quantities and claims.
//!
//! This is the unit both sides share: a page is analysed when it is annotated, and every corpus
//! article is analysed once when the corpus is compiled and stored in that form, claim slots
//! included, so linking never reads a corpus text again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::boilerplate;
use crate::claims::{self, Document, Occasion};
use crate::entities::{self, Entity};
use crate::quantities::{self, Quantity};
use crate::text::{self, Span};
use crate::time::{self, TimeExpr};

pub use crate::claims::Claim;

/// Everything the engine found in one text; spans are byte offsets into that text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub times: Vec<TimeExpr>,
    pub quantities: Vec<Quantity>,
    pub claims: Vec<Claim>,
    /// Page furniture (headers, "Related" lists, bios, disclaimers): no claims come from here.
    pub boilerplate: Vec<Span>,
    /// The date and towns the document as a whole reports on.
    pub occasion: Occasion,
}

/// Reads `text`. `published` anchors relative dates ("on Thursday").
pub fn analyse(text: &str, published: Option<NaiveDate>) -> Analysis {
    let sentences = text::sentences(text);
    let tokens = text::Tokens::new(text);
    let entities = entities::find_in(text, &sentences, &tokens);
    let times = time::find(text, &sentences, published);
    // Years and "two-day" are times; a number is reported once, as the more specific reading.
    let quantities: Vec<Quantity> = quantities::find(text)
        .into_iter()
        .filter(|q| {
            let over = overlapping(&times, q.span);
            over.is_empty() || q.unit.is_some() && !is_time_unit(q) && !over.iter().any(|t| t.span.contains(q.span))
        })
        .collect();
    let boilerplate = boilerplate::regions(text);
    let doc = Document { text, sentences: &sentences, entities: &entities, times: &times, quantities: &quantities, boilerplate: &boilerplate, published, tokens: &tokens };
    let claims = claims::find(&doc);
    let occasion = claims::occasion(&doc, &claims);
    Analysis { sentences, entities, times, quantities, claims, boilerplate, occasion }
}

/// The times that overlap `span`. Times are sorted by start and do not overlap each other, so
/// a binary search finds them without looking at every time for every number.
fn overlapping(times: &[TimeExpr], span: Span) -> &[TimeExpr] {
    let first = times.partition_point(|t| t.span.end <= span.start);
    let last = first + times[first..].partition_point(|t| t.span.start < span.end);
    &times[first..last]
}

fn is_time_unit(q: &Quantity) -> bool {
    q.unit.as_deref().is_some_and(|u| matches!(u.to_lowercase().trim_end_matches('s'), "day" | "week" | "month" | "year" | "hour" | "minute" | "decade"))
}
