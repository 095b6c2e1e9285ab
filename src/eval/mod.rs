//! Accuracy measurement against annotated news: CoNLL-style NER and TimeML TIMEX3.
//!
//! Scoring follows the published conventions so figures compare with other systems: NER at
//! entity level with exact span and type (conlleval); TIMEX the TempEval-3 way (strict and
//! relaxed span F1, and value F1 over relaxed matches).

pub mod ner;
pub mod timex;

/// Precision, recall and F1 from counts. Matches are counted on each side, because with
/// overlap matching one prediction can cover two gold expressions (or the reverse).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Score {
    /// Predictions that match a gold item.
    pub matched_predicted: usize,
    /// Gold items matched by a prediction.
    pub matched_gold: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Score {
    /// A score where matching is one-to-one (exact spans).
    pub fn exact(matched: usize, predicted: usize, gold: usize) -> Self {
        Score { matched_predicted: matched, matched_gold: matched, predicted, gold }
    }

    pub fn precision(&self) -> f64 {
        ratio(self.matched_predicted, self.predicted)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.matched_gold, self.gold)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: Score) {
        self.matched_predicted += other.matched_predicted;
        self.matched_gold += other.matched_gold;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
