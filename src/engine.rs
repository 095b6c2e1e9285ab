//! The engine's public face: load a corpus, annotate a page, and answer in the JSON shape the
//! CLI prints and the wasm bindings return.
//!
//! Offsets in [`Annotation`] are UTF-16 code units into the annotated text, because that is
//! what the DOM counts (`Text.splitText`, `Range.setStart`). The CLI prints the same structure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Analysis};
use crate::claims::Slots;
use crate::corpus::{ArticleMeta, Corpus, CorpusError};
use crate::entities::EntityKind;
use crate::link::{self, Difference, Relation};
use crate::text::{Span, Utf16Offsets};
use crate::time::TimeKind;

/// Options for one annotation call; every field may be left out.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnnotateOptions {
    /// The page's publication date (`YYYY-MM-DD`), for "on Thursday" and "last year".
    pub published: Option<String>,
    /// Corpus article ids to ignore (the demo reads one seed against the others).
    pub exclude: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: EntityKind,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimeKind,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuantityOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: f64,
    pub unit: Option<String>,
    pub hedge: Option<String>,
    pub vague: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkOut {
    /// Corpus article id (its file name without extension).
    pub article: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub relation: Relation,
    /// The corpus sentence that supports the link.
    pub evidence: String,
    /// Where the evidence sits in the article's text (as [`Engine::article`] returns it), in
    /// UTF-16 code units, so a reader view can highlight it.
    pub evidence_start: usize,
    pub evidence_end: usize,
    /// Weighted share of terms the two claims have in common, 0 to 1.
    pub score: f32,
    pub differences: Vec<Difference>,
    /// One line for a tooltip: the relation and what differs.
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimOut {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Indices into [`Annotation::entities`], [`Annotation::times`] and [`Annotation::quantities`].
    pub entities: Vec<u32>,
    pub times: Vec<u32>,
    pub quantities: Vec<u32>,
    /// Who, what, when, where, how many, attribution and certainty; actor `entity` fields
    /// index [`Annotation::entities`].
    pub slots: Slots,
    pub links: Vec<LinkOut>,
}

/// Everything the engine has to say about one page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Annotation {
    pub entities: Vec<EntityOut>,
    pub times: Vec<TimeOut>,
    pub quantities: Vec<QuantityOut>,
    pub claims: Vec<ClaimOut>,
}

/// A corpus article as listed to the user interface.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleOut {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// The engine: a loaded corpus and the operations on it.
#[derive(Debug, Default)]
pub struct Engine {
    corpus: Corpus,
}

impl Engine {
    pub fn new(corpus: Corpus) -> Self {
        Engine { corpus }
    }

    /// Loads a compiled corpus file.
    pub fn from_corpus_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        Corpus::from_bytes(bytes).map(Engine::new)
    }

    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Reads `text` and links its claims to the corpus.
    pub fn annotate(&self, text: &str, options: &AnnotateOptions) -> Annotation {
        let published = options.published.as_deref().and_then(parse_date);
        let page = analysis::analyse(text, published);
        let excluded: Vec<usize> = options.exclude.iter().filter_map(|id| self.corpus.article_index(id)).collect();
        let links = link::link_claims(text, &page, &self.corpus, &excluded);
        self.render(text, &page, links)
    }

    /// The corpus articles, without their texts.
    pub fn articles(&self) -> Vec<ArticleOut> {
        self.corpus.articles.iter().map(|a| article_out(&a.meta, None)).collect()
    }

    /// One corpus article with its text.
    pub fn article(&self, id: &str) -> Option<ArticleOut> {
        let a = &self.corpus.articles[self.corpus.article_index(id)?];
        Some(article_out(&a.meta, Some(a.text.clone())))
    }

    fn render(&self, text: &str, page: &Analysis, links: Vec<Vec<link::Link>>) -> Annotation {
        let spans = page
            .entities
            .iter()
            .map(|e| e.span)
            .chain(page.times.iter().map(|t| t.span))
            .chain(page.quantities.iter().map(|q| q.span))
            .chain(page.claims.iter().map(|c| c.span));
        let utf16 = Utf16Offsets::new(text, spans.flat_map(|s| [s.start, s.end]).collect());
        let at = |s: Span| (utf16.get(s.start), utf16.get(s.end));
        let entities = page
            .entities
            .iter()
            .map(|e| {
                let (start, end) = at(e.span);
                EntityOut { start, end, text: e.span.of(text).to_string(), kind: e.kind, id: e.id.clone(), role: e.role.clone() }
            })
            .collect();
        let times = page
            .times
            .iter()
            .map(|t| {
                let (start, end) = at(t.span);
                TimeOut { start, end, text: t.span.of(text).to_string(), kind: t.kind, value: t.value.clone(), modifier: t.modifier.clone() }
            })
            .collect();
        let quantities = page
            .quantities
            .iter()
            .map(|q| {
                let (start, end) = at(q.span);
                QuantityOut {
                    start,
                    end,
                    text: q.span.of(text).to_string(),
                    value: q.value,
                    unit: q.unit.clone(),
                    hedge: q.hedge.clone(),
                    vague: q.vague,
                }
            })
            .collect();
        let claims = page
            .claims
            .iter()
            .zip(links)
            .map(|(c, links)| {
                let (start, end) = at(c.span);
                ClaimOut {
                    start,
                    end,
                    text: c.span.of(text).to_string(),
                    entities: c.entities.clone(),
                    times: c.times.clone(),
                    quantities: c.quantities.clone(),
                    slots: c.slots.clone(),
                    links: links.into_iter().filter_map(|l| self.link_out(l)).collect(),
                }
            })
            .collect();
        Annotation { entities, times, quantities, claims }
    }

    fn link_out(&self, link: link::Link) -> Option<LinkOut> {
        let article = self.corpus.articles.get(link.article)?;
        let claim = article.analysis.claims.get(link.claim)?;
        let meta = &article.meta;
        let utf16 = Utf16Offsets::new(&article.text, vec![claim.span.start, claim.span.end]);
        Some(LinkOut {
            article: meta.id.clone(),
            title: meta.title.clone(),
            outlet: meta.outlet.clone(),
            url: meta.url.clone(),
            published: meta.published.clone(),
            relation: link.relation,
            evidence: article.text.get(claim.span.start..claim.span.end).unwrap_or_default().to_string(),
            evidence_start: utf16.get(claim.span.start),
            evidence_end: utf16.get(claim.span.end),
            score: link.score,
            summary: summary(link.relation, &link.differences),
            differences: link.differences,
        })
    }
}

/// "conflicts: number 1,000 containers / 500 containers" or "corroborates".
fn summary(relation: Relation, differences: &[Difference]) -> String {
    let label = match relation {
        Relation::Corroborates => "corroborates",
        Relation::Conflicts => "conflicts",
        Relation::OtherEvent => "another occasion",
    };
    if differences.is_empty() {
        return label.to_string();
    }
    let details: Vec<String> = differences.iter().map(|d| format!("{} {} / {}", d.slot, d.here, d.there)).collect();
    format!("{label}: {}", details.join("; "))
}

fn article_out(meta: &ArticleMeta, text: Option<String>) -> ArticleOut {
    ArticleOut {
        id: meta.id.clone(),
        title: meta.title.clone(),
        outlet: meta.outlet.clone(),
        url: meta.url.clone(),
        published: meta.published.clone(),
        text,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::time::parse_iso_date(s)
}
