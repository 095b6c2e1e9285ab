//! Generates the accent-folding table that `src/names.rs` uses for canonical name keys.
//!
//! Keys drop accents by decomposing each character (Unicode NFD) and keeping its letters and
//! digits: "é" -> "e", "Ł" stays "Ł" (it has no decomposition). Shipping unicode-normalization
//! in the wasm for that cost about 100 kB of tables; every decomposable character folds to at
//! most one letter, so the table written here pairs each such character with that letter (or
//! with nothing, or with the few letters it keeps), about 2,000 pairs. Hangul syllables are left to the arithmetic in names.rs.
//!
//! The pairs are written packed (`fold.bin`, read by `names::fold_table`): first the step from
//! each character to the next, then the change of the folded value from one pair to the next,
//! each a LEB128 varint (the change zigzag-encoded). Most steps and changes are small, so this
//! is 5 kB where an array of `(u32, u32)` was 16 kB, and gzips to 2.8 kB instead of 7.9 kB.

use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

/// Marks a fold into more than one character (an index into `FOLD_MULTI`).
const MULTI: u32 = 0x8000_0000;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut pairs: Vec<(u32, u32)> = Vec::new();
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
        pairs.push((c as u32, folded));
        count += 1;
    }
    let mut packed = Vec::new();
    let mut previous = 0;
    for &(c, _) in &pairs {
        varint(&mut packed, c - previous);
        previous = c;
    }
    let mut previous = 0u32;
    for &(_, folded) in &pairs {
        let change = folded.wrapping_sub(previous) as i32;
        varint(&mut packed, ((change << 1) ^ (change >> 31)) as u32);
        previous = folded;
    }
    let source = format!(
        "/// Each decomposable character (Unicode NFD) with the one letter or digit it keeps, 0 for\n\
         /// none, or `MULTI | i` for the letters `FOLD_MULTI[i]`: {count} pairs, packed.\n\
         static FOLD_PACKED: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/fold.bin\"));\n\
         const FOLD_LEN: usize = {count};\n\
         const MULTI: u32 = 0x{MULTI:X};\n\
         static FOLD_MULTI: [&str; {multi_count}] = [\n{multi}];\n"
    );
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("fold.rs"), source).expect("write the fold table");
    std::fs::write(out.join("fold.bin"), packed).expect("write the fold table");
}

/// Appends `n` as a LEB128 varint: seven bits a byte, low bits first, the high bit set on all
/// but the last byte.
fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}
