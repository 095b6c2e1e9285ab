//! Linking a page's claims to the corpus claims that report the same event.
//!
//! For each page claim, BM25 ([`crate::bm25`]) over predicate stems and entity ids proposes the
//! best-matching corpus claims; the page's names are also searched under the corpus spellings
//! they vary from ("choe con hui" finds "choe son hui") and the full names they abbreviate.
//! Each candidate is then compared slot by slot ([`crate::compare`]); per article the most
//! similar claim that is about the same thing is the evidence.

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::bm25::Scratch;
use crate::compare::{self, Side};
use crate::corpus::{self, Corpus};
use crate::names;

/// How a corpus claim relates to a page claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The same event, reported compatibly (soft differences may be listed).
    Corroborates,
    /// The same event, with a slot that disagrees (date, number, place, denial).
    Conflicts,
    /// The same actors doing the same thing on another occasion (another date or place).
    OtherEvent,
}

/// One detail that differs between the page claim and the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// Which slot differs: `name`, `role`, `date`, `weekday`, `place`, `number`, `certainty`.
    pub slot: String,
    pub here: String,
    pub there: String,
    /// True when the two values cannot both be right (a different date, number or place, a
    /// denial); false for details that differ without contradicting (a spelling, a role, a
    /// hedge, a weaker certainty).
    pub conflicting: bool,
}

impl Difference {
    /// A difference that contradicts.
    pub fn hard(slot: &str, here: &str, there: &str) -> Self {
        Difference { slot: slot.into(), here: here.into(), there: there.into(), conflicting: true }
    }

    /// A difference worth showing that does not contradict.
    pub fn soft(slot: &str, here: &str, there: &str) -> Self {
        Difference { slot: slot.into(), here: here.into(), there: there.into(), conflicting: false }
    }
}

/// A link from a page claim to one corpus article.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// Index of the article in the corpus.
    pub article: usize,
    /// The evidence claim in that article.
    pub claim: usize,
    pub relation: Relation,
    /// How much of the two claims' weighted terms they share, 0 to 1.
    pub score: f32,
    pub differences: Vec<Difference>,
}

/// At most this many articles are linked to one claim, best first.
const MAX_LINKS_PER_CLAIM: usize = 8;

/// BM25 candidates compared slot by slot per page claim: enough to reach every article that
/// reports the event in a corpus of many similar stories, few enough to stay fast.
const CANDIDATES_PER_CLAIM: usize = 60;

/// A corpus article is the page itself (or a copy of it) when this share of the page's claims
/// and of the article's claims read the same word for word. Both sides are counted so that an
/// edited copy (one number changed) is still compared, not hidden.
const SELF_COPY_SHARE: f32 = 0.9;

/// Finds the corpus links of every claim of a page. `text` is the page text `page` was made
/// from; `excluded` lists corpus article indices to leave out. Copies of the page in the corpus
/// are left out as well.
pub fn link_claims(text: &str, page: &Analysis, corpus: &Corpus, excluded: &[usize]) -> Vec<Vec<Link>> {
    // A corpus without claims links nothing; the per-claim set-up below (query terms, the
    // claim's comparison side) would be thrown away.
    if corpus.claims.is_empty() {
        return vec![Vec::new(); page.claims.len()];
    }
    let mut excluded = excluded.to_vec();
    excluded.extend(copies_of_page(text, page, corpus));
    // Page entity id -> its index term ("@id") and the terms of its other spellings in the
    // corpus, made once per id rather than once per claim that names it.
    let mut id_terms: HashMap<&str, (String, Vec<String>)> = HashMap::new();
    let mut scratch = Scratch::default();
    page.claims
        .iter()
        .map(|claim| {
            let ids = crate::claims::named_ids(claim, &page.entities);
            for &id in &ids {
                id_terms.entry(id).or_insert_with(|| (format!("@{id}"), other_spellings(corpus, id).iter().map(|v| format!("@{v}")).collect()));
            }
            // The claim's index terms ([`crate::claims::index_terms`]), then its names' other spellings.
            let mut terms: Vec<&str> = claim.slots.what.iter().map(String::as_str).collect();
            terms.extend(claim.slots.quoted.iter().filter(|q| !claim.slots.what.contains(q)).map(String::as_str));
            let named = ids.iter().filter_map(|id| id_terms.get(id));
            terms.extend(named.clone().map(|(term, _)| term.as_str()));
            terms.extend(named.flat_map(|(_, variants)| variants.iter().map(String::as_str)));
            let here = compare::prepare(Side { text, analysis: page, claim }, &corpus.index);
            // Per article, its most similar claim (the first of equals in search order); only
            // the articles kept are then compared slot by slot.
            let mut best: HashMap<usize, (u32, f32)> = HashMap::new();
            let wanted = |doc: u32| corpus.claims.get(doc as usize).is_some_and(|r| !excluded.contains(&(r.article as usize)));
            for (doc, _) in corpus.index.search(&terms, CANDIDATES_PER_CLAIM, &wanted, &mut scratch) {
                let Some((r, there)) = corpus_side(corpus, doc) else { continue };
                let article_index = r.article as usize;
                let Some(similarity) = compare::similarity(&here, there, doc, &corpus.index) else { continue };
                if best.get(&article_index).is_none_or(|&(_, b)| similarity > b) {
                    best.insert(article_index, (doc, similarity));
                }
            }
            let mut kept: Vec<(usize, u32, f32)> = best.into_iter().map(|(article, (doc, score))| (article, doc, score)).collect();
            kept.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            kept.truncate(MAX_LINKS_PER_CLAIM);
            let mut links = Vec::with_capacity(kept.len());
            for (article, doc, _) in kept {
                let Some((r, there)) = corpus_side(corpus, doc) else { continue };
                let Some(verdict) = compare::compare(&here, there, doc, &corpus.index) else { continue };
                links.push(Link { article, claim: r.claim as usize, relation: verdict.relation, score: verdict.similarity, differences: verdict.differences });
            }
            links
        })
        .collect()
}

/// Corpus claim `doc` of the index as a side to compare, with where it is in the corpus.
fn corpus_side(corpus: &Corpus, doc: u32) -> Option<(corpus::ClaimRef, Side<'_>)> {
    let r = *corpus.claims.get(doc as usize)?;
    let (article, claim) = corpus.claim(r)?;
    Some((r, Side { text: &article.text, analysis: &article.analysis, claim }))
}

/// Corpus articles whose claims are the page's claims, word for word: the page itself.
/// Claims are matched by [`corpus::sentence_key`] first; an article the keys make a copy is
/// counted again by the sentences themselves, so a chance equality of keys changes nothing.
fn copies_of_page(text: &str, page: &Analysis, corpus: &Corpus) -> Vec<usize> {
    let sentence = |claim: &crate::analysis::Claim| text.get(claim.span.start..claim.span.end).unwrap_or("");
    let share = |n: usize, of: usize| n as f32 >= (of as f32 * SELF_COPY_SHARE).max(1.0);
    let is_copy = |a: u32, n: usize| share(n, page.claims.len()) && corpus.articles.get(a as usize).is_some_and(|x| share(n, x.analysis.claims.len()));
    let mut repeated: HashMap<u32, usize> = HashMap::new();
    // Once more claims than a copy could lack are found in no article, no article is a copy:
    // an ordinary page stops after about a tenth of its claims.
    let mut unmatched = 0usize;
    for claim in &page.claims {
        let Some(refs) = corpus.by_sentence.get(&corpus::sentence_key(sentence(claim))) else {
            unmatched += 1;
            if !share(page.claims.len() - unmatched, page.claims.len()) {
                return Vec::new();
            }
            continue;
        };
        let mut articles: Vec<u32> = refs.iter().map(|r| r.article).collect();
        articles.dedup();
        for a in articles {
            *repeated.entry(a).or_default() += 1;
        }
    }
    let mut copies: Vec<usize> = repeated
        .into_iter()
        .filter(|&(a, n)| is_copy(a, n))
        .filter(|&(a, _)| {
            // The same count by the sentences themselves.
            let n = page
                .claims
                .iter()
                .filter(|claim| {
                    let normalised = corpus::normalised_sentence(sentence(claim));
                    let claims = corpus.articles.get(a as usize).map_or(0, |x| x.analysis.claims.len());
                    (0..claims as u32).any(|c| corpus.same_sentence(corpus::ClaimRef { article: a, claim: c }, &normalised))
                })
                .count();
            is_copy(a, n)
        })
        .map(|(a, _)| a as usize)
        .collect();
    copies.sort_unstable();
    copies
}

/// A name part shared by more corpus names than this ("john", "anna") is a common given name:
/// comparing every name that has it would cost more than it finds, so it is not probed.
const MAX_NAMES_PER_PART: usize = 200;

/// The corpus ids that name the same entity as `id` under another spelling, or in full when
/// `id` is one word of a longer name ("lavrov" -> "sergei lavrov").
fn other_spellings(corpus: &Corpus, id: &str) -> Vec<String> {
    let parts: Vec<&str> = id.split(' ').collect();
    let probes = match (parts.first(), parts.last()) {
        (Some(first), Some(last)) if parts.len() >= 2 => vec![*first, *last],
        _ => vec![id],
    };
    let shape = names::NameShape::of(id);
    let mut out: Vec<String> = Vec::new();
    for probe in probes {
        let Some(ids) = corpus.by_name_part.get(probe).filter(|ids| ids.len() <= MAX_NAMES_PER_PART) else { continue };
        for other in ids {
            let other_shape = names::NameShape::of(other);
            let related = shape.spelling_variant(&other_shape) || shape.abbreviates(&other_shape);
            if related && other != id && !out.contains(other) {
                out.push(other.clone());
            }
        }
    }
    out
}
