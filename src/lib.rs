//! ClaimLens: reads a news article, finds the people, organisations, places, dates and claims
//! in it, and links each claim to the articles of a local corpus that mention the same things.
//!
//! The engine is plain Rust and knows nothing of the DOM or of WebAssembly:
//!
//! - [`text`]: spans, sentences, tokens, UTF-16 offsets;
//! - [`entities`] with [`lexicon`] and [`names`]: named entities and their canonical ids;
//! - [`time`]: dates and durations with TIMEX3 values; [`quantities`]: numbers with hedges;
//! - [`analysis`]: one document read end to end; [`claims`]: its check-worthy sentences and
//!   their slots (who, what, when, where, how many, attribution, certainty);
//! - [`boilerplate`], [`formats`], [`corpus`]: articles in (text, Markdown, HTML), compiled
//!   corpus files out and back; [`bm25`]: the claim index;
//! - [`link`] with [`compare`]: page claims linked to corpus claims that corroborate them,
//!   conflict with them, or report another occasion;
//! - [`engine`]: the API the CLI and the wasm bindings share.
//!
//! ```
//! use claimlens::corpus::{Article, ArticleMeta, Corpus};
//! use claimlens::engine::{AnnotateOptions, Engine};
//! use claimlens::link::Relation;
//!
//! let meta = ArticleMeta { id: "wire".into(), ..Default::default() };
//! let corpus = Corpus::new(vec![Article::from_raw(meta, "Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday.")]);
//! let engine = Engine::new(corpus);
//! let result = engine.annotate("Kim Jong Un met Sergey Lavrov in Pyongyang on Friday.", &AnnotateOptions::default());
//! let link = &result.claims[0].links[0];
//! assert_eq!(link.article, "wire");
//! assert_eq!(link.relation, Relation::Conflicts);
//! assert_eq!(link.differences[0].slot, "weekday");
//! ```

pub mod analysis;
pub mod bm25;
pub mod boilerplate;
pub mod claims;
pub mod compare;
pub mod corpus;
pub mod engine;
pub mod entities;
#[cfg(not(target_arch = "wasm32"))]
pub mod eval;
pub mod formats;
pub mod lexicon;
pub mod link;
pub mod names;
pub mod quantities;
pub mod scan;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
mod wasm;
