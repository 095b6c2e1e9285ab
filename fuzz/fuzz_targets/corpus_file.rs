//! Loading a compiled corpus file: arbitrary bytes as they are, and the same bytes framed with
//! a valid header and checksum so the decoder and the span checks behind it are reached; then
//! a page is annotated against whatever loaded.
#![no_main]

use claimlens::corpus::{Corpus, FORMAT_VERSION};
use claimlens::engine::{AnnotateOptions, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = Corpus::from_bytes(data);
    let mut framed = b"CLMNCORP".to_vec();
    framed.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    framed.extend_from_slice(&(data.len() as u64).to_le_bytes());
    framed.extend_from_slice(&crc32fast::hash(data).to_le_bytes());
    framed.extend_from_slice(data);
    if let Ok(corpus) = Corpus::from_bytes(&framed) {
        let engine = Engine::new(corpus);
        let _ = engine.annotate("Sergei Lavrov met Kim Jong Un in Pyongyang on Thursday.", &AnnotateOptions::default());
    }
});
