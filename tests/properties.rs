//! Property tests of the promises the DOM side relies on (issue 7): whatever the text, every
//! span lies on character boundaries and inside the text, UTF-16 offsets convert back to the
//! same text, and the lists the highlighter wraps are sorted and do not overlap.

use claimlens::analysis::analyse;
use claimlens::corpus::{Article, ArticleMeta, Corpus};
use claimlens::engine::{AnnotateOptions, Engine};
use claimlens::text::{sentences, Span};
use proptest::prelude::*;

/// Text that looks like news often enough to exercise the taggers, with odd Unicode mixed in:
/// right-to-left script, combining marks, zero-width characters, emoji, quotes of every kind.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Sergei Lavrov", "met", "Kim Jong-Un", "in", "Pyongyang", "on Thursday", "Sept. 7", "Oct. 1",
        "over \"1,000 containers\"", "the U.S.", "said", ".", ",", "\n", "«", "»", "’s", "é", "e\u{301}",
        "\u{200b}", "\u{200d}", "😀", "👩‍👩‍👧", "مرحبا", "שלום", "\u{202e}", "2016", "$4.7 billion", "LONDON --",
        "  ", "\t", "Choe Son-hui", "TASS", "“", "”", "…", "Dr.", "A.", "-", "—",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.join(" "))
}

fn check_spans(text: &str, spans: &[Span], ordered: bool) -> Result<(), TestCaseError> {
    for s in spans {
        prop_assert!(s.start <= s.end && s.end <= text.len(), "span {:?} outside text of {} bytes", s, text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {:?} splits a character", s);
    }
    if ordered {
        for pair in spans.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "spans {:?} and {:?} overlap or are out of order", pair[0], pair[1]);
        }
    }
    Ok(())
}

fn utf16_slice(units: &[u16], start: usize, end: usize) -> String {
    String::from_utf16_lossy(&units[start..end])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn analysis_spans_are_on_boundaries_and_ordered(text in newsy_text()) {
        let a = analyse(&text, None);
        check_spans(&text, &a.sentences, true)?;
        check_spans(&text, &a.entities.iter().map(|e| e.span).collect::<Vec<_>>(), true)?;
        check_spans(&text, &a.times.iter().map(|t| t.span).collect::<Vec<_>>(), true)?;
        check_spans(&text, &a.quantities.iter().map(|q| q.span).collect::<Vec<_>>(), false)?;
        check_spans(&text, &a.claims.iter().map(|c| c.span).collect::<Vec<_>>(), true)?;
    }

    #[test]
    fn arbitrary_strings_never_break_the_engine(text in any::<String>()) {
        let a = analyse(&text, None);
        check_spans(&text, &a.sentences, true)?;
        check_spans(&text, &a.entities.iter().map(|e| e.span).collect::<Vec<_>>(), true)?;
    }

    #[test]
    fn utf16_offsets_round_trip(text in newsy_text()) {
        let meta = ArticleMeta { id: "wire".into(), published: Some("2023-10-19".into()), ..Default::default() };
        let corpus = Corpus::new(vec![Article::from_raw(meta, "Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday. Choe Son Hui met Lavrov.")]);
        let engine = Engine::new(corpus);
        let out = engine.annotate(&text, &AnnotateOptions::default());
        let units: Vec<u16> = text.encode_utf16().collect();
        for e in &out.entities {
            prop_assert!(e.start <= e.end && e.end <= units.len());
            prop_assert_eq!(utf16_slice(&units, e.start, e.end), e.text.clone());
        }
        for t in &out.times {
            prop_assert_eq!(utf16_slice(&units, t.start, t.end), t.text.clone());
        }
        for c in &out.claims {
            prop_assert_eq!(utf16_slice(&units, c.start, c.end), c.text.clone());
        }
    }

    #[test]
    fn sentences_cover_only_text(text in newsy_text()) {
        for s in sentences(&text) {
            prop_assert!(!s.of(&text).trim().is_empty());
            prop_assert_eq!(s.of(&text).trim(), s.of(&text));
        }
    }

    #[test]
    fn corpus_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Corpus::from_bytes(&bytes);
        let mut framed = b"CLMNCORP".to_vec();
        framed.extend_from_slice(&bytes);
        let _ = Corpus::from_bytes(&framed);
    }
}
