//! The corpus: articles read from a folder, compiled once into a compact checksummed file, and
//! loaded by the engine with an index from entities to the sentences that mention them.
//!
//! File layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `CLMNCORP` |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 8 | payload length |
//! | 4 | CRC-32 of the payload |
//! | n | payload: [`postcard`] encoding of the articles with their analyses |

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::{self, Analysis};
use crate::boilerplate;

/// Bumped whenever the payload's shape changes; older files are refused with a clear message.
pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"CLMNCORP";
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
}

impl ArticleMeta {
    pub fn published_date(&self) -> Option<NaiveDate> {
        self.published.as_deref().and_then(|d| crate::time::parse_iso_date(d))
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
    Empty { path: String },
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
            CorpusError::Empty { path } => write!(f, "{path}: no articles found"),
            CorpusError::NotACorpus => write!(f, "not a ClaimLens corpus file (bad magic bytes)"),
            CorpusError::Truncated { expected, actual } => {
                write!(f, "corpus file is truncated: expected {expected} bytes, found {actual}")
            }
            CorpusError::UnsupportedVersion { found } => write!(
                f,
                "corpus file has format version {found}; this engine reads version {FORMAT_VERSION}: rebuild it with `claimlens corpus build`"
            ),
            CorpusError::Checksum => write!(f, "corpus file is corrupted (checksum mismatch)"),
            CorpusError::Payload(m) => write!(f, "corpus file is corrupted: {m}"),
        }
    }
}

impl std::error::Error for CorpusError {}

/// Where a sentence lives: article index and sentence index within that article's claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClaimRef {
    pub article: u32,
    pub claim: u32,
}

/// A loaded corpus with its entity index.
#[derive(Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Entity id -> the corpus claims that mention it.
    pub by_entity: HashMap<String, Vec<ClaimRef>>,
    /// First or last word of a multi-word entity id -> those ids, to find spelling variants
    /// ("choe con hui" for "choe son hui") and full names of short mentions ("lavrov").
    pub by_name_part: HashMap<String, Vec<String>>,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    articles: Vec<Article>,
}

impl Corpus {
    pub fn new(articles: Vec<Article>) -> Self {
        let mut by_entity: HashMap<String, Vec<ClaimRef>> = HashMap::new();
        for (a, article) in articles.iter().enumerate() {
            for (c, claim) in article.analysis.claims.iter().enumerate() {
                let here = ClaimRef { article: a as u32, claim: c as u32 };
                for &e in &claim.entities {
                    let Some(entity) = article.analysis.entities.get(e as usize) else { continue };
                    let refs = by_entity.entry(entity.id.clone()).or_default();
                    if refs.last() != Some(&here) {
                        refs.push(here);
                    }
                }
            }
        }
        let mut by_name_part: HashMap<String, Vec<String>> = HashMap::new();
        for id in by_entity.keys() {
            let words: Vec<&str> = id.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            for part in [words[0], words[words.len() - 1]] {
                let ids = by_name_part.entry(part.to_string()).or_default();
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
        for ids in by_name_part.values_mut() {
            ids.sort(); // HashMap order is random; links must be deterministic
        }
        Corpus { articles, by_entity, by_name_part }
    }

    /// Reads every `.txt` and `.md` file of a folder (sorted by name), with metadata from a
    /// `manifest.json` beside them when there is one.
    pub fn from_dir(dir: &Path) -> Result<Self, CorpusError> {
        let io = |path: &Path, e: std::io::Error| CorpusError::Io { path: path.display().to_string(), message: e.to_string() };
        let manifest = read_manifest(dir)?;
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
            .collect();
        paths.sort();
        let mut articles = Vec::with_capacity(paths.len());
        for path in paths {
            let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
            let raw = String::from_utf8(bytes).map_err(|_| CorpusError::NotText { path: path.display().to_string() })?;
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_string();
            let id = path.file_stem().and_then(|f| f.to_str()).unwrap_or_default().to_string();
            let mut meta = manifest.get(&file).cloned().unwrap_or_default();
            meta.id = id;
            articles.push(Article::from_raw(meta, &raw));
        }
        if articles.is_empty() {
            return Err(CorpusError::Empty { path: dir.display().to_string() });
        }
        Ok(Corpus::new(articles))
    }

    /// Encodes the corpus into the compiled file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let payload = postcard::to_stdvec(&PayloadRef { articles: &self.articles }).unwrap_or_default();
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    /// Decodes a compiled corpus file, checking magic, version, length and checksum first.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CorpusError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(CorpusError::NotACorpus);
        }
        if bytes.len() < HEADER_LEN {
            return Err(CorpusError::Truncated { expected: HEADER_LEN, actual: bytes.len() });
        }
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let version = u32_at(8);
        if version != FORMAT_VERSION {
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
        if crc32fast::hash(payload) != u32_at(20) {
            return Err(CorpusError::Checksum);
        }
        let decoded: Payload = postcard::from_bytes(payload).map_err(|e| CorpusError::Payload(e.to_string()))?;
        Ok(Corpus::new(decoded.articles))
    }

    pub fn article_index(&self, id: &str) -> Option<usize> {
        self.articles.iter().position(|a| a.meta.id == id)
    }
}

#[derive(Serialize)]
struct PayloadRef<'a> {
    articles: &'a [Article],
}

#[derive(Deserialize)]
struct ManifestFile {
    articles: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    file: String,
    title: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
    published: Option<String>,
}

fn read_manifest(dir: &Path) -> Result<HashMap<String, ArticleMeta>, CorpusError> {
    let path = dir.join("manifest.json");
    let Ok(bytes) = std::fs::read(&path) else { return Ok(HashMap::new()) };
    let parsed: ManifestFile = serde_json::from_slice(&bytes)
        .map_err(|e| CorpusError::Manifest { path: path.display().to_string(), message: e.to_string() })?;
    Ok(parsed
        .articles
        .into_iter()
        .map(|e| {
            let meta = ArticleMeta { id: String::new(), title: e.title, outlet: e.outlet, url: e.url, published: e.published };
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

    #[test]
    fn round_trips_through_bytes() {
        let corpus = small();
        let back = Corpus::from_bytes(&corpus.to_bytes()).unwrap();
        assert_eq!(back.articles, corpus.articles);
        assert!(back.by_entity.contains_key("sergei lavrov"));
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
    }
}
