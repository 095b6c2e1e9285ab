//! NER evaluation on CoNLL-2003-format files: `token TAG` per line, IOB1 or IOB2 tags over
//! PER/ORG/LOC/MISC, documents separated by `-DOCSTART-`.
//!
//! Each document's tokens are joined back into running text (no space before closing
//! punctuation or after opening brackets, a line break where the file has a blank line between
//! sentences, as a page shows its headline, dateline and paragraphs on lines of their own), the
//! engine tags that text, and its entities are mapped back onto token indices and compared with
//! the gold chunks by exact span and type.

use std::collections::{BTreeMap, HashSet};

use super::Score;
use crate::entities::{self, EntityKind};
use crate::text;

/// A document: tokens and their gold tags.
#[derive(Debug, Default)]
pub struct Document {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
    /// Indices of the tokens that open a sentence after a blank line.
    pub line_starts: HashSet<usize>,
}

/// A typed chunk of tokens `start..end`.
type Chunk = (usize, usize, &'static str);

/// Per-type and overall scores.
#[derive(Debug, Default)]
pub struct Report {
    pub by_type: BTreeMap<&'static str, Score>,
    pub overall: Score,
}

/// Parses CoNLL text. A blank line ends a sentence; other lines with fewer than two fields are
/// ignored; the tag is the last field.
pub fn parse(input: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut doc = Document::default();
    let mut new_line = false;
    for line in input.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() == Some(&"-DOCSTART-") {
            if !doc.tokens.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if fields.is_empty() {
            new_line = true;
            continue;
        }
        if fields.len() < 2 {
            continue;
        }
        if std::mem::take(&mut new_line) && !doc.tokens.is_empty() {
            doc.line_starts.insert(doc.tokens.len());
        }
        doc.tokens.push(fields[0].to_string());
        doc.tags.push(fields[fields.len() - 1].to_string());
    }
    if !doc.tokens.is_empty() {
        docs.push(doc);
    }
    docs
}

fn conll_type(tag: &str) -> Option<&'static str> {
    match tag.get(2..)? {
        "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" => Some("LOC"),
        "MISC" => Some("MISC"),
        _ => None,
    }
}

/// Gold chunks from IOB1/IOB2 tags: a chunk starts at `B-`, or at `I-` after a different type.
pub fn gold_chunks(tags: &[String]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut open: Option<(usize, &'static str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let kind = conll_type(tag);
        let begins = tag.starts_with("B-") || (kind.is_some() && open.map(|(_, k)| Some(k) != kind).unwrap_or(true));
        if let Some((start, k)) = open {
            if kind.is_none() || begins {
                chunks.push((start, i, k));
                open = None;
            }
        }
        if let Some(k) = kind {
            if open.is_none() {
                open = Some((i, k));
            }
        }
    }
    if let Some((start, k)) = open {
        chunks.push((start, tags.len(), k));
    }
    chunks
}

/// Joins tokens into text the way a news page would print them, each of `line_starts` opening
/// a new line; returns the text and each token's byte start.
pub fn detokenize(tokens: &[String], line_starts: &HashSet<usize>) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(tokens.len());
    let mut glue_next = false;
    for (i, tok) in tokens.iter().enumerate() {
        let closing = matches!(tok.as_str(), "," | "." | ";" | ":" | ")" | "]" | "?" | "!" | "%" | "'s" | "n't" | "'")
            || tok.starts_with('\'') && tok.len() <= 3;
        if !text.is_empty() && line_starts.contains(&i) {
            text.push('\n');
        } else if !text.is_empty() && !closing && !glue_next {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(tok);
        glue_next = matches!(tok.as_str(), "(" | "[" | "$");
    }
    (text, starts)
}

fn engine_type(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Org => "ORG",
        EntityKind::Place => "LOC",
        EntityKind::Misc => "MISC",
    }
}

/// The engine's chunks for a document, as token ranges.
pub fn predicted_chunks(doc: &Document) -> Vec<Chunk> {
    let (text, starts) = detokenize(&doc.tokens, &doc.line_starts);
    let sentences = text::sentences(&text);
    let found = entities::find(&text, &sentences);
    let token_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
    found
        .iter()
        .map(|e| (token_at(e.span.start), token_at(e.span.end.saturating_sub(1)) + 1, engine_type(e.kind)))
        .collect()
}

/// Scores the engine on parsed documents.
pub fn evaluate(docs: &[Document]) -> Report {
    let mut report = Report::default();
    for doc in docs {
        let gold: HashSet<Chunk> = gold_chunks(&doc.tags).into_iter().collect();
        let predicted: HashSet<Chunk> = predicted_chunks(doc).into_iter().collect();
        for kind in ["PER", "ORG", "LOC", "MISC"] {
            let g: HashSet<_> = gold.iter().filter(|c| c.2 == kind).collect();
            let p: HashSet<_> = predicted.iter().filter(|c| c.2 == kind).collect();
            let score = Score::exact(g.intersection(&p).count(), p.len(), g.len());
            report.by_type.entry(kind).or_default().add(score);
            report.overall.add(score);
        }
    }
    report
}

/// Lines describing each missed and spurious chunk of one document, for tuning.
pub fn errors(doc: &Document) -> Vec<String> {
    let gold: HashSet<Chunk> = gold_chunks(&doc.tags).into_iter().collect();
    let predicted: HashSet<Chunk> = predicted_chunks(doc).into_iter().collect();
    let words = |c: &Chunk| doc.tokens[c.0..c.1.min(doc.tokens.len())].join(" ");
    let mut out: Vec<(usize, String)> = Vec::new();
    for c in gold.difference(&predicted) {
        out.push((c.0, format!("missed   {:<4} {}", c.2, words(c))));
    }
    for c in predicted.difference(&gold) {
        out.push((c.0, format!("spurious {:<4} {}", c.2, words(c))));
    }
    out.sort();
    out.into_iter().map(|(_, s)| s).collect()
}

/// The report as printed by `claimlens eval ner`, ending with the one-line summary.
pub fn format_report(report: &Report) -> String {
    let mut out = String::from("type  precision  recall  f1      gold  predicted\n");
    for (kind, s) in &report.by_type {
        out.push_str(&format!("{kind:<5} {:<10.3} {:<7.3} {:<7.3} {:<5} {}\n", s.precision(), s.recall(), s.f1(), s.gold, s.predicted));
    }
    let s = report.overall;
    out.push_str(&format!("ner f1={:.3} precision={:.3} recall={:.3}\n", s.f1(), s.precision(), s.recall()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_and_iob2_chunks() {
        let tags: Vec<String> = ["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "B-ORG", "I-ORG"].iter().map(|s| s.to_string()).collect();
        assert_eq!(gold_chunks(&tags), vec![(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 7, "ORG")]);
    }

    #[test]
    fn blank_lines_become_line_breaks() {
        let docs = parse("-DOCSTART- O\n\nTALKS I-MISC\nEND O\n\nBERLIN I-LOC\n1996-08-30 O\n");
        let (text, starts) = detokenize(&docs[0].tokens, &docs[0].line_starts);
        assert_eq!(text, "TALKS END\nBERLIN 1996-08-30");
        assert_eq!(starts, vec![0, 6, 10, 17]);
    }

    #[test]
    fn scores_a_small_document() {
        let input = "-DOCSTART- O\n\nSergei I-PER\nLavrov I-PER\nmet O\nKim I-PER\nJong I-PER\nUn I-PER\nin O\nPyongyang I-LOC\n. O\n";
        let report = evaluate(&parse(input));
        assert_eq!(report.overall.gold, 3);
        assert_eq!(report.overall.matched_gold, 3, "{}", format_report(&report));
    }
}
