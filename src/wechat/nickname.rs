//! The nickname rule, one for both sides: the mini program checks what the
//! user typed before sending it, and the server checks what arrives.

use crate::prelude::*;

use crate::error::{Error, Result};

/// The longest nickname, in characters (Unicode scalar values).
pub const MAX_NICKNAME_CHARS: usize = 64;

/// A nickname as kept: trimmed, not empty, at most [`MAX_NICKNAME_CHARS`]
/// characters (not bytes, not UTF-16 units), field `nickname` in errors.
pub fn check_nickname(text: &str) -> Result<String> {
    let nickname = text.trim();
    if nickname.is_empty() {
        return Err(Error::invalid_argument("nickname", "must not be empty"));
    }
    // Characters are counted by their first bytes (UTF-8 continuation
    // bytes are 0b10xxxxxx).
    if nickname.bytes().filter(|b| b & 0xc0 != 0x80).count() > MAX_NICKNAME_CHARS {
        return Err(Error::invalid_argument("nickname", "is too long"));
    }
    Ok(nickname.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_not_bytes_or_utf16_units() {
        assert_eq!(check_nickname("  小明 ").unwrap(), "小明");
        // 64 emoji: 256 bytes, 128 UTF-16 units, 64 characters.
        assert!(check_nickname(&"🙂".repeat(64)).is_ok());
        let err = check_nickname(&"🙂".repeat(65)).unwrap_err();
        assert_eq!(
            (err.code(), err.field_name()),
            ("ERR_INVALID_ARGUMENT", Some("nickname"))
        );
        assert!(check_nickname(" \t ").is_err());
    }
}
