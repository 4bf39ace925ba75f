//! Alipay's content-encryption key ("AES 密钥" in its console): AES-128-CBC
//! with an all-zero iv and PKCS#7 padding, as Alipay's SDKs seal and open
//! `biz_content` and the phone button's `response`. The console issues
//! 128-bit keys only; the cipher is the session keys' (`aes_cbc`), so no
//! AES code is added for it.

use crate::prelude::*;
use core::fmt;
use zeroize::Zeroizing;

use super::aes_cbc::{open, seal};
use super::decode_base64;
use super::session_key::SessionKey;
use crate::error::{Error, Result};

/// The zero iv Alipay uses with its content key.
const ZERO_IV: [u8; 16] = [0; 16];

/// A 128-bit content-encryption key. `Debug` never shows it; it is zeroed
/// on drop (as a [`SessionKey`] is).
pub struct ContentKey(SessionKey);

impl fmt::Debug for ContentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ContentKey(<redacted>)")
    }
}

impl ContentKey {
    /// Reads the key as the console shows it: base64 of 16 bytes.
    ///
    /// Errors: [`crate::ErrorKind::InvalidArgument`] naming `field` (it is an
    /// option of the app's, not a value from a request).
    pub fn from_base64(text: &str, field: &'static str) -> Result<Self> {
        let bad =
            || Error::invalid_argument(field, "must be base64 of 16 bytes (a 128-bit AES key)");
        let bytes = Zeroizing::new(decode_base64(text.trim(), field).map_err(|_| bad())?);
        let bytes = <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| bad())?;
        Ok(ContentKey(SessionKey::from_bytes(bytes)))
    }

    /// Opens ciphertext sealed with this key. Bad padding is
    /// [`crate::ErrorKind::DecryptFailed`]; an empty or ragged ciphertext
    /// [`crate::ErrorKind::CiphertextLength`].
    pub fn open(&self, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        open(&self.0, &ZERO_IV, ciphertext).map(Zeroizing::new)
    }

    /// Seals plaintext with this key (PKCS#7), as Alipay does: for
    /// emulators and tests.
    pub fn seal(&self, plaintext: &[u8]) -> Vec<u8> {
        seal(&self.0, &ZERO_IV, plaintext)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open() {
        let key = ContentKey::from_base64("AAECAwQFBgcICQoLDA0ODw==", "encryptKey").unwrap();
        for len in [0usize, 1, 15, 16, 17, 100] {
            let plain = vec![b'z'; len];
            let sealed = key.seal(&plain);
            assert_eq!(sealed.len() % 16, 0);
            assert_eq!(&key.open(&sealed).unwrap()[..], &plain[..]);
        }
    }

    #[test]
    fn other_key_lengths_are_refused() {
        for key in [
            "",
            "AAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        ] {
            let e = ContentKey::from_base64(key, "encryptKey").unwrap_err();
            assert_eq!(e.code(), "ERR_INVALID_ARGUMENT", "{key:?}");
            assert_eq!(e.field_name(), Some("encryptKey"));
        }
        assert_eq!(
            ContentKey::from_base64("!!", "encryptKey")
                .unwrap_err()
                .code(),
            "ERR_INVALID_ARGUMENT"
        );
    }
}
