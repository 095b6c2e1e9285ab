//! Linking a page's claims to the corpus claims about the same things.
//!
//! Candidates come from the entity index: corpus claims that mention an entity of the page
//! claim, under the same id or a spelling variant of it. Each shared entity counts by its
//! rarity in the corpus (inverse document frequency), so "Russia" in a corpus about Russia
//! weighs little and "Andrey Karlov" a lot. Per article, the best-scoring claim is the evidence.

use std::collections::HashMap;

use serde::Serialize;

use crate::analysis::{Analysis, Claim};
use crate::corpus::{ClaimRef, Corpus};
use crate::entities::EntityKind;
use crate::names;

/// How a corpus claim relates to a page claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Mentions the same people, organisations or events; not yet compared slot by slot.
    Related,
}

/// One detail that differs between the page claim and the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// Which slot differs: `name`, `date`, `place`, `number`, `role`, `certainty`.
    pub slot: String,
    pub here: String,
    pub there: String,
}

/// A link from a page claim to one corpus article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// Index of the article in the corpus.
    pub article: usize,
    /// The evidence claim in that article.
    pub claim: usize,
    pub relation: Relation,
    pub score: f32,
    pub differences: Vec<Difference>,
}

/// At most this many articles are linked to one claim, best first.
const MAX_LINKS_PER_CLAIM: usize = 8;

/// An entity id of the page with the corpus ids it matches and whether the spelling differs.
struct Match<'c> {
    corpus_id: &'c str,
    variant: bool,
}

/// Finds the corpus links of every claim of a page. `text` is the page text `page` was made
/// from; `excluded` lists corpus article indices to leave out (the page itself, in the demo).
pub fn link_claims(text: &str, page: &Analysis, corpus: &Corpus, excluded: &[usize]) -> Vec<Vec<Link>> {
    let total = corpus.articles.iter().map(|a| a.analysis.claims.len()).sum::<usize>().max(1) as f32;
    let idf = |refs: &[ClaimRef]| (1.0 + total / refs.len().max(1) as f32).ln();
    let mut matches_of: HashMap<&str, Vec<Match<'_>>> = HashMap::new();
    page.claims
        .iter()
        .map(|claim| {
            let mut best: HashMap<usize, (f32, usize, u32, Vec<Difference>)> = HashMap::new();
            let mut per_claim: HashMap<ClaimRef, (f32, u32, Vec<Difference>)> = HashMap::new();
            for &e in dedup_entities(page, claim).iter() {
                let entity = &page.entities[e];
                let matches = matches_of.entry(entity.id.as_str()).or_insert_with(|| corpus_matches(corpus, &entity.id));
                for m in matches.iter() {
                    let Some(refs) = corpus.by_entity.get(m.corpus_id) else { continue };
                    let weight = idf(refs) * if entity.kind == EntityKind::Place { 0.5 } else { 1.0 };
                    for r in refs {
                        if excluded.contains(&(r.article as usize)) {
                            continue;
                        }
                        let slot = per_claim.entry(*r).or_insert((0.0, 0, Vec::new()));
                        slot.0 += weight;
                        if entity.kind != EntityKind::Place {
                            slot.1 += 1;
                        }
                        if m.variant {
                            let there = corpus_surface(corpus, *r, m.corpus_id).unwrap_or_default();
                            let here = entity.span.of(text).to_string();
                            if !slot.2.iter().any(|d| d.here == here) {
                                slot.2.push(Difference { slot: "name".into(), here, there });
                            }
                        }
                    }
                }
            }
            for (r, (score, named, diffs)) in per_claim {
                let shared_enough = named >= 2 || (named >= 1 && score >= 1.0);
                if !shared_enough {
                    continue;
                }
                let entry = best.entry(r.article as usize).or_insert((f32::MIN, 0, 0, Vec::new()));
                if score > entry.0 || (score == entry.0 && (r.claim as usize) < entry.1) {
                    *entry = (score, r.claim as usize, named, diffs);
                }
            }
            let mut links: Vec<Link> = best
                .into_iter()
                .map(|(article, (score, claim, _, differences))| Link { article, claim, relation: Relation::Related, score, differences })
                .collect();
            links.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.article.cmp(&b.article)));
            links.truncate(MAX_LINKS_PER_CLAIM);
            links
        })
        .collect()
}

/// The claim's entity indices, one per distinct id.
fn dedup_entities(page: &Analysis, claim: &Claim) -> Vec<usize> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for &e in &claim.entities {
        let id = page.entities[e as usize].id.as_str();
        if !seen.contains(&id) {
            seen.push(id);
            out.push(e as usize);
        }
    }
    out
}

/// The corpus ids that name the same entity as `id`: itself, its spelling variants, and the
/// full names a one-word mention abbreviates.
fn corpus_matches<'c>(corpus: &'c Corpus, id: &str) -> Vec<Match<'c>> {
    let mut out = Vec::new();
    if let Some((key, _)) = corpus.by_entity.get_key_value(id) {
        out.push(Match { corpus_id: key.as_str(), variant: false });
    }
    let parts: Vec<&str> = id.split(' ').collect();
    let probes = if parts.len() >= 2 { vec![parts[0], parts[parts.len() - 1]] } else { vec![id] };
    for probe in probes {
        let Some(ids) = corpus.by_name_part.get(probe) else { continue };
        for other in ids {
            if out.iter().any(|m: &Match<'_>| m.corpus_id == other.as_str()) {
                continue;
            }
            if names::spelling_variant(id, other) {
                out.push(Match { corpus_id: other.as_str(), variant: true });
            } else if parts.len() == 1 && names::abbreviates(id, other) && !out.iter().any(|m| !m.variant) {
                out.push(Match { corpus_id: other.as_str(), variant: false });
            }
        }
    }
    out
}

/// How the corpus claim `r` spells the entity `id`.
fn corpus_surface(corpus: &Corpus, r: ClaimRef, id: &str) -> Option<String> {
    let article = corpus.articles.get(r.article as usize)?;
    let claim = article.analysis.claims.get(r.claim as usize)?;
    claim
        .entities
        .iter()
        .filter_map(|&e| article.analysis.entities.get(e as usize))
        .find(|e| e.id == id)
        .map(|e| e.span.of(&article.text).to_string())
}
