//! Standard-alphabet base64, as WeChat writes it: a few hundred bytes of
//! wasm where the `base64` crate's general engine takes six kilobytes, for
//! strings of at most a few kilobytes.
//!
//! Decoding is lenient in exactly the way of the `base64` crate's standard
//! engine with padding "indifferent" and trailing bits allowed (that crate
//! is the oracle in `tests/properties.rs`): `=` padding may be there or not,
//! but only at the end of the last group of four and after at least two
//! symbols; a last group of one symbol is an error; stray low bits in the
//! last symbol are ignored. Encoding is canonical: padded.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Marks a byte outside the alphabet in [`SYMBOLS`].
const INVALID: u8 = 0xFF;

/// Each byte's 6-bit value, or [`INVALID`].
#[allow(clippy::indexing_slicing)] // i < 64, and a byte indexes 256 entries
const SYMBOLS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

fn symbol(byte: u8) -> Option<u32> {
    match SYMBOLS.get(usize::from(byte)) {
        Some(&v) if v != INVALID => Some(u32::from(v)),
        _ => None,
    }
}

/// The largest number of bytes `len` base64 characters can decode to.
pub(crate) const fn decoded_len_bound(len: usize) -> usize {
    len / 4 * 3 + 3
}

/// Decodes `input` into `out`, which must have room for
/// [`decoded_len_bound`] bytes; returns how many were written, or `None` if
/// `input` is not base64 by the rules above (or `out` is too small).
pub(crate) fn decode_into(input: &[u8], out: &mut [u8]) -> Option<usize> {
    let rem = input.len() % 4;
    // Every complete group but the last (which may hold padding) is plain.
    let body = input.len() - rem - if rem == 0 { input.len().min(4) } else { 0 };
    let (quads, tail) = input.split_at(body);
    let mut written = 0;
    let mut slots = out.iter_mut();
    let mut emit = |byte: u8| -> Option<()> {
        *slots.next()? = byte;
        written += 1;
        Some(())
    };
    for quad in quads.chunks_exact(4) {
        let mut n = 0u32;
        for &b in quad {
            n = n << 6 | symbol(b)?;
        }
        emit((n >> 16) as u8)?;
        emit((n >> 8) as u8)?;
        emit(n as u8)?;
    }
    let mut n = 0u32;
    let mut symbols = 0usize;
    let mut padding = false;
    for (i, &b) in tail.iter().enumerate() {
        if b == b'=' {
            if i < 2 {
                return None;
            }
            padding = true;
            continue;
        }
        if padding {
            return None;
        }
        n = n << 6 | symbol(b)?;
        symbols += 1;
    }
    if !tail.is_empty() && symbols < 2 {
        return None;
    }
    if symbols > 0 {
        // Left-align the 6-bit symbols read, then emit the whole bytes they hold.
        n <<= 32 - 6 * symbols as u32;
        for _ in 0..symbols * 6 / 8 {
            emit((n >> 24) as u8)?;
            n <<= 8;
        }
    }
    Some(written)
}

/// Decodes `input` by the rules above.
pub(crate) fn decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; decoded_len_bound(input.len())];
    let len = decode_into(input, &mut out)?;
    out.truncate(len);
    Some(out)
}

/// Encodes `bytes`, padded.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let char_of = |n: u32| char::from(ALPHABET.get((n & 63) as usize).copied().unwrap_or(b'A'));
    for chunk in bytes.chunks(3) {
        let [a, b, c] = match *chunk {
            [a, b, c] => [a, b, c],
            [a, b] => [a, b, 0],
            [a] => [a, 0, 0],
            _ => [0, 0, 0],
        };
        let n = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
        out.push(char_of(n >> 18));
        out.push(char_of(n >> 12));
        out.push(if chunk.len() > 1 {
            char_of(n >> 6)
        } else {
            '='
        });
        out.push(if chunk.len() > 2 { char_of(n) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answers() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(decode(b"Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(decode(b"Zm8=").unwrap(), b"fo");
        assert_eq!(decode(b"Zm8").unwrap(), b"fo");
        assert_eq!(decode(b"Zg").unwrap(), b"f");
        assert_eq!(decode(b"Zh==").unwrap(), b"f", "trailing bits are ignored");
        assert_eq!(decode(b"").unwrap(), b"");
    }

    #[test]
    fn malformed_is_refused() {
        for bad in [
            &b"Z"[..],
            b"Zm9vY",
            b"Z===",
            b"=Zm8",
            b"Zm=8",
            b"Zm8==Zm8",
            b"Zm9v=",
            b"Zm9*",
            b"Zm 8",
        ] {
            assert_eq!(decode(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
