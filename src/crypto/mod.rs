//! AES-128-CBC/PKCS#7 open and seal, the rawData signature and the
//! session-key HMAC, with WeChat's base64 rules.
//!
//! Base64 rules: the standard alphabet, padding optional. A space is read as
//! `+` (a query or form decoder turned `+` into a space: the most common cause
//! of "decrypt failed" reports); CR and LF are skipped; anything else outside
//! the alphabet is [`ErrorKind::Base64`].

use core::fmt;

use crate::prelude::*;
use aes::cipher::array::Array;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{Error, ErrorKind, FieldProblem, Result};

type Aes128CbcDec = cbc::Decryptor<aes::Aes128>;
type Aes128CbcEnc = cbc::Encryptor<aes::Aes128>;

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
    // Clean text (the usual case) decodes in one pass; only text with a
    // space, CR or LF is repaired first (WeChat's leniencies).
    if !text.bytes().any(|b| matches!(b, b' ' | b'\r' | b'\n')) {
        return BASE64.decode(text).map_err(|_| bad());
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

/// A user's `session_key`: the AES key WeChat seals their data with.
///
/// Its `Debug` is redacted, it has no `Display`, and its bytes are zeroed when
/// it is dropped. It belongs on the developer server only: never send it to
/// the mini program, never log it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SessionKey([u8; 16]);

/// Compared in constant time: how much of two keys agrees is not leaked.
impl PartialEq for SessionKey {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for SessionKey {}

impl SessionKey {
    /// Reads a session key from its base64 text (as `code2Session` returns it).
    ///
    /// Errors: [`ErrorKind::Base64`] or [`ErrorKind::KeyLength`], with field `sessionKey`.
    pub fn from_base64(text: &str) -> Result<Self> {
        decode_16(text, "sessionKey", ErrorKind::KeyLength).map(SessionKey)
    }

    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        SessionKey(bytes)
    }

    /// The raw key bytes.
    ///
    /// Sensitive: anyone holding these can open every payload the user's
    /// current session seals. Do not log, store on a client, or send them.
    pub fn expose_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The key as canonical base64 text (what WeChat sends), for storing it on
    /// the server.
    ///
    /// Sensitive for the same reasons as [`SessionKey::expose_bytes`].
    pub fn expose_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(encode_base64(&self.0))
    }
}

impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey(<redacted>)")
    }
}

/// Reads a base64 iv of exactly 16 bytes (field `iv`).
pub fn decode_iv(text: &str) -> Result<[u8; 16]> {
    decode_16(text, "iv", ErrorKind::IvLength)
}

/// Base64 that must decode to 16 bytes (a key or an iv); the decoded
/// copy is zeroed afterwards.
fn decode_16(text: &str, field: &'static str, length: ErrorKind) -> Result<[u8; 16]> {
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

/// Opens AES-128-CBC/PKCS#7 ciphertext. Any padding fault is
/// [`ErrorKind::DecryptFailed`], the same as every later decrypt fault.
pub fn open(key: &SessionKey, iv: &[u8; 16], ciphertext: &[u8]) -> Result<Vec<u8>> {
    open_owned(key, iv, ciphertext.to_vec())
}

/// [`open`], decrypting in place in a buffer it takes over.
pub fn open_owned(key: &SessionKey, iv: &[u8; 16], mut buf: Vec<u8>) -> Result<Vec<u8>> {
    if buf.is_empty() || !buf.len().is_multiple_of(16) {
        return Err(Error::new(ErrorKind::CiphertextLength));
    }
    decrypt_blocks(key, iv, &mut buf);
    let len = unpadded_len(&buf).ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
    buf.truncate(len);
    Ok(buf)
}

/// AES-128-CBC decryption in place of whole blocks, by RustCrypto's `aes`
/// (AES-NI or ARMv8 where the CPU has them, else its constant-time
/// fixsliced software AES, as in every wasm build).
/// All blocks in one call, so the cipher decrypts as many side by side as
/// its backend can (CBC decryption is parallel; the fixsliced AES takes four
/// blocks for the price of one on 64-bit words, which `aes` 0.9 uses on wasm32
/// too, where i64 arithmetic is native).
fn decrypt_blocks(key: &SessionKey, iv: &[u8; 16], buf: &mut [u8]) {
    let mut cipher = Aes128CbcDec::new(key.expose_bytes().into(), iv.into());
    // Whole blocks (checked by the caller): no remainder.
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    cipher.decrypt_blocks(blocks);
}

/// The length of PKCS#7-padded plaintext without its padding, or `None` if
/// the padding is not valid. Every padding byte is looked at whatever the
/// outcome, so the time depends only on the length.
fn unpadded_len(plain: &[u8]) -> Option<usize> {
    let pad = *plain.last()?;
    let tail = plain.get(plain.len().checked_sub(16)?..)?;
    let mut bad = u8::from(pad == 0 || pad > 16);
    for (i, byte) in tail.iter().rev().enumerate() {
        // Bytes within the padding must equal `pad`; others are ignored.
        let inside = u8::from(i < usize::from(pad));
        bad |= inside & u8::from(*byte != pad);
    }
    (bad == 0).then(|| plain.len() - usize::from(pad))
}

/// Seals plaintext with AES-128-CBC/PKCS#7, as WeChat does.
pub fn seal(key: &SessionKey, iv: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    let len = plaintext.len();
    let pad = 16 - len % 16;
    let mut buf = Vec::with_capacity(len + pad);
    buf.extend_from_slice(plaintext);
    buf.resize(len + pad, pad as u8);
    encrypt_blocks(key, iv, &mut buf);
    buf
}

/// AES-128-CBC encryption in place of whole blocks (see [`decrypt_blocks`]).
fn encrypt_blocks(key: &SessionKey, iv: &[u8; 16], buf: &mut [u8]) {
    let mut cipher = Aes128CbcEnc::new(key.expose_bytes().into(), iv.into());
    let (blocks, _) = Array::slice_as_chunks_mut(buf);
    cipher.encrypt_blocks(blocks);
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let digit = |n: u8| char::from_digit(u32::from(n), 16).unwrap_or('0');
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digit(b >> 4));
        out.push(digit(b & 0x0f));
    }
    out
}

/// The rawData signature WeChat sends with user info: `sha1(rawData + session_key)`, hex.
pub fn raw_data_signature(raw_data: &str, key: &SessionKey) -> String {
    let mut sha = Sha1::new();
    sha.update(raw_data.as_bytes());
    sha.update(key.expose_base64().as_bytes());
    hex(&sha.finalize())
}

/// Checks `signature` against `sha1(rawData + session_key)` in constant time.
/// Upper- or lower-case hex is accepted; anything else is simply `false`.
pub fn verify_signature(raw_data: &str, signature: &str, key: &SessionKey) -> bool {
    let expected = raw_data_signature(raw_data, key);
    let given = signature.to_ascii_lowercase();
    given.len() == expected.len() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// `hmac_sha256(key = session_key text, message = "")`, hex: the `signature`
/// that `/wxa/checksession` asks for. The key is the base64 text, not the bytes.
pub fn session_key_signature(key: &SessionKey) -> String {
    let text = key.expose_base64();
    // HMAC accepts keys of any length, so this cannot fail.
    let mac = match Hmac::<sha2::Sha256>::new_from_slice(text.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    hex(&mac.finalize().into_bytes())
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

    #[test]
    fn session_key_debug_is_redacted() {
        let key = SessionKey::from_bytes([7; 16]);
        assert_eq!(format!("{key:?}"), "SessionKey(<redacted>)");
    }

    #[test]
    fn seal_then_open() {
        let key = SessionKey::from_bytes([1; 16]);
        let iv = [2; 16];
        for len in [0usize, 1, 15, 16, 17, 100] {
            let plain = vec![b'x'; len];
            let sealed = seal(&key, &iv, &plain);
            assert_eq!(sealed.len() % 16, 0);
            assert_eq!(open(&key, &iv, &sealed).unwrap(), plain);
        }
    }

    #[test]
    fn signature_accepts_upper_case_and_rejects_junk() {
        let key = SessionKey::from_bytes([3; 16]);
        let sig = raw_data_signature("{}", &key);
        assert!(verify_signature("{}", &sig, &key));
        assert!(verify_signature("{}", &sig.to_uppercase(), &key));
        assert!(!verify_signature("{}", "", &key));
        assert!(!verify_signature("{}", &sig[..39], &key));
    }
}
