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
    annotate_with_seeds(&text);
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

/// The whole annotate call with the bundled corpus, as the extension makes it.
fn annotate_with_seeds(text: &str) {
    let corpus = claimlens::corpus::Corpus::from_dir(std::path::Path::new("corpus/seeds")).expect("seed corpus");
    let engine = claimlens::engine::Engine::new(corpus);
    let t = Instant::now();
    let out = engine.annotate(text, &claimlens::engine::AnnotateOptions::default());
    println!("annotate with seeds: {:.1} ms, {} claims", t.elapsed().as_secs_f64() * 1e3, out.claims.len());
}
