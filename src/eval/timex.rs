//! TIMEX3 evaluation on TimeML `.tml` files, the TempEval-3 way.
//!
//! The text inside `<TEXT>` is recovered with every tag removed, the gold TIMEX3 spans are
//! recorded as byte ranges of that text, and the document creation time (the TIMEX3 with
//! `functionInDocument="CREATION_TIME"`) anchors the engine's relative values.

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

use super::Score;
use crate::text::{self, Span};
use crate::time;

/// A gold time expression.
#[derive(Debug, PartialEq)]
pub struct GoldTimex {
    pub span: Span,
    pub value: String,
}

/// One TimeML document.
#[derive(Debug, Default)]
pub struct Document {
    pub text: String,
    pub creation: Option<NaiveDate>,
    pub timexes: Vec<GoldTimex>,
}

/// Strict, relaxed and value scores.
#[derive(Debug, Default)]
pub struct Report {
    pub strict: Score,
    pub relaxed: Score,
    pub value: Score,
    pub documents: usize,
}

/// Parses a TimeML document.
pub fn parse(xml: &str) -> Result<Document, String> {
    let mut reader = Reader::from_str(xml);
    let mut doc = Document::default();
    let mut in_text = false;
    let mut open: Option<(usize, String)> = None;
    loop {
        match reader.read_event().map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))? {
            Event::Start(e) => match e.name().as_ref() {
                b"TEXT" => in_text = true,
                b"TIMEX3" => {
                    let mut value = String::new();
                    let mut creation = false;
                    for attr in e.attributes().flatten() {
                        let v = attr.unescape_value().map(|v| v.into_owned()).unwrap_or_default();
                        match attr.key.as_ref() {
                            b"value" => value = v,
                            b"functionInDocument" => creation = v == "CREATION_TIME",
                            _ => {}
                        }
                    }
                    if creation {
                        doc.creation = NaiveDate::parse_from_str(value.get(..10).unwrap_or(&value), "%Y-%m-%d").ok();
                    }
                    if in_text {
                        open = Some((doc.text.len(), value));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"TEXT" => in_text = false,
                b"TIMEX3" => {
                    if let Some((start, value)) = open.take() {
                        doc.timexes.push(GoldTimex { span: Span::new(start, doc.text.len()), value });
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.decode().map_err(|e| e.to_string())?;
                let unescaped = quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?;
                doc.text.push_str(&unescaped);
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().map_err(|e| e.to_string())?;
                doc.text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => " ",
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(doc)
}

/// Scores the engine on documents.
pub fn evaluate(docs: &[Document]) -> Report {
    let mut report = Report { documents: docs.len(), ..Default::default() };
    for doc in docs {
        let sentences = text::sentences(&doc.text);
        let found = time::find(&doc.text, &sentences, doc.creation);
        let gold = &doc.timexes;
        let count = |matches: &dyn Fn(&GoldTimex, &time::TimeExpr) -> bool| Score {
            matched_predicted: found.iter().filter(|f| gold.iter().any(|g| matches(g, f))).count(),
            matched_gold: gold.iter().filter(|g| found.iter().any(|f| matches(g, f))).count(),
            predicted: found.len(),
            gold: gold.len(),
        };
        report.strict.add(count(&|g, f| g.span == f.span));
        report.relaxed.add(count(&|g, f| g.span.overlaps(f.span)));
        report.value.add(count(&|g, f| g.span.overlaps(f.span) && g.value == f.value));
    }
    report
}

/// Lines describing each miss, spurious match and wrong value of one document, for tuning.
pub fn errors(doc: &Document) -> Vec<String> {
    let sentences = text::sentences(&doc.text);
    let found = time::find(&doc.text, &sentences, doc.creation);
    let mut out = Vec::new();
    for g in &doc.timexes {
        match found.iter().find(|f| f.span.overlaps(g.span)) {
            None => out.push(format!("missed   {:?} = {}", g.span.of(&doc.text), g.value)),
            Some(f) if f.value != g.value || f.span != g.span => {
                out.push(format!("differs  {:?} = {} | engine {:?} = {}", g.span.of(&doc.text), g.value, f.span.of(&doc.text), f.value))
            }
            Some(_) => {}
        }
    }
    for f in found.iter().filter(|f| !doc.timexes.iter().any(|g| g.span.overlaps(f.span))) {
        out.push(format!("spurious {:?} = {}", f.span.of(&doc.text), f.value));
    }
    out
}

/// The report as printed by `claimlens eval timex`, ending with the one-line summary.
pub fn format_report(report: &Report) -> String {
    let mut out = format!("documents: {}\n", report.documents);
    out.push_str("score    precision  recall  f1      gold  predicted\n");
    for (name, s) in [("strict", report.strict), ("relaxed", report.relaxed), ("value", report.value)] {
        out.push_str(&format!("{name:<8} {:<10.3} {:<7.3} {:<7.3} {:<5} {}\n", s.precision(), s.recall(), s.f1(), s.gold, s.predicted));
    }
    out.push_str(&format!(
        "timex relaxed_f1={:.3} strict_f1={:.3} value_f1={:.3}\n",
        report.relaxed.f1(),
        report.strict.f1(),
        report.value.f1()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="TIME" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>Bombs <EVENT eid="e1">exploded</EVENT> outside the embassies <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3, killing dozens &amp; more.</TEXT></TimeML>"#;

    #[test]
    fn parses_text_spans_and_creation_time() {
        let fixed = SAMPLE.replace("</TIMEX3,", "</TIMEX3>,");
        let doc = parse(&fixed).unwrap();
        assert_eq!(doc.creation, NaiveDate::from_ymd_opt(1998, 8, 7));
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].span.of(&doc.text), "Friday");
        assert!(doc.text.ends_with("dozens & more."));
        let report = evaluate(&[doc]);
        assert_eq!((report.strict.matched_gold, report.value.matched_gold), (1, 1));
    }
}
