//! Prints every time expression and quantity the engine finds in the given files, one per
//! line, so two engine builds can be compared: `cargo run --release --example dump_times FILE...`.
fn main() {
    let date = chrono::NaiveDate::from_ymd_opt(2023, 10, 19);
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let sentences = claimlens::text::sentences(&text);
        for published in [None, date] {
            for t in claimlens::time::find(&text, &sentences, published) {
                println!("T {path} {:?} {}..{} {:?} {} {:?}", published, t.span.start, t.span.end, t.kind, t.value, t.modifier);
            }
        }
        for q in claimlens::quantities::find(&text) {
            println!("Q {path} {}..{} {} {:?} {:?} {}", q.span.start, q.span.end, q.value, q.unit, q.hedge, q.vague);
        }
    }
}
