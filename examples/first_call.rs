//! How much a first call pays for lazy set-up: `cargo run --release --example first_call`.
use std::time::Instant;

fn main() {
    let text = "Russian Foreign Minister Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday, 12 days after over 1,000 containers arrived.";
    for label in ["first", "second"] {
        let t = Instant::now();
        let a = claimlens::analysis::analyse(text, None);
        println!("{label} call: {:.2} ms ({} entities)", t.elapsed().as_secs_f64() * 1e3, a.entities.len());
    }
}
