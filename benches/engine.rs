//! Native throughput of the whole pipeline, in words per second (criterion `Throughput::Elements`).
//!
//! ```text
//! cargo bench --bench engine                  # everything
//! cargo bench --bench engine -- analyse/100k  # one case
//! ```
//!
//! Two functions on two document sizes (5,000 and 100,000 words):
//! - `analyse`: [`claimlens::analysis::analyse`], the engine alone (sentences, names, time,
//!   numbers, claims), no corpus;
//! - `annotate`: [`Engine::annotate`] with the five seed articles as corpus, which adds linking
//!   and the output structure with UTF-16 offsets that the CLI and the wasm bindings return.
//!
//! The documents recombine paragraphs of real news: the seeds (`corpus/seeds/`) and, when
//! present beside the repository, the TimeML news texts of `../shared/data/timeml-aquaint/`
//! (research use only: read here to measure, never shipped). The browser-side figures, in wasm
//! under V8, come from `./build.sh bench` (bench/, docs/benchmarks.md); this bench shows what
//! the same code does natively, so the two can be compared.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use claimlens::analysis;
use claimlens::corpus::Corpus;
use claimlens::engine::{AnnotateOptions, Engine};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};

const SIZES: [(&str, usize); 2] = [("5k", 5_000), ("100k", 100_000)];
const PUBLISHED: &str = "2023-10-19";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Paragraphs of the real news texts: seed lines, and TimeML `<TEXT>` paragraphs with tags stripped.
fn real_paragraphs() -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut seeds: Vec<PathBuf> = read_dir(&repo().join("corpus/seeds"), "txt");
    seeds.sort();
    for path in seeds {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        paragraphs.extend(text.lines().map(str::trim).filter(|l| l.split_whitespace().count() >= 8).map(String::from));
    }
    let timeml = std::env::var_os("CLAIMLENS_TIMEML_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/data/timeml-aquaint"));
    let mut files = read_dir(&timeml, "tml");
    files.sort();
    if files.is_empty() {
        eprintln!("engine bench: {} not found; using the seeds only", timeml.display());
    }
    for path in files {
        let xml = std::fs::read_to_string(&path).unwrap_or_default();
        let body = xml.split("<TEXT>").nth(1).and_then(|rest| rest.split("</TEXT>").next()).unwrap_or("");
        for paragraph in body.split("\n\n") {
            let plain = decode_xml(&strip_tags(paragraph));
            let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
            if plain.split_whitespace().count() >= 8 {
                paragraphs.push(plain);
            }
        }
    }
    paragraphs
}

fn read_dir(dir: &Path, extension: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == extension)).collect()
        })
        .unwrap_or_default()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode_xml(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// At least `words` words of paragraphs in a shuffled order (a fixed-seed xorshift, so every
/// run reads the same document), reshuffled whenever the pool runs out; blank lines between.
fn document(paragraphs: &[String], words: usize) -> (String, usize) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ words as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::new();
    let mut count = 0;
    let mut order: Vec<usize> = Vec::new();
    while count < words {
        if order.is_empty() {
            order = (0..paragraphs.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, (next() % (i as u64 + 1)) as usize);
            }
        }
        let paragraph = &paragraphs[order.pop().expect("refilled above")];
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(paragraph);
        count += paragraph.split_whitespace().count();
    }
    (out, count)
}

fn bench_engine(c: &mut Criterion) {
    let paragraphs = real_paragraphs();
    assert!(!paragraphs.is_empty(), "no source text found under corpus/seeds");
    let published = NaiveDate::parse_from_str(PUBLISHED, "%Y-%m-%d").ok();
    let corpus = Corpus::from_dir(&repo().join("corpus/seeds")).expect("the seed corpus loads");
    let engine = Engine::new(corpus);
    let options = AnnotateOptions { published: Some(PUBLISHED.to_string()), ..Default::default() };
    let documents: Vec<(&str, String, usize)> = SIZES
        .iter()
        .map(|&(name, words)| {
            let (text, count) = document(&paragraphs, words);
            (name, text, count)
        })
        .collect();

    let mut group = c.benchmark_group("analyse");
    for (name, text, words) in &documents {
        configure(&mut group, *words);
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| analysis::analyse(std::hint::black_box(text), published))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("annotate");
    for (name, text, words) in &documents {
        configure(&mut group, *words);
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| engine.annotate(std::hint::black_box(text), &options))
        });
    }
    group.finish();
}

/// The big document takes a large part of a second per pass: criterion's minimum of 10 samples,
/// one pass each (flat sampling, as criterion advises for long routines), in a window wide
/// enough for 10 passes at 40k words/s. The small one: 30 samples in 5 s.
fn configure(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, words: usize) {
    group.throughput(Throughput::Elements(words as u64));
    if words >= 50_000 {
        group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(25)).warm_up_time(Duration::from_secs(2));
    } else {
        group.sampling_mode(SamplingMode::Auto).sample_size(30).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    }
}

criterion_group!(benches, bench_engine);
criterion_main!(benches);
