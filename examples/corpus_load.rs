//! Native timing of loading a compiled corpus: `cargo run --release --example corpus_load FILE`.
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else { return eprintln!("usage: corpus_load FILE") };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let t = Instant::now();
    match claimlens::corpus::Corpus::from_bytes(&bytes) {
        Ok(c) => println!("{} articles, {} bytes, loaded in {:.1} ms", c.articles.len(), bytes.len(), t.elapsed().as_secs_f64() * 1e3),
        Err(e) => println!("error: {e}"),
    }
}
