//! The rawData signature (`sha1`) and the session-key HMAC (`hmac_sha256`).

use crate::prelude::*;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::crypto::session_key::SessionKey;

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
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
    fn signature_accepts_upper_case_and_rejects_junk() {
        let key = SessionKey::from_bytes([3; 16]);
        let sig = raw_data_signature("{}", &key);
        assert!(verify_signature("{}", &sig, &key));
        assert!(verify_signature("{}", &sig.to_uppercase(), &key));
        assert!(!verify_signature("{}", "", &key));
        assert!(!verify_signature("{}", &sig[..39], &key));
    }
}
