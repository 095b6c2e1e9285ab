//! The corpus: articles read from a folder (plain text, Markdown or HTML), compiled once into a
//! compact checksummed file, and loaded by the engine with a BM25 index over its claims.
//!
//! File layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `CLMNCORP` |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 8 | payload length |
//! | 4 | CRC-32 of the payload |
//! | n | payload: the articles with their analyses ([`compact`]; versions 2 and 3: [`postcard`]) |
//!
//! The reader's own articles (see [`crate::engine::Engine::add_article`]) are stored in the same
//! format, one file per article or one file for all of them (an export), so every version of
//! ClaimLens must keep reading the versions before it: [`Corpus::decode`] migrates them.
//!
//! Loading checks everything before the engine uses it: magic, version, length and checksum,
//! then (version 4) that every compressed part inflates to exactly the size it claims and no
//! more than 256 times its compressed size, that every count, string number and item number is
//! in range, and for every version that every span lies on character boundaries of its text.
//! The index is not stored: it is rebuilt from the claims while loading (about a third of the
//! loading time natively). Its terms are the claims' own stems and ids, already in the file;
//! storing the posting lists as well would cost about as many bytes again as those terms.

use foldhash::HashMap;
use std::fmt;
#[cfg(not(target_arch = "wasm32"))]
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Analysis};
use crate::bm25;
use crate::boilerplate;
#[cfg(not(target_arch = "wasm32"))]
use crate::formats;
use crate::text::Span;

pub mod checksum;
pub mod compact;

/// Bumped whenever the payload's shape changes. Versions from [`OLDEST_READABLE_VERSION`] on are
/// migrated when read; older ones are refused with a clear message.
/// Version 2: claims carry their slots, analyses their boilerplate regions and occasion.
/// Version 3: article metadata carries `added`, when the reader added it to their corpus.
/// Version 4: the same information packed small: compressed texts, a string table, spans as
/// distances, slot texts as references to the items they quote ([`compact`]).
pub const FORMAT_VERSION: u32 = 4;
/// The oldest format version [`Corpus::decode`] still reads. Version 2 is the format of the
/// first release that stored a reader's corpus; it must stay readable for as long as anyone may
/// have one.
pub const OLDEST_READABLE_VERSION: u32 = 2;
const MAGIC: &[u8; 8] = b"CLMNCORP";
/// No news article is this long; a file that is must be something else (a dump, a binary).
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;
const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// What is known about an article besides its text (the schema of the seeds' `manifest.json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// The file name without its extension.
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// When the reader added the article to their own corpus (an ISO 8601 date and time);
    /// `None` for bundled articles.
    #[serde(default)]
    pub added: Option<String>,
}

impl ArticleMeta {
    pub fn published_date(&self) -> Option<NaiveDate> {
        self.published.as_deref().and_then(crate::time::parse_iso_date)
    }
}

/// One corpus article: metadata, body text, and the engine's reading of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub meta: ArticleMeta,
    pub text: String,
    pub analysis: Analysis,
}

impl Article {
    /// Checks that every span lies on character boundaries of the text and every index points
    /// at an item, so that a file which passes its checksum but was written by a faulty or
    /// hostile tool cannot make the engine slice out of bounds.
    fn check(&self) -> Result<(), String> {
        let text = self.text.as_str();
        let a = &self.analysis;
        let span_ok = |s: &Span| s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
        let spans = a
            .sentences
            .iter()
            .chain(&a.boilerplate)
            .chain(a.entities.iter().map(|e| &e.span))
            .chain(a.times.iter().map(|t| &t.span))
            .chain(a.quantities.iter().map(|q| &q.span))
            .chain(a.claims.iter().map(|c| &c.span));
        if let Some(bad) = spans.clone().find(|s| !span_ok(s)) {
            return Err(format!("span {}..{} is outside its text or splits a character", bad.start, bad.end));
        }
        for c in &a.claims {
            let entities_ok = c.entities.iter().chain(c.slots.who.iter().map(|w| &w.entity)).all(|&e| (e as usize) < a.entities.len());
            let times_ok = c.times.iter().all(|&t| (t as usize) < a.times.len());
            let quantities_ok = c.quantities.iter().all(|&q| (q as usize) < a.quantities.len());
            if !(entities_ok && times_ok && quantities_ok) {
                return Err(format!("claim at {}..{} refers to an item that does not exist", c.span.start, c.span.end));
            }
        }
        Ok(())
    }

    /// Reads an article's raw text: strips page furniture and analyses the body.
    pub fn from_raw(mut meta: ArticleMeta, raw: &str) -> Self {
        let body = boilerplate::article_body(raw, meta.title.as_deref());
        if meta.title.is_none() {
            meta.title = body.title;
        }
        let analysis = analysis::analyse(&body.text, meta.published_date());
        Article { meta, text: body.text, analysis }
    }
}

/// Why a corpus could not be read. Messages name the file and the problem.
#[derive(Debug, PartialEq)]
pub enum CorpusError {
    Io { path: String, message: String },
    Manifest { path: String, message: String },
    NotText { path: String },
    /// A file that is not an article: no body text is left once markup and furniture are gone.
    NoBody { path: String },
    TooLarge { path: String, bytes: u64 },
    Empty { path: String },
    /// Two files of a folder give the same article id ("a.txt" and "a.html").
    DuplicateId { path: String, id: String },
    NotACorpus,
    Truncated { expected: usize, actual: usize },
    UnsupportedVersion { found: u32 },
    Checksum,
    Payload(String),
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::Io { path, message } => write!(f, "{path}: {message}"),
            CorpusError::Manifest { path, message } => write!(f, "{path}: invalid manifest: {message}"),
            CorpusError::NotText { path } => write!(f, "{path}: not UTF-8 text"),
            CorpusError::NoBody { path } => write!(f, "{path}: no article text found (empty, or only markup and page furniture)"),
            CorpusError::TooLarge { path, bytes } => {
                write!(f, "{path}: {bytes} bytes is too large for one article (the limit is {MAX_ARTICLE_BYTES} bytes)")
            }
            CorpusError::Empty { path } => write!(f, "{path}: no articles found (expected .txt, .md or .html files)"),
            CorpusError::DuplicateId { path, id } => write!(f, "{path}: another file already gives the article id {id:?}"),
            CorpusError::NotACorpus => write!(f, "not a ClaimLens corpus file (bad magic bytes)"),
            CorpusError::Truncated { expected, actual } => {
                write!(f, "corpus file is truncated: expected {expected} bytes, found {actual}")
            }
            CorpusError::UnsupportedVersion { found } => write!(
                f,
                "corpus file has format version {found}; this engine reads versions {OLDEST_READABLE_VERSION} to {FORMAT_VERSION}: rebuild it with `claimlens corpus build`"
            ),
            CorpusError::Checksum => write!(f, "corpus file is corrupted (checksum mismatch)"),
            CorpusError::Payload(m) => write!(f, "corpus file is corrupted: {m}"),
        }
    }
}

impl std::error::Error for CorpusError {}

/// Where a claim lives: article index and claim index within that article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClaimRef {
    pub article: u32,
    pub claim: u32,
}

/// A loaded corpus with its search structures, rebuilt on load (they are not stored in files).
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Document `k` of [`Corpus::index`] is claim `claims[k]`.
    pub claims: Vec<ClaimRef>,
    /// BM25 over each claim's predicate stems and entity ids ([`crate::claims::index_terms`]).
    pub index: bm25::Index,
    /// First or last word of a multi-word entity id -> those ids, to find spelling variants
    /// ("choe con hui" for "choe son hui") and full names of short mentions ("lavrov").
    pub by_name_part: HashMap<String, Vec<String>>,
    /// [`sentence_key`] of a claim's text -> the claims whose text has that key, to recognise a
    /// page that is itself a corpus article. A key, not the text: the 64-bit key of every claim
    /// costs far less to compute and keep than its normalised text, and the rare article that
    /// keys say is a copy is then checked word for word ([`Corpus::same_sentence`]).
    pub by_sentence: HashMap<u64, Vec<ClaimRef>>,
    /// Article id -> index in [`Corpus::articles`].
    by_id: HashMap<String, usize>,
}

/// The payload of format version 3: the articles as [`postcard`] encodes them.
#[derive(Deserialize)]
struct PayloadV3 {
    articles: Vec<Article>,
}

/// The payload of format version 2, kept to migrate files written by earlier versions: the
/// article metadata had no `added` field. (postcard is not self-describing, so each past shape
/// must be spelled out to be read.)
#[derive(Deserialize)]
struct PayloadV2 {
    articles: Vec<ArticleV2>,
}

#[derive(Deserialize)]
struct ArticleV2 {
    meta: ArticleMetaV2,
    text: String,
    analysis: Analysis,
}

#[derive(Deserialize)]
struct ArticleMetaV2 {
    id: String,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

impl From<ArticleV2> for Article {
    fn from(old: ArticleV2) -> Self {
        let ArticleMetaV2 { id, title, outlet, url, published } = old.meta;
        Article { meta: ArticleMeta { id, title, outlet, url, published, added: None }, text: old.text, analysis: old.analysis }
    }
}

/// A claim's text reduced to lower-case letters and digits, so quotes, dashes and spacing that
/// differ between a page and its corpus copy still compare equal.
pub fn normalised_sentence(sentence: &str) -> String {
    sentence.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A 64-bit key (FNV-1a) of [`normalised_sentence`], computed without building it: ASCII, by
/// far the most common, byte by byte, anything else char by char as `normalised_sentence` does.
pub fn sentence_key(sentence: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                feed(b.to_ascii_lowercase());
            }
            i += 1;
            continue;
        }
        let Some(c) = sentence.get(i..).and_then(|rest| rest.chars().next()) else { break };
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                lower.encode_utf8(&mut buf).bytes().for_each(&mut feed);
            }
        }
        i += c.len_utf8();
    }
    hash
}

impl Corpus {
    pub fn new(articles: Vec<Article>) -> Self {
        let mut corpus = Corpus { index: bm25::Index::new(Vec::<Vec<String>>::new()), ..Corpus::default() };
        for article in articles {
            corpus.push(article);
        }
        corpus
    }

    /// Appends one article and indexes its claims. The cost is the article's own claims and
    /// terms, whatever the size of the corpus: this is how a reader's corpus grows without a
    /// rebuild. The caller makes sure the id is new ([`Corpus::article_index`]).
    pub fn push(&mut self, article: Article) {
        let a = self.articles.len() as u32;
        let mut keys: Vec<String> = Vec::new();
        for (c, claim) in article.analysis.claims.iter().enumerate() {
            let here = ClaimRef { article: a, claim: c as u32 };
            self.claims.push(here);
            // The terms of `claims::index_terms`, borrowed rather than built as new strings
            // (loading a corpus indexes every claim; `index_terms_are_claims_index_terms`
            // checks that both give the same terms).
            let slots = &claim.slots;
            let ids = crate::claims::named_ids(claim, &article.analysis.entities);
            keys.resize(ids.len(), String::new());
            for (key, id) in keys.iter_mut().zip(&ids) {
                key.clear();
                key.push('@');
                key.push_str(id);
            }
            let quoted = slots.quoted.iter().filter(|q| !slots.what.contains(q));
            self.index.add_terms(slots.what.iter().chain(quoted).map(String::as_str).chain(keys.iter().map(String::as_str)));
            for &id in &ids {
                let (Some(first), Some(last)) = (id.split(' ').next(), id.rsplit(' ').next()) else { continue };
                if !id.contains(' ') {
                    continue;
                }
                for part in [first, last] {
                    let names = match self.by_name_part.get_mut(part) {
                        Some(names) => names,
                        None => self.by_name_part.entry(part.to_string()).or_default(),
                    };
                    // Kept sorted (HashMap order is random; links must be deterministic).
                    if let Err(at) = names.binary_search_by(|i| i.as_str().cmp(id)) {
                        names.insert(at, id.to_string());
                    }
                }
            }
            let key = sentence_key(article.text.get(claim.span.start..claim.span.end).unwrap_or_default());
            self.by_sentence.entry(key).or_default().push(here);
        }
        self.by_id.entry(article.meta.id.clone()).or_insert(a as usize);
        self.articles.push(article);
    }

    /// Whether claim `r` reads as `normalised` ([`normalised_sentence`]) word for word.
    pub fn same_sentence(&self, r: ClaimRef, normalised: &str) -> bool {
        self.claim(r).is_some_and(|(article, claim)| normalised_sentence(article.text.get(claim.span.start..claim.span.end).unwrap_or_default()) == normalised)
    }

    /// The claim a [`ClaimRef`] points to, with its article.
    pub fn claim(&self, r: ClaimRef) -> Option<(&Article, &analysis::Claim)> {
        let article = self.articles.get(r.article as usize)?;
        Some((article, article.analysis.claims.get(r.claim as usize)?))
    }

    /// Reads every `.txt`, `.md` and `.html` file of a folder (sorted by name), with metadata
    /// from a `manifest.json` beside them when there is one. HTML is read natively only: the
    /// wasm engine loads compiled corpora and never sees a folder.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_dir(dir: &Path) -> Result<Self, CorpusError> {
        let io = |path: &Path, e: std::io::Error| CorpusError::Io { path: path.display().to_string(), message: e.to_string() };
        let manifest = read_manifest(dir)?;
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| Format::of(p).is_some())
            .collect();
        paths.sort();
        let mut articles = Vec::with_capacity(paths.len());
        // Ids seen so far: a set, since looking through the articles for each new one made a
        // folder of 100,000 take minutes.
        let mut ids = std::collections::HashSet::new();
        for path in paths {
            let size = std::fs::metadata(&path).map_err(|e| io(&path, e))?.len();
            if size > MAX_ARTICLE_BYTES {
                return Err(CorpusError::TooLarge { path: path.display().to_string(), bytes: size });
            }
            let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
            let raw = String::from_utf8(bytes).map_err(|_| CorpusError::NotText { path: path.display().to_string() })?;
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
            let id = path.file_stem().and_then(|f| f.to_str()).unwrap_or_default().to_string();
            if !ids.insert(id.clone()) {
                return Err(CorpusError::DuplicateId { path: path.display().to_string(), id });
            }
            let mut meta = manifest.get(&file).cloned().unwrap_or_default();
            meta.id = id;
            let text = match Format::of(&path) {
                Some(Format::Markdown) => formats::markdown_to_text(&raw),
                Some(Format::Html) => {
                    let page = formats::html_to_text(&raw);
                    if meta.title.is_none() {
                        meta.title = page.title;
                    }
                    page.text
                }
                _ => raw,
            };
            let article = Article::from_raw(meta, &text);
            if article.text.trim().is_empty() {
                return Err(CorpusError::NoBody { path: path.display().to_string() });
            }
            articles.push(article);
        }
        if articles.is_empty() {
            return Err(CorpusError::Empty { path: dir.display().to_string() });
        }
        Ok(Corpus::new(articles))
    }

    /// Encodes the corpus into the compiled file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        Corpus::encode(&self.articles)
    }

    /// Encodes articles into the compiled file format (the current [`FORMAT_VERSION`]).
    pub fn encode(articles: &[Article]) -> Vec<u8> {
        let payload = compact::encode(articles);
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Decodes a compiled corpus file and indexes it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        Corpus::decode(bytes).map(Corpus::new)
    }

    /// Decodes a compiled corpus file into its articles, checking magic, version, length and
    /// checksum first and every span after. Files of an older format version are migrated.
    pub fn decode(bytes: &[u8]) -> Result<Vec<Article>, CorpusError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(CorpusError::NotACorpus);
        }
        if bytes.len() < HEADER_LEN {
            return Err(CorpusError::Truncated { expected: HEADER_LEN, actual: bytes.len() });
        }
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let version = u32_at(8);
        if !(OLDEST_READABLE_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(CorpusError::UnsupportedVersion { found: version });
        }
        let mut len_bytes = [0u8; 8];
        len_bytes.copy_from_slice(&bytes[12..20]);
        let len = u64::from_le_bytes(len_bytes);
        let payload = &bytes[HEADER_LEN..];
        if (payload.len() as u64) != len {
            let expected = usize::try_from(len).unwrap_or(usize::MAX).saturating_add(HEADER_LEN);
            return Err(CorpusError::Truncated { expected, actual: bytes.len() });
        }
        if checksum::hash(payload) != u32_at(20) {
            return Err(CorpusError::Checksum);
        }
        make_room(payload.len().saturating_mul(if version >= 4 { 12 } else { 5 }));
        let payload_error = |e: postcard::Error| CorpusError::Payload(e.to_string());
        let articles: Vec<Article> = match version {
            2 => {
                let old: PayloadV2 = postcard::from_bytes(payload).map_err(payload_error)?;
                old.articles.into_iter().map(Article::from).collect()
            }
            3 => {
                let old: PayloadV3 = postcard::from_bytes(payload).map_err(payload_error)?;
                old.articles
            }
            _ => compact::decode(payload).map_err(CorpusError::Payload)?,
        };
        for article in &articles {
            article.check().map_err(|m| CorpusError::Payload(format!("article {:?}: {m}", article.meta.id)))?;
        }
        Ok(articles)
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

/// Makes room for about `bytes` of decoded corpus in one step. In wasm the allocator grows the
/// memory only as far as each allocation needs, 64 KB at a time for small ones, and V8 makes
/// every growth costly (it accounts for the memory anew and may collect garbage): loading a
/// file of 10,000 articles grew it thousands of times and took twice as long. One large block,
/// allocated and freed at once, grows it once; the allocator then carves the many small blocks
/// out of it. (A reader's articles loaded one record at a time need no such help: each growth
/// serves a few dozen of them.)
fn make_room(bytes: usize) {
    #[cfg(target_arch = "wasm32")]
    {
        let mut block: Vec<u8> = Vec::new();
        // Failure only means no room was made: the decoding then grows the memory as it goes.
        let _ = block.try_reserve_exact(bytes);
        // The block must really be allocated, not optimised away as unused.
        std::hint::black_box(&mut block);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = bytes;
}

/// The article formats a corpus folder may hold, by file extension.
#[cfg(not(target_arch = "wasm32"))]
enum Format {
    Text,
    Markdown,
    Html,
}

#[cfg(not(target_arch = "wasm32"))]
impl Format {
    fn of(path: &Path) -> Option<Format> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("txt") => Some(Format::Text),
            Some("md" | "markdown") => Some(Format::Markdown),
            Some("html" | "htm") => Some(Format::Html),
            _ => None,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
struct ManifestFile {
    articles: Vec<ManifestEntry>,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
struct ManifestEntry {
    file: String,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

#[cfg(not(target_arch = "wasm32"))]
fn read_manifest(dir: &Path) -> Result<HashMap<String, ArticleMeta>, CorpusError> {
    let path = dir.join("manifest.json");
    let Ok(bytes) = std::fs::read(&path) else { return Ok(HashMap::default()) };
    let parsed: ManifestFile = serde_json::from_slice(&bytes)
        .map_err(|e| CorpusError::Manifest { path: path.display().to_string(), message: e.to_string() })?;
    Ok(parsed
        .articles
        .into_iter()
        .map(|e| {
            let meta = ArticleMeta { id: String::new(), title: e.title, outlet: e.outlet, url: e.url, published: e.published, added: None };
            (e.file, meta)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Corpus {
        let meta = ArticleMeta { id: "a".into(), published: Some("2023-10-19".into()), ..Default::default() };
        Corpus::new(vec![Article::from_raw(meta, "Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday.")])
    }

    /// `Corpus::push` indexes the terms of `claims::index_terms` without building them.
    #[test]
    fn index_terms_are_claims_index_terms() {
        let corpus = Corpus::from_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds"))).unwrap();
        let mut index = bm25::Index::new(Vec::<Vec<String>>::new());
        for article in &corpus.articles {
            for claim in &article.analysis.claims {
                index.add(crate::claims::index_terms(claim, &article.analysis.entities));
            }
        }
        assert!(index == corpus.index);
    }

    #[test]
    fn sentence_keys_are_keys_of_normalised_sentences() {
        let fnv = |s: &str| s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3));
        for s in ["Sergei Lavrov met Kim Jong-Un.", "“Türkiye’s” ÉLAN, 1,200 — İstanbul ß", ""] {
            assert_eq!(sentence_key(s), fnv(&normalised_sentence(s)), "{s}");
        }
        assert_eq!(sentence_key("Kim met Lavrov."), sentence_key("kim  MET lavrov"));
        assert_ne!(sentence_key("Kim met Lavrov."), sentence_key("Lavrov met Kim."));
    }

    #[test]
    fn round_trips_through_bytes() {
        let corpus = small();
        let back = Corpus::from_bytes(&corpus.to_bytes()).unwrap();
        assert_eq!(back.articles, corpus.articles);
        assert_eq!(back.index.document_frequency("@sergei lavrov"), 1);
    }

    #[test]
    fn checksummed_files_with_impossible_spans_are_refused() {
        let mut corpus = small();
        corpus.articles[0].analysis.entities[0].span = Span::new(0, 10_000);
        let bytes = corpus.to_bytes();
        let err = Corpus::from_bytes(&bytes).unwrap_err().to_string();
        assert!(err.contains("outside its text"), "{err}");
    }

    #[test]
    fn damaged_files_are_refused_with_reasons() {
        let bytes = small().to_bytes();
        assert_eq!(Corpus::from_bytes(b"").unwrap_err(), CorpusError::NotACorpus);
        assert_eq!(Corpus::from_bytes(b"hello world, not a corpus").unwrap_err(), CorpusError::NotACorpus);
        assert!(matches!(Corpus::from_bytes(&bytes[..bytes.len() - 3]).unwrap_err(), CorpusError::Truncated { .. }));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x55;
        assert_eq!(Corpus::from_bytes(&flipped).unwrap_err(), CorpusError::Checksum);
        let mut old = bytes.clone();
        old[8] = 99;
        assert_eq!(Corpus::from_bytes(&old).unwrap_err(), CorpusError::UnsupportedVersion { found: 99 });
        old[8] = 1;
        assert_eq!(Corpus::from_bytes(&old).unwrap_err(), CorpusError::UnsupportedVersion { found: 1 });
    }

    /// testdata/corpus-b-v2.clc was written by the release before format version 3 (with
    /// `claimlens corpus build testdata/corpus-b`); a reader's corpus saved then must still load.
    #[test]
    fn version_2_files_are_migrated() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/corpus-b-v2.clc")).unwrap();
        assert_eq!(u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]), 2);
        let old = Corpus::from_bytes(&bytes).unwrap();
        let fresh = Corpus::from_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/corpus-b"))).unwrap();
        assert_eq!(old.articles, fresh.articles);
        // Written back, it is a file of the current version that reads the same.
        let again = Corpus::from_bytes(&old.to_bytes()).unwrap();
        assert_eq!(again.articles, fresh.articles);
        assert_eq!(again.to_bytes()[8], FORMAT_VERSION as u8);
    }

    /// testdata/corpus-b-v3.clc was written by the release before format version 4 (the same
    /// folder, the same command): it reads as the version 2 file does, and written back in the
    /// compact format it reads the same again.
    #[test]
    fn version_3_files_are_migrated() {
        let read = |name: &str| std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata").join(name)).unwrap();
        let bytes = read("corpus-b-v3.clc");
        assert_eq!(u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]), 3);
        let v3 = Corpus::decode(&bytes).unwrap();
        assert_eq!(v3, Corpus::decode(&read("corpus-b-v2.clc")).unwrap());
        let v4 = Corpus::encode(&v3);
        assert_eq!(v4[8], 4);
        assert_eq!(Corpus::decode(&v4).unwrap(), v3);
        assert!(v4.len() * 2 < bytes.len(), "{} bytes in version 4 against {} in version 3", v4.len(), bytes.len());
    }
}
