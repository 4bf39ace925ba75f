//! The session key: a secret in a newtype.

use core::fmt;

use crate::prelude::*;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::crypto::encoding::{decode_16, encode_base64};
use crate::error::{ErrorKind, Result};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_key_debug_is_redacted() {
        let key = SessionKey::from_bytes([7; 16]);
        assert_eq!(format!("{key:?}"), "SessionKey(<redacted>)");
    }
}
