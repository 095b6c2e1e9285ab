//! Arbitrary bytes through the text path, the way a page's broken encoding would arrive
//! (decoded lossily), with an arbitrary publication date string.
#![no_main]

use claimlens::engine::{AnnotateOptions, Engine};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let split = data.first().map_or(0, |&n| (n as usize).min(data.len().saturating_sub(1)));
    let (date, body) = data.get(1..).unwrap_or_default().split_at(split.min(data.len().saturating_sub(1)));
    let text = String::from_utf8_lossy(body);
    let options = AnnotateOptions { published: Some(String::from_utf8_lossy(date).into_owned()), exclude: vec!["x".into()] };
    let _ = Engine::default().annotate(&text, &options);
});
