//! Generates the accent-folding table that `src/names.rs` uses for canonical name keys.
//!
//! Keys drop accents by decomposing each character (Unicode NFD) and keeping its letters and
//! digits: "é" -> "e", "Ł" stays "Ł" (it has no decomposition). Shipping unicode-normalization
//! in the wasm for that cost about 100 kB of tables; every decomposable character folds to at
//! most one letter, so the table written here pairs each such character with that letter (or
//! with nothing, or with the few letters it keeps), about 2,000 pairs. Hangul syllables are left to the arithmetic in names.rs.

use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

/// Marks a fold into more than one character (an index into `FOLD_MULTI`).
const MULTI: u32 = 0x8000_0000;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut rows = String::new();
    let mut multi = String::new();
    let (mut count, mut multi_count) = (0, 0);
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
        if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
            continue;
        }
        let decomposed: Vec<char> = std::iter::once(c).nfd().collect();
        if decomposed == [c] {
            continue;
        }
        let kept: Vec<char> = decomposed.into_iter().filter(|k| k.is_alphanumeric()).collect();
        // A few characters keep a mark that Unicode counts as a letter ("آ": alef + madda).
        let folded = match kept.as_slice() {
            [] => 0,
            [one] => *one as u32,
            more => {
                writeln!(multi, "    {:?},", more.iter().collect::<String>()).expect("writing to a String");
                multi_count += 1;
                MULTI | (multi_count - 1)
            }
        };
        writeln!(rows, "    (0x{:X}, 0x{folded:X}),", c as u32).expect("writing to a String");
        count += 1;
    }
    let source = format!(
        "/// Each decomposable character (Unicode NFD) with the one letter or digit it keeps, 0 for\n\
         /// none, or `MULTI | i` for the letters `FOLD_MULTI[i]`.\n\
         static FOLD: [(u32, u32); {count}] = [\n{rows}];\n\
         const MULTI: u32 = 0x{MULTI:X};\n\
         static FOLD_MULTI: [&str; {multi_count}] = [\n{multi}];\n"
    );
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("fold.rs");
    std::fs::write(out, source).expect("write the fold table");
}
