//! Native timing of linking a page against a compiled corpus:
//! `cargo run --release --example corpus_query CORPUS.clc PAGE.txt [REPEATS [OUT.json]]`.
//!
//! Prints the load time, then the annotate time with and without the corpus, and the linking
//! cost per claim (the difference divided by the page's claims), as `./build.sh bench` reports
//! it in wasm. Under `valgrind --tool=callgrind` it shows where linking spends its time.
use std::time::Instant;

use claimlens::engine::{AnnotateOptions, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(corpus), Some(page)) = (args.next(), args.next()) else { return eprintln!("usage: corpus_query CORPUS.clc PAGE.txt [REPEATS]") };
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let bytes = std::fs::read(&corpus).unwrap_or_default();
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let t = Instant::now();
    let engine = match Engine::from_corpus_bytes(&bytes) {
        Ok(e) => e,
        Err(e) => return eprintln!("error: {e}"),
    };
    println!("{} articles, {} bytes, loaded in {:.1} ms", engine.corpus().articles.len(), bytes.len(), t.elapsed().as_secs_f64() * 1e3);
    let options = AnnotateOptions { published: Some("2023-10-19".into()), ..Default::default() };
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..repeats {
        let t = Instant::now();
        out = Some(engine.annotate(&text, &options));
        best = best.min(t.elapsed().as_secs_f64());
    }
    let out = out.unwrap_or_default();
    let plain = Engine::default();
    let mut alone = f64::MAX;
    for _ in 0..repeats {
        let t = Instant::now();
        let _ = plain.annotate(&text, &options);
        alone = alone.min(t.elapsed().as_secs_f64());
    }
    if let Some(path) = args.next() {
        let _ = std::fs::write(path, serde_json::to_string(&out).unwrap_or_default());
    }
    let claims = out.claims.len().max(1);
    let linked = out.claims.iter().filter(|c| !c.links.is_empty()).count();
    let links: usize = out.claims.iter().map(|c| c.links.len()).sum();
    println!(
        "annotate {:.1} ms (alone {:.1} ms): {claims} claims, {linked} linked, {links} links; {:.3} ms per claim",
        best * 1e3,
        alone * 1e3,
        (best - alone) * 1e3 / claims as f64
    );
}
