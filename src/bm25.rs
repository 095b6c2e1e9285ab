//! Okapi BM25 retrieval over short documents (here: corpus claims) described by bags of terms.
//!
//! The index is an inverted list per term. A query walks only the lists of its own terms, so its
//! cost grows with how many documents share its terms, not with the corpus size. Terms found in
//! a large share of the corpus are skipped past a floor: like stop words they say little about
//! which claim is meant, and their lists are the long ones that would make a query slow.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use foldhash::HashMap;

/// BM25's term-frequency saturation and length normalisation, the usual defaults.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A term is skipped in queries when it occurs in more than this share of all documents…
const COMMON_SHARE: f32 = 0.02;
/// …and in more than this many documents (small corpora keep every term).
const COMMON_FLOOR: usize = 1000;

/// An inverted index from terms to the documents (numbered from 0) that hold them.
#[derive(Debug, Default, PartialEq)]
pub struct Index {
    /// Term -> its number: the position of its list in `postings`.
    terms: HashMap<String, u32>,
    postings: Vec<Vec<(u32, u16)>>,
    /// Every document's term numbers in the order they were added, document `k`'s ending at
    /// `ends[k]`: what linking needs of a candidate (its terms' weights, which terms it shares
    /// with the page claim) without hashing its terms again.
    document_terms: Vec<u32>,
    ends: Vec<u32>,
    lengths: Vec<u16>,
    /// Sum of `lengths`, kept so that adding a document updates the average in O(1).
    total_length: u64,
    average_length: f32,
}

impl Index {
    /// Builds the index; document `k` is the `k`-th bag of terms.
    pub fn new<I, D>(documents: I) -> Self
    where
        I: IntoIterator<Item = D>,
        D: IntoIterator<Item = String>,
    {
        let mut index = Index { average_length: 1.0, ..Index::default() };
        for terms in documents {
            index.add(terms);
        }
        index
    }

    /// Appends one document (numbered `len()` before the call). Costs only the document's own
    /// terms: the lists it joins grow at their end, nothing else is touched, so a corpus grows
    /// one article at a time without a rebuild.
    pub fn add<D: IntoIterator<Item = String>>(&mut self, terms: D) -> u32 {
        let terms: Vec<String> = terms.into_iter().collect();
        self.add_terms(terms.iter().map(String::as_str))
    }

    /// [`Index::add`] for borrowed terms: a term the index already has costs no allocation.
    pub fn add_terms<'t, D: IntoIterator<Item = &'t str>>(&mut self, terms: D) -> u32 {
        let doc = self.lengths.len() as u32;
        let mut length: u16 = 0;
        for term in terms {
            length = length.saturating_add(1);
            let number = match self.terms.get(term) {
                Some(&n) => n,
                None => {
                    let n = self.postings.len() as u32;
                    self.terms.insert(term.to_string(), n);
                    self.postings.push(Vec::new());
                    n
                }
            };
            self.document_terms.push(number);
            let Some(list) = self.postings.get_mut(number as usize) else { continue };
            match list.last_mut() {
                Some((d, tf)) if *d == doc => *tf = tf.saturating_add(1),
                _ => list.push((doc, 1)),
            }
        }
        self.ends.push(self.document_terms.len() as u32);
        self.lengths.push(length);
        self.total_length += u64::from(length);
        self.average_length = (self.total_length as f32 / self.lengths.len() as f32).max(1.0);
        doc
    }

    fn list(&self, term: &str) -> Option<&Vec<(u32, u16)>> {
        self.terms.get(term).and_then(|&n| self.postings.get(n as usize))
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// How many documents hold `term`.
    pub fn document_frequency(&self, term: &str) -> usize {
        self.list(term).map_or(0, Vec::len)
    }

    /// The inverse document frequency of `term` (BM25's, never negative).
    pub fn idf(&self, term: &str) -> f32 {
        self.idf_of_frequency(self.document_frequency(term))
    }

    /// [`Index::idf`] of the term numbered `number` ([`Index::term_number`]).
    pub fn idf_of(&self, number: u32) -> f32 {
        self.idf_of_frequency(self.postings.get(number as usize).map_or(0, Vec::len))
    }

    fn idf_of_frequency(&self, frequency: usize) -> f32 {
        let n = frequency as f32;
        ((self.len() as f32 - n + 0.5) / (n + 0.5) + 1.0).ln()
    }

    /// The number of `term` in the index, if a document holds it.
    pub fn term_number(&self, term: &str) -> Option<u32> {
        self.terms.get(term).copied()
    }

    /// Document `doc`'s term numbers, in the order they were added (repeats included).
    pub fn document_terms(&self, doc: u32) -> &[u32] {
        let end = self.ends.get(doc as usize).map_or(0, |&e| e as usize);
        let start = doc.checked_sub(1).and_then(|d| self.ends.get(d as usize)).map_or(0, |&e| e as usize);
        self.document_terms.get(start..end).unwrap_or_default()
    }

    /// The `limit` best documents for `terms` that `wanted` accepts, best first, with their
    /// scores. `scratch` is reused across queries so a page with many claims allocates once.
    pub fn search<T: AsRef<str>>(&self, terms: &[T], limit: usize, wanted: &dyn Fn(u32) -> bool, scratch: &mut Scratch) -> Vec<(u32, f32)> {
        scratch.prepare(self);
        let common = ((self.len() as f32 * COMMON_SHARE) as usize).max(COMMON_FLOOR);
        // Each term once, compared by number: a claim with many names has a hundred terms and
        // more (their other spellings), and comparing strings is slow in wasm.
        let mut seen: Vec<u32> = Vec::with_capacity(terms.len());
        for term in terms {
            let Some(&number) = self.terms.get(term.as_ref()) else { continue };
            if seen.contains(&number) {
                continue;
            }
            seen.push(number);
            let Some(list) = self.postings.get(number as usize) else { continue };
            if list.len() > common {
                continue;
            }
            let idf = self.idf_of_frequency(list.len());
            // `idf * tf * (K1 + 1.0)` when `tf` is 1 (multiplying by 1.0 is exact), once per list.
            let once = idf * (K1 + 1.0);
            for &(doc, tf) in list {
                let Some(d) = scratch.documents.get_mut(doc as usize) else { continue };
                if d.score == 0.0 {
                    scratch.touched.push(doc);
                }
                d.score += if tf == 1 {
                    once / (1.0 + d.norm)
                } else {
                    let tf = f32::from(tf);
                    idf * tf * (K1 + 1.0) / (tf + d.norm)
                };
            }
        }
        // The best `limit` in a heap whose top is the worst kept, so most documents cost one
        // comparison.
        let mut best: BinaryHeap<Hit> = BinaryHeap::with_capacity(limit + 1);
        // Once the heap is full, a document scoring below the worst kept is passed over with one
        // float comparison (scores are positive, so `<` agrees with `Hit`'s order there).
        let mut floor = f32::MIN;
        for &doc in &scratch.touched {
            if limit == 0 {
                break;
            }
            let score = scratch.documents.get(doc as usize).map_or(0.0, |d| d.score);
            if score < floor {
                continue;
            }
            let hit = Hit { doc, score };
            // `wanted` is asked only of a document that would be kept.
            if best.len() < limit {
                if wanted(doc) {
                    best.push(hit);
                }
            } else if let Some(mut worst) = best.peek_mut() {
                if hit < *worst && wanted(doc) {
                    *worst = hit;
                }
            }
            if best.len() == limit {
                floor = best.peek().map_or(f32::MIN, |h| h.score);
            }
        }
        best.into_sorted_vec().into_iter().map(|h| (h.doc, h.score)).collect()
    }
}

/// A scored document, ordered worst last: a lower score, or the same score and a higher
/// document number (so ties rank the same on every run).
#[derive(Clone, Copy, Debug)]
struct Hit {
    doc: u32,
    score: f32,
}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then(self.doc.cmp(&other.doc))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Hit {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Hit {}

/// Score accumulators for [`Index::search`], cleared between queries by resetting only the
/// documents the previous query touched, and each document's BM25 length normalisation,
/// computed once for all the queries of a page (it changes whenever a document is added).
#[derive(Debug, Default)]
pub struct Scratch {
    /// Per document, its score so far and its length normalisation side by side: the walk over a
    /// list reads both at a random place.
    documents: Vec<Accumulator>,
    touched: Vec<u32>,
    norms_average: f32,
}

#[derive(Clone, Copy, Debug, Default)]
struct Accumulator {
    score: f32,
    norm: f32,
}

impl Scratch {
    fn prepare(&mut self, index: &Index) {
        for &d in &self.touched {
            if let Some(a) = self.documents.get_mut(d as usize) {
                a.score = 0.0;
            }
        }
        self.touched.clear();
        let documents = index.len();
        if self.documents.len() != documents || self.norms_average != index.average_length {
            let average = index.average_length;
            self.documents = index.lengths.iter().map(|&l| Accumulator { score: 0.0, norm: K1 * (1.0 - B + B * f32::from(l) / average) }).collect();
            self.norms_average = average;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(words: &str) -> Vec<String> {
        words.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn rare_shared_terms_rank_first() {
        let index = Index::new(vec![bag("lavrov meet kim"), bag("lavrov flower karlov"), bag("putin summit kim")]);
        let mut scratch = Scratch::default();
        let hits = index.search(&bag("karlov flower"), 10, &|_| true, &mut scratch);
        assert_eq!(hits[0].0, 1);
        assert_eq!(hits.len(), 1);
        let hits = index.search(&bag("kim meet"), 10, &|d| d != 2, &mut scratch);
        assert_eq!(hits, vec![(0, hits[0].1)]);
    }

    #[test]
    fn adding_documents_one_by_one_equals_building_at_once() {
        let docs = vec![bag("lavrov meet kim"), bag("lavrov flower karlov"), bag("putin summit kim kim")];
        let built = Index::new(docs.clone());
        let mut grown = Index::new(Vec::<Vec<String>>::new());
        for d in docs {
            grown.add(d);
        }
        assert_eq!(built.terms, grown.terms);
        assert_eq!(built.postings, grown.postings);
        assert_eq!(built.lengths, grown.lengths);
        assert_eq!(built.average_length, grown.average_length);
        assert_eq!(built.document_terms, grown.document_terms);
        assert_eq!(built.ends, grown.ends);
    }

    #[test]
    fn documents_keep_their_terms_in_order() {
        let index = Index::new(vec![bag("lavrov meet kim"), bag("putin summit kim kim"), Vec::new(), bag("meet")]);
        let number = |t: &str| index.term_number(t).unwrap_or(u32::MAX);
        assert_eq!(index.document_terms(0), [number("lavrov"), number("meet"), number("kim")]);
        assert_eq!(index.document_terms(1), [number("putin"), number("summit"), number("kim"), number("kim")]);
        assert!(index.document_terms(2).is_empty());
        assert_eq!(index.document_terms(3), [number("meet")]);
        assert!(index.document_terms(4).is_empty());
        assert_eq!(index.idf_of(number("kim")), index.idf("kim"));
    }
}
