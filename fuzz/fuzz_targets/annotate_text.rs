//! Arbitrary UTF-8 through the whole annotation path, against a small real corpus.
#![no_main]

use std::sync::OnceLock;

use claimlens::corpus::{Article, ArticleMeta, Corpus};
use claimlens::engine::{AnnotateOptions, Engine};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let meta = ArticleMeta { id: "wire".into(), published: Some("2023-10-19".into()), ..Default::default() };
        let text = "Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday. The meeting lasted over an hour. \
                    Choe Son Hui said North Korea sent over 1,000 containers between Sept. 7 and Oct. 1.";
        Engine::new(Corpus::new(vec![Article::from_raw(meta, text)]))
    })
}

fuzz_target!(|text: &str| {
    let options = AnnotateOptions { published: Some("2025-04-26".into()), exclude: Vec::new() };
    let _ = engine().annotate(text, &options);
});
