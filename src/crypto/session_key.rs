//! The session key: a secret in a newtype.

use core::fmt;

use crate::prelude::*;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::crypto::encoding::{decode_16, decode_base64, encode_base64};
use crate::error::{Error, ErrorKind, FieldProblem, Result};

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

/// A 24-byte session key, the AES-192 key Baidu seals a user's data with
/// (`session_key` of `jscode2sessionkey` is base64 of 24 bytes).
///
/// A secret like [`SessionKey`]: redacted `Debug`, no `Display`, compared
/// in constant time, zeroed on drop. Keep it on the server.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SessionKey192([u8; 24]);

impl PartialEq for SessionKey192 {
    fn eq(&self, other: &Self) -> bool {
        bool::from(self.0.ct_eq(&other.0))
    }
}

impl Eq for SessionKey192 {}

impl SessionKey192 {
    /// Reads a 24-byte session key from its base64 text.
    ///
    /// Errors: [`ErrorKind::Base64`] or [`ErrorKind::KeyLength`], with field `sessionKey`.
    pub fn from_base64(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(decode_base64(text, "sessionKey")?);
        <[u8; 24]>::try_from(bytes.as_slice())
            .map(SessionKey192)
            .map_err(|_| {
                Error::field(
                    ErrorKind::KeyLength,
                    "sessionKey",
                    FieldProblem::Invalid("must decode to 24 bytes"),
                )
            })
    }

    /// Wraps raw key bytes.
    pub fn from_bytes(bytes: [u8; 24]) -> Self {
        SessionKey192(bytes)
    }

    /// The raw key bytes.
    ///
    /// Sensitive: anyone holding these can open every payload the user's
    /// current session seals. Do not log, store on a client, or send them.
    pub fn expose_bytes(&self) -> &[u8; 24] {
        &self.0
    }

    /// The key as canonical base64 text, for storing it on the server.
    ///
    /// Sensitive for the same reasons as [`SessionKey192::expose_bytes`].
    pub fn expose_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(encode_base64(&self.0))
    }
}

impl fmt::Debug for SessionKey192 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey192(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_key_debug_is_redacted() {
        let key = SessionKey::from_bytes([7; 16]);
        assert_eq!(format!("{key:?}"), "SessionKey(<redacted>)");
    }

    #[test]
    fn session_key_192_reads_24_bytes_only() {
        let key = SessionKey192::from_base64("1df09d0a1677dd72b8325aec59576e0c").unwrap();
        assert_eq!(format!("{key:?}"), "SessionKey192(<redacted>)");
        assert_eq!(
            key.expose_base64().as_str(),
            "1df09d0a1677dd72b8325aec59576e0c"
        );
        let short = SessionKey192::from_base64("LOuXutcBgDlbsaD1O5w6Ug==").unwrap_err();
        assert_eq!(
            (short.code(), short.field_name()),
            ("ERR_KEY_LENGTH", Some("sessionKey"))
        );
        assert_eq!(
            SessionKey192::from_base64("*").unwrap_err().code(),
            "ERR_BASE64"
        );
    }
}
