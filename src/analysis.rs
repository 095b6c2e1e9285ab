//! One document read by the engine: its sentences, entities, times and claims.
//!
//! This is the unit both sides share: a page is analysed when it is annotated, and every corpus
//! article is analysed once when the corpus is compiled and stored in that form.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::entities::{self, Entity};
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
}

/// Everything the engine found in one text; spans are byte offsets into that text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Span>,
    pub entities: Vec<Entity>,
    pub times: Vec<TimeExpr>,
    pub claims: Vec<Claim>,
}

/// A sentence needs this many words to say something a reader could check.
const MIN_CLAIM_WORDS: usize = 5;

/// Reads `text`. `published` anchors relative dates ("on Thursday").
pub fn analyse(text: &str, published: Option<NaiveDate>) -> Analysis {
    let sentences = text::sentences(text);
    let entities = entities::find(text, &sentences);
    let times = time::find(text, &sentences, published);
    let claims = claims(text, &sentences, &entities, &times);
    Analysis { sentences, entities, times, claims }
}

fn claims(text: &str, sentences: &[Span], entities: &[Entity], times: &[TimeExpr]) -> Vec<Claim> {
    let mut out = Vec::new();
    let (mut e, mut t) = (0, 0);
    for &sentence in sentences {
        let inside = |span: Span| sentence.contains(span);
        while e < entities.len() && entities[e].span.end <= sentence.start {
            e += 1;
        }
        while t < times.len() && times[t].span.end <= sentence.start {
            t += 1;
        }
        let claim_entities: Vec<u32> = (e..entities.len()).take_while(|&k| entities[k].span.start < sentence.end).filter(|&k| inside(entities[k].span)).map(|k| k as u32).collect();
        let claim_times: Vec<u32> = (t..times.len()).take_while(|&k| times[k].span.start < sentence.end).filter(|&k| inside(times[k].span)).map(|k| k as u32).collect();
        let words = sentence.of(text).split_whitespace().count();
        if !claim_entities.is_empty() && words >= MIN_CLAIM_WORDS && ends_like_a_sentence(sentence.of(text)) {
            out.push(Claim { span: sentence, entities: claim_entities, times: claim_times });
        }
    }
    out
}

/// Headlines and list items carry no final punctuation; claims are full sentences.
fn ends_like_a_sentence(sentence: &str) -> bool {
    sentence.trim_end().ends_with(['.', '!', '?', '"', '”', '»', '’', '\'', ')'])
}
