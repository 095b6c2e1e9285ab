//! The CRC-32 (IEEE, as in gzip and PNG) of a corpus file's payload.
//!
//! Natively this is `crc32fast`, which uses the CPU's carry-less multiply where it can. In wasm
//! `crc32fast` falls back to a slice-by-16 loop over a 16 kB static table, and a table of
//! checksums is data gzip cannot shrink: it was 16 kB of the module's gzipped size. The wasm
//! build runs the same slice-by-16 loop over a table it computes on first use (about 4,000
//! table steps, once), so it checks a file as fast and ships no table.

use std::sync::OnceLock;

/// The checksum of `bytes`.
pub fn hash(bytes: &[u8]) -> u32 {
    #[cfg(not(target_arch = "wasm32"))]
    return crc32fast::hash(bytes);
    #[cfg(target_arch = "wasm32")]
    return sliced(bytes);
}

/// The reversed IEEE polynomial.
const POLY: u32 = 0xEDB8_8320;

/// `TABLES[0][b]` is the CRC of the byte `b`; `TABLES[k][b]` is that CRC carried through `k`
/// zero bytes more, so that 16 bytes are folded in with 16 independent lookups.
type Tables = [[u32; 256]; 16];

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 16]);
        for b in 0..256 {
            let mut crc = b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 { crc >> 1 ^ POLY } else { crc >> 1 };
            }
            t[0][b] = crc;
        }
        for k in 1..16 {
            for b in 0..256 {
                let prev = t[k - 1][b];
                t[k][b] = prev >> 8 ^ t[0][(prev & 0xFF) as usize];
            }
        }
        t
    })
}

/// CRC-32 sixteen bytes at a time, then byte by byte (natively only its test calls it).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn sliced(bytes: &[u8]) -> u32 {
    let t = tables();
    let mut crc = !0u32;
    let mut chunks = bytes.chunks_exact(16);
    for c in &mut chunks {
        let low = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        crc = t[15][(low & 0xFF) as usize] ^ t[14][(low >> 8 & 0xFF) as usize] ^ t[13][(low >> 16 & 0xFF) as usize] ^ t[12][(low >> 24) as usize];
        for (k, &b) in c[4..].iter().enumerate() {
            crc ^= t[11 - k][b as usize];
        }
    }
    for &b in chunks.remainder() {
        crc = t[0][((crc ^ u32::from(b)) & 0xFF) as usize] ^ crc >> 8;
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wasm_loop_agrees_with_crc32fast() {
        assert_eq!(sliced(b"123456789"), 0xCBF4_3926);
        // Every length around the 16-byte steps, over bytes that are not all alike.
        let bytes: Vec<u8> = (0u32..300).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for len in 0..bytes.len() {
            assert_eq!(sliced(&bytes[..len]), crc32fast::hash(&bytes[..len]), "length {len}");
        }
    }
}
