//! One entity, many spellings: canonical keys and the comparison of name variants.
//!
//! A key folds away what never distinguishes two names in news text: case, accents, hyphens
//! versus spaces ("Kim Jong-Un" / "Kim Jong Un") and the common Russian transliteration pair
//! "-ey"/"-ei" ("Sergey" / "Sergei"). Differences that may be real ("Choe Con Hui" / "Choe Son
//! Hui") are not folded: [`spelling_variant`] recognises them so they can be reported.

use unicode_normalization::UnicodeNormalization;

/// The canonical key of a name: lower case, accents removed, words separated by single spaces.
pub fn canonical_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‑' | '–' | '.' | '\'' | '’')) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let folded: String = word.nfd().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        match folded.strip_suffix("ey") {
            Some(stem) if stem.len() >= 3 => {
                out.push_str(stem);
                out.push_str("ei");
            }
            _ => out.push_str(&folded),
        }
    }
    out
}

/// Whether two different keys are probably the same name spelled differently: the same number
/// of words, the same family name (first or last word), and the other words close
/// (Jaro-Winkler ≥ 0.8 and at most two edits apart), e.g. "choe con hui" / "choe son hui".
pub fn spelling_variant(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let wa: Vec<&str> = a.split(' ').collect();
    let wb: Vec<&str> = b.split(' ').collect();
    if wa.len() != wb.len() || wa.len() < 2 {
        return false;
    }
    let same_family = wa[0] == wb[0] || wa[wa.len() - 1] == wb[wb.len() - 1];
    same_family
        && wa.iter().zip(&wb).all(|(x, y)| {
            x == y || (strsim::jaro_winkler(x, y) >= 0.8 && strsim::levenshtein(x, y) <= 2) || (strsim::levenshtein(x, y) <= 1 && x.len() >= 3)
        })
}

/// Whether `short` is a shortened mention of the full name `full` ("lavrov" of "sergei lavrov").
pub fn abbreviates(short: &str, full: &str) -> bool {
    !short.contains(' ') && full.split(' ').count() >= 2 && full.split(' ').any(|w| w == short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_hyphens_accents_and_transliteration() {
        assert_eq!(canonical_key("Kim Jong-Un"), canonical_key("Kim Jong Un"));
        assert_eq!(canonical_key("Choe Son-hui"), canonical_key("Choe Son Hui"));
        assert_eq!(canonical_key("Sergey Lavrov"), canonical_key("Sergei Lavrov"));
        assert_eq!(canonical_key("Türkiye"), "turkiye");
        assert_ne!(canonical_key("Choe Con Hui"), canonical_key("Choe Son Hui"));
    }

    #[test]
    fn spelling_variants_are_recognised() {
        assert!(spelling_variant("choe con hui", "choe son hui"));
        assert!(!spelling_variant("kim jong un", "kim il sung"));
        assert!(!spelling_variant("vladimir putin", "sergei lavrov"));
    }

    #[test]
    fn short_forms() {
        assert!(abbreviates("lavrov", "sergei lavrov"));
        assert!(abbreviates("kim", "kim jong un"));
        assert!(!abbreviates("lavrov", "lavrov"));
    }
}
