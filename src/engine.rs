//! The engine's public face: load a corpus, annotate a page, and answer in the JSON shape the
//! CLI prints and the wasm bindings return.
//!
//! Offsets in [`Annotation`] are UTF-16 code units into the annotated text, because that is
//! what the DOM counts (`Text.splitText`, `Range.setStart`). The CLI prints the same structure.
//!
//! The corpus has two parts: the bundled articles the engine is created with, which are
//! read-only, and the reader's own articles, added one at a time ([`Engine::add_article`]) or
//! loaded from compiled files ([`Engine::load_personal`]) and taken out again
//! ([`Engine::personal_bytes`]). Both parts share one index, so a page links to either alike.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::analysis::{self, Analysis};
use crate::claims::Slots;
use crate::corpus::{Article, ArticleMeta, Corpus, CorpusError, MAX_ARTICLE_BYTES};
use crate::entities::EntityKind;
use crate::link::{self, Difference, Relation};
use crate::text::{Span, Utf16Offsets};
use crate::time::TimeKind;

/// Options for one annotation call; every field may be left out.
#[derive(Clone, Debug, Default)]
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

/// A page read and linked: what [`Engine::annotate`] answers, before it is built.
pub struct Annotated<'t> {
    pub text: &'t str,
    pub page: Analysis,
    /// The links of each of `page.claims`.
    pub links: Vec<Vec<LinkOut>>,
    utf16: Utf16Offsets,
}

impl Annotated<'_> {
    /// Where a span of the page's entities, times, quantities or claims starts and ends, in
    /// UTF-16 code units.
    pub fn utf16(&self, span: Span) -> (usize, usize) {
        (self.utf16.get(span.start), self.utf16.get(span.end))
    }

    fn render(self) -> Annotation {
        let Annotated { text, page, links, utf16 } = self;
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
                    links,
                }
            })
            .collect();
        Annotation { entities, times, quantities, claims }
    }
}

/// A corpus article as listed to the user interface.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleOut {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// When the reader added it; only for the reader's own articles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<String>,
    /// True for the reader's own articles, false for the bundled ones.
    pub personal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Text formats [`Engine::add_article`] reads. HTML is turned into text by the caller (the
/// browser parses it far better than a wasm engine could afford to).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextFormat {
    #[default]
    Text,
    Markdown,
}

/// Why the reader's corpus could not be changed. Messages are meant for the reader.
#[derive(Debug, PartialEq)]
pub enum EngineError {
    /// A compiled corpus file could not be read.
    Corpus(CorpusError),
    /// An article with this id is already in the corpus (the same page added twice, or an id
    /// that is taken by a bundled article).
    DuplicateId { id: String, title: Option<String> },
    NotFound { id: String },
    /// Bundled articles cannot be removed.
    ReadOnly { id: String },
    /// Nothing that reads as article text is left once markup and page furniture are gone.
    NoBody,
    TooLarge { bytes: usize },
    /// Ids are file-name-like: letters, digits, `_`, `-`, `.`, at most 200 bytes.
    BadId { id: String },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Corpus(e) => e.fmt(f),
            EngineError::DuplicateId { id, title } => match title {
                Some(title) => write!(f, "\"{title}\" is already in the corpus (id {id})"),
                None => write!(f, "an article with id {id} is already in the corpus"),
            },
            EngineError::NotFound { id } => write!(f, "no article with id {id} in your corpus"),
            EngineError::ReadOnly { id } => write!(f, "article {id} is part of the bundled corpus, which cannot be changed"),
            EngineError::NoBody => write!(f, "no article text found (empty, or only markup and page furniture)"),
            EngineError::TooLarge { bytes } => {
                write!(f, "{bytes} bytes is too large for one article (the limit is {MAX_ARTICLE_BYTES} bytes)")
            }
            EngineError::BadId { id } => write!(f, "{id:?} cannot be an article id (use letters, digits, '_', '-' and '.')"),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<CorpusError> for EngineError {
    fn from(e: CorpusError) -> Self {
        EngineError::Corpus(e)
    }
}

/// The engine: a loaded corpus and the operations on it.
#[derive(Debug, Default)]
pub struct Engine {
    corpus: Corpus,
    /// `corpus.articles[..bundled]` are the bundled articles, the rest the reader's own.
    bundled: usize,
}

impl Engine {
    /// An engine over a bundled corpus; the reader's own articles are added later.
    pub fn new(corpus: Corpus) -> Self {
        let bundled = corpus.articles.len();
        Engine { corpus, bundled }
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
        self.annotated(text, options).render()
    }

    /// Reads `text` and links its claims to the corpus, without building the [`Annotation`]:
    /// the wasm bindings build their answer from this directly, without copying every string
    /// and slot into an `Annotation` first.
    pub fn annotated<'t>(&self, text: &'t str, options: &AnnotateOptions) -> Annotated<'t> {
        let published = options.published.as_deref().and_then(parse_date);
        let page = analysis::analyse(text, published);
        let excluded: Vec<usize> = options.exclude.iter().filter_map(|id| self.corpus.article_index(id)).collect();
        let links = link::link_claims(text, &page, &self.corpus, &excluded);
        let links = links.into_iter().map(|links| links.into_iter().filter_map(|l| self.link_out(l)).collect()).collect();
        let utf16 = Utf16Offsets::new(text);
        Annotated { text, page, links, utf16 }
    }

    /// The corpus articles, bundled first, without their texts.
    pub fn articles(&self) -> Vec<ArticleOut> {
        self.corpus.articles.iter().enumerate().map(|(i, a)| article_out(&a.meta, i >= self.bundled, None)).collect()
    }

    /// One corpus article with its text.
    pub fn article(&self, id: &str) -> Option<ArticleOut> {
        let i = self.corpus.article_index(id)?;
        let a = self.corpus.articles.get(i)?;
        Some(article_out(&a.meta, i >= self.bundled, Some(a.text.clone())))
    }

    /// The reader's own articles, in the order they were added, without their texts.
    pub fn personal_articles(&self) -> Vec<ArticleOut> {
        self.personal().iter().map(|a| article_out(&a.meta, true, None)).collect()
    }

    fn personal(&self) -> &[Article] {
        self.corpus.articles.get(self.bundled..).unwrap_or_default()
    }

    /// Reads an article and adds it to the reader's corpus, indexed at once: the next page
    /// annotated links to it. When `meta.id` is empty an id is made from the URL (or, without
    /// one, the text), so the same page added twice is refused rather than kept twice.
    /// Only this article is analysed and indexed (see [`Corpus::push`]).
    pub fn add_article(&mut self, mut meta: ArticleMeta, text: &str, format: TextFormat) -> Result<ArticleOut, EngineError> {
        if text.len() as u64 > MAX_ARTICLE_BYTES {
            return Err(EngineError::TooLarge { bytes: text.len() });
        }
        if meta.id.is_empty() {
            meta.id = personal_id(meta.url.as_deref().filter(|u| !u.is_empty()).unwrap_or(text));
        }
        self.check_new_id(&meta.id)?;
        meta.published = meta.published.filter(|d| crate::time::parse_iso_date(d).is_some());
        let text = match format {
            TextFormat::Text => std::borrow::Cow::Borrowed(text),
            TextFormat::Markdown => std::borrow::Cow::Owned(crate::formats::markdown_to_text(text)),
        };
        let article = Article::from_raw(meta, &text);
        if article.text.trim().is_empty() {
            return Err(EngineError::NoBody);
        }
        let out = article_out(&article.meta, true, None);
        self.corpus.push(article);
        Ok(out)
    }

    fn check_new_id(&self, id: &str) -> Result<(), EngineError> {
        let id_ok = !id.is_empty() && id.len() <= 200 && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !id_ok {
            return Err(EngineError::BadId { id: id.to_string() });
        }
        if let Some(existing) = self.corpus.article_index(id).and_then(|i| self.corpus.articles.get(i)) {
            return Err(EngineError::DuplicateId { id: id.to_string(), title: existing.meta.title.clone() });
        }
        Ok(())
    }

    /// Removes one of the reader's articles. The index is rebuilt from the remaining articles
    /// (inverted lists number documents densely, so removing one renumbers the rest); removal
    /// is a rare, deliberate act, and at 10,000 articles the rebuild takes a fraction of a second.
    pub fn remove_article(&mut self, id: &str) -> Result<(), EngineError> {
        let Some(i) = self.corpus.article_index(id) else { return Err(EngineError::NotFound { id: id.to_string() }) };
        if i < self.bundled {
            return Err(EngineError::ReadOnly { id: id.to_string() });
        }
        let mut articles = std::mem::take(&mut self.corpus.articles);
        articles.remove(i);
        self.corpus = Corpus::new(articles);
        Ok(())
    }

    /// Removes all of the reader's articles; the bundled corpus stays.
    pub fn clear_personal(&mut self) {
        let mut articles = std::mem::take(&mut self.corpus.articles);
        articles.truncate(self.bundled);
        self.corpus = Corpus::new(articles);
    }

    /// The reader's articles as one compiled corpus file (the export): [`Engine::load_personal`]
    /// on another engine reads it back identically.
    pub fn personal_bytes(&self) -> Vec<u8> {
        Corpus::encode(self.personal())
    }

    /// One of the reader's articles as a compiled corpus file of its own (how the extension
    /// stores each article, so that adding one writes one record).
    pub fn article_bytes(&self, id: &str) -> Result<Vec<u8>, EngineError> {
        let i = self.corpus.article_index(id).filter(|&i| i >= self.bundled).ok_or_else(|| EngineError::NotFound { id: id.to_string() })?;
        Ok(Corpus::encode(self.corpus.articles.get(i..=i).unwrap_or_default()))
    }

    /// Adds the articles of a compiled corpus file (any readable format version) to the
    /// reader's corpus. All or nothing: the file is checked in full, ids included, before the
    /// first article is added.
    pub fn load_personal(&mut self, bytes: &[u8]) -> Result<Vec<ArticleOut>, EngineError> {
        let articles = Corpus::decode(bytes)?;
        let mut seen = std::collections::HashSet::new();
        for article in &articles {
            self.check_new_id(&article.meta.id)?;
            if !seen.insert(article.meta.id.as_str()) {
                return Err(EngineError::DuplicateId { id: article.meta.id.clone(), title: article.meta.title.clone() });
            }
        }
        let out = articles.iter().map(|a| article_out(&a.meta, true, None)).collect();
        for article in articles {
            self.corpus.push(article);
        }
        Ok(out)
    }

    fn link_out(&self, link: link::Link) -> Option<LinkOut> {
        let article = self.corpus.articles.get(link.article)?;
        let claim = article.analysis.claims.get(link.claim)?;
        let meta = &article.meta;
        // Only the text up to the claim's end is needed, not a table of the whole article per link.
        let utf16 = Utf16Offsets::new(article.text.get(..claim.span.end).unwrap_or(&article.text));
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

fn article_out(meta: &ArticleMeta, personal: bool, text: Option<String>) -> ArticleOut {
    ArticleOut {
        id: meta.id.clone(),
        title: meta.title.clone(),
        outlet: meta.outlet.clone(),
        url: meta.url.clone(),
        published: meta.published.clone(),
        added: meta.added.clone(),
        personal,
        text,
    }
}

/// An id for a reader's article: `my-` and a 64-bit FNV-1a hash of its URL (or text), so the
/// same page gets the same id on every machine and an export merges without duplicates.
pub fn personal_id(key: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("my-{hash:016x}")
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    crate::time::parse_iso_date(s)
}
