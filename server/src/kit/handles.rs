//! Short names for long values, for display: a hash prefix for a secret (tells two apart, cannot
//! be replayed), a cut for an identifier that is no secret, and bytes as hex. Plus the one
//! conversion of an elapsed time to the microseconds the trace shows.

use std::time::Instant;

use blake2::{Blake2b512, Digest};

/// Bytes as lower-case hex, written into one string (no allocation per byte).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    text
}

/// A short, non-reversible handle of a secret: the first `bytes` bytes of its BLAKE2b hash, in
/// hex. Enough to tell two apart, useless to replay.
pub fn hashed(secret: &[u8], bytes: usize) -> String {
    let digest = Blake2b512::digest(secret);
    hex(&digest[..bytes.min(digest.len())])
}

/// The first 8 characters of an identifier that is no secret (a `jti`, a family id), with an
/// ellipsis when it was longer.
pub fn short(id: &str) -> String {
    let head: String = id.chars().take(8).collect();
    if id.chars().count() > 8 {
        format!("{head}…")
    } else {
        head
    }
}

/// Microseconds since `started`, as the trace shows them.
pub fn micros_since(started: Instant) -> u64 {
    started.elapsed().as_micros().min(u64::MAX as u128) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_two_lower_case_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn hashed_handles_are_short_stable_and_differ() {
        let a = hashed(b"secret one", 5);
        assert_eq!(a.len(), 10);
        assert_eq!(a, hashed(b"secret one", 5));
        assert_ne!(a, hashed(b"secret two", 5));
        assert!(!a.contains("secret"));
        assert_eq!(hashed(b"x", 4).len(), 8);
    }

    #[test]
    fn short_handles_cut_long_ids() {
        assert_eq!(short("0123456789abcdef"), "01234567…");
        assert_eq!(short("abc"), "abc");
    }
}
