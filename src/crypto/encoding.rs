//! WeChat's base64 rules, and the 16-byte iv and whole-block ciphertext
//! checks made while decoding.
//!
//! Base64 rules: the standard alphabet, padding optional. A space is read as
//! `+` (a query or form decoder turned `+` into a space: the most common cause
//! of "decrypt failed" reports); CR and LF are skipped; anything else outside
//! the alphabet is [`ErrorKind::Base64`].

use crate::prelude::*;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, FieldProblem, Result};

/// The `base64` crate's standard engine, configured for what WeChat and
/// form decoders hand over: padding may be there or not, stray low bits in
/// the last symbol are ignored. Encoding is canonical (padded).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Decodes base64 by the rules above. `field` names the argument in errors.
pub fn decode_base64(text: &str, field: &'static str) -> Result<Vec<u8>> {
    let bad = || {
        Error::field(
            ErrorKind::Base64,
            field,
            FieldProblem::Invalid("not base64"),
        )
    };
    // Clean text (the usual case) decodes in one pass; only text that fails
    // and has a space, CR or LF is repaired and tried again (WeChat's
    // leniencies). None of the three is in the alphabet, so text with one
    // never decodes as it is.
    if let Ok(bytes) = BASE64.decode(text) {
        return Ok(bytes);
    }
    if !text.bytes().any(|b| matches!(b, b' ' | b'\r' | b'\n')) {
        return Err(bad());
    }
    let repaired = Zeroizing::new(
        text.chars()
            .filter(|c| !matches!(c, '\r' | '\n'))
            .map(|c| if c == ' ' { '+' } else { c })
            .collect::<String>(),
    );
    BASE64.decode(repaired.as_bytes()).map_err(|_| bad())
}

/// Encodes bytes as canonical base64 (standard alphabet, padded).
pub fn encode_base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

fn block16(bytes: &[u8], kind: ErrorKind, field: &'static str) -> Result<[u8; 16]> {
    <[u8; 16]>::try_from(bytes).map_err(|_| {
        Error::field(
            kind,
            field,
            FieldProblem::Invalid("must decode to 16 bytes"),
        )
    })
}

/// Reads a base64 iv of exactly 16 bytes (field `iv`).
pub fn decode_iv(text: &str) -> Result<[u8; 16]> {
    decode_16(text, "iv", ErrorKind::IvLength)
}

/// Base64 that must decode to 16 bytes (a key or an iv); the decoded
/// copy is zeroed afterwards.
pub(super) fn decode_16(text: &str, field: &'static str, length: ErrorKind) -> Result<[u8; 16]> {
    let bytes = Zeroizing::new(decode_base64(text, field)?);
    block16(&bytes, length, field)
}

/// Reads base64 ciphertext and checks it is a non-empty multiple of 16 bytes
/// (field `encryptedData`).
pub fn decode_ciphertext(text: &str) -> Result<Vec<u8>> {
    let bytes = decode_base64(text, "encryptedData")?;
    if bytes.is_empty() || bytes.len() % 16 != 0 {
        return Err(Error::field(
            ErrorKind::CiphertextLength,
            "encryptedData",
            FieldProblem::Invalid("must be a non-empty multiple of 16 bytes"),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_read_as_plus_and_newlines_are_skipped() {
        let clean = decode_base64("a+b/cw==", "x").unwrap();
        assert_eq!(decode_base64("a b/cw==", "x").unwrap(), clean);
        assert_eq!(decode_base64("a+b/\r\ncw==", "x").unwrap(), clean);
        assert_eq!(decode_base64("a+b/cw", "x").unwrap(), clean);
    }

    #[test]
    fn other_characters_are_base64_errors() {
        for bad in ["a-b_cw==", "a+b/c*==", "é", "a\tb/cw=="] {
            let err = decode_base64(bad, "iv").unwrap_err();
            assert_eq!(err.code(), "ERR_BASE64", "{bad:?}");
            assert_eq!(err.field_name(), Some("iv"));
        }
    }
}
