//! Quick native throughput check: `cargo run --release --example throughput FILE...`.
use std::time::Instant;

fn main() {
    let mut text = String::new();
    for path in std::env::args().skip(1) {
        text.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        text.push('\n');
    }
    let words = text.split_whitespace().count();
    for _ in 0..2 {
        let t = Instant::now();
        let a = claimlens::analysis::analyse(&text, None);
        let s = t.elapsed().as_secs_f64();
        println!("{words} words in {:.1} ms: {:.0} words/s ({} entities, {} times, {} claims)", s * 1e3, words as f64 / s, a.entities.len(), a.times.len(), a.claims.len());
    }
    let sentences = claimlens::text::sentences(&text);
    let t = Instant::now();
    let _ = claimlens::time::find(&text, &sentences, None);
    println!("time::find {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let _ = claimlens::entities::find(&text, &sentences);
    println!("entities::find {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let _ = claimlens::quantities::find(&text);
    println!("quantities::find {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let t = Instant::now();
    let _ = claimlens::text::sentences(&text);
    println!("sentences {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}
