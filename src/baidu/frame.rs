//! Baidu's sealed frame: AES-192-CBC over
//! `16 random bytes ‖ length (u32, big-endian) ‖ data ‖ app key`,
//! padded (PKCS#7) to a multiple of 32 bytes.
//!
//! Every fault of the frame (too short for its header, a length that runs
//! past the end, data that is not a JSON object) is
//! [`ErrorKind::DecryptFailed`], the same as bad padding: with CBC, whoever
//! changes a ciphertext block changes the next block's plaintext at will,
//! so a separate code for a bad length would tell them about the plaintext
//! (a format oracle). Only a whole, well-formed frame whose trailing app key
//! is another app's is [`ErrorKind::AppIdMismatch`], as a WeChat watermark
//! naming another app is.

use crate::json::{Object, Value};
use crate::prelude::*;
use zeroize::Zeroizing;

use crate::crypto::{
    decode_ciphertext, decode_iv, encode_base64, open_192, seal_192, SessionKey192, AES192_MAX_PAD,
};
use crate::error::{Error, ErrorKind, Result};
use crate::wechat::encrypted::EncryptedData;

/// The random bytes that open a frame.
const RANDOM_LEN: usize = 16;
/// Where the data starts: after the random bytes and the length.
const HEADER_LEN: usize = RANDOM_LEN + 4;

/// Reads an opened frame: the data as a JSON object, and whether its
/// trailing app key is `app_key`. Faults of the frame are `None`.
fn read_frame(plain: &[u8], app_key: &str) -> Option<(Object, bool)> {
    let len_bytes: [u8; 4] = plain.get(RANDOM_LEN..HEADER_LEN)?.try_into().ok()?;
    let len = usize::try_from(u32::from_be_bytes(len_bytes)).ok()?;
    let end = HEADER_LEN.checked_add(len)?;
    let data = plain.get(HEADER_LEN..end)?;
    let tail = plain.get(end..)?;
    match crate::json::parse_bytes(data) {
        Ok(Value::Object(map)) => Some((map, tail == app_key.as_bytes())),
        _ => None,
    }
}

/// Opens Baidu encrypted data (`data` + `iv` from a `swan` API) with the
/// user's 24-byte session key, reads its frame and checks its app key.
///
/// Errors: [`ErrorKind::InvalidArgument`] (field `appKey`) for an empty
/// `app_key`; [`ErrorKind::Base64`], [`ErrorKind::IvLength`] or
/// [`ErrorKind::CiphertextLength`] for the input; [`ErrorKind::DecryptFailed`]
/// for every padding or frame fault; [`ErrorKind::AppIdMismatch`] (field
/// `app_key`) when the frame was sealed for another app.
pub fn decrypt_data(
    key: &SessionKey192,
    sealed: &EncryptedData<'_>,
    app_key: &str,
) -> Result<Object> {
    if app_key.is_empty() {
        return Err(Error::invalid_argument("appKey", "must not be empty"));
    }
    let iv = decode_iv(sealed.iv)?;
    let ciphertext = Zeroizing::new(decode_ciphertext(sealed.encrypted_data)?);
    let plain = Zeroizing::new(open_192(key, &iv, &ciphertext)?);
    match read_frame(&plain, app_key) {
        Some((data, true)) => Ok(data),
        Some((_, false)) => Err(Error::new(ErrorKind::AppIdMismatch).with_field("app_key")),
        None => Err(Error::new(ErrorKind::DecryptFailed)),
    }
}

/// Seals `data` as Baidu does: frames it with `random` (16 bytes the caller
/// draws: the core has no random source) and `app_key`, pads to 32 bytes
/// and encrypts with `key` and `iv`. Returns the base64 ciphertext. For
/// emulators and tests.
pub fn encrypt_data(
    key: &SessionKey192,
    iv: &[u8; 16],
    random: &[u8; 16],
    data: &Object,
    app_key: &str,
) -> String {
    let json = Zeroizing::new(Value::Object(data.clone()).to_json());
    let mut plain = Zeroizing::new(Vec::with_capacity(HEADER_LEN + json.len() + app_key.len()));
    plain.extend_from_slice(random);
    // A payload of 4 GiB or more cannot be framed; none is that large.
    let len = u32::try_from(json.len()).unwrap_or(u32::MAX);
    plain.extend_from_slice(&len.to_be_bytes());
    plain.extend_from_slice(json.as_bytes());
    plain.extend_from_slice(app_key.as_bytes());
    encode_base64(&seal_192(key, iv, &plain, AES192_MAX_PAD))
}

/// Seals raw frame bytes (header, data and app key as given) with Baidu's
/// padding: for tests of hostile frames.
#[doc(hidden)]
pub fn seal_raw_frame(key: &SessionKey192, iv: &[u8; 16], plain: &[u8]) -> String {
    encode_base64(&seal_192(key, iv, plain, AES192_MAX_PAD))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(len: u32, data: &[u8], app_key: &[u8]) -> Vec<u8> {
        let mut v = vec![7u8; 16];
        v.extend_from_slice(&len.to_be_bytes());
        v.extend_from_slice(data);
        v.extend_from_slice(app_key);
        v
    }

    #[test]
    fn frames_read_only_when_whole() {
        let ok = frame(7, br#"{"a":1}"#, b"key");
        assert_eq!(read_frame(&ok, "key").map(|(_, k)| k), Some(true));
        assert_eq!(read_frame(&ok, "other").map(|(_, k)| k), Some(false));
        // Too short for the header.
        assert!(read_frame(&[0u8; 19], "key").is_none());
        // A length past the end, the largest one included.
        assert!(read_frame(&frame(100, br#"{"a":1}"#, b"key"), "key").is_none());
        assert!(read_frame(&frame(u32::MAX, br#"{"a":1}"#, b"key"), "key").is_none());
        // A length that cuts the JSON short.
        assert!(read_frame(&frame(5, br#"{"a":1}"#, b"key"), "key").is_none());
        // Not an object.
        assert!(read_frame(&frame(3, b"[1]", b"key"), "key").is_none());
    }
}
