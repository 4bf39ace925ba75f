//! Sign-in formats: what the store keeps for a code WeChat refused, the
//! client's login nonce, and the length a session token may have.

use crate::error::ErrorKind;
use crate::prelude::*;
use crate::text::{is_url_safe, join, js_length};

/// The refusals remembered for a code's life: a code WeChat called invalid,
/// used or blocked is refused again without asking WeChat.
pub const REFUSED_CODES: [ErrorKind; 3] = [
    ErrorKind::CodeInvalid,
    ErrorKind::CodeUsed,
    ErrorKind::CodeBlocked,
];

/// Whether `kind` is one of [`REFUSED_CODES`].
pub fn is_refused_code(kind: ErrorKind) -> bool {
    REFUSED_CODES.contains(&kind)
}

/// WeChat's errcode for a code already used: what a code the server itself
/// knows to be used is refused with.
pub const USED_CODE_ERRCODE: i64 = 40163;

/// What the store keeps for a login code signed in without a nonce: nobody
/// may have its result later, so it reads as used
/// ([`USED_CODE_ERRCODE`]): the [`refusal_record`] of
/// [`ErrorKind::CodeUsed`] with it.
pub const USED_CODE_RECORD: &str = "!ERR_CODE_USED:40163";

/// The store's record of a refused code: `!<code>:<errcode>`, the errcode
/// empty when there is none (`!ERR_CODE_INVALID:40029`, `!ERR_CODE_USED:`).
pub fn refusal_record(kind: ErrorKind, errcode: Option<i64>) -> String {
    let number = errcode.map(crate::json::int_text).unwrap_or_default();
    join(&["!", kind.code(), ":", &number])
}

/// Reads what the store keeps for a code: `Some((kind, errcode))` for a
/// refusal record, `None` for anything else (a kept result).
///
/// A record whose code is not one of [`REFUSED_CODES`] reads as
/// [`ErrorKind::CodeUsed`]; an errcode that is not an integer is left out.
/// Text after a second `:` is ignored.
pub fn read_refusal_record(kept: &str) -> Option<(ErrorKind, Option<i64>)> {
    let record = kept.strip_prefix('!')?;
    let mut parts = record.split(':');
    let code = parts.next().unwrap_or_default();
    let errcode = parts.next().and_then(|n| n.parse::<i64>().ok());
    let kind = ErrorKind::from_code(code)
        .filter(|k| is_refused_code(*k))
        .unwrap_or(ErrorKind::CodeUsed);
    Some((kind, errcode))
}

/// The shortest login nonce, in characters.
pub const MIN_LOGIN_NONCE_LENGTH: usize = 16;
/// The longest login nonce, in characters.
pub const MAX_LOGIN_NONCE_LENGTH: usize = 64;

/// What a login nonce may hold besides ASCII letters and digits.
pub const LOGIN_NONCE_EXTRA_CHARACTERS: &str = "_-";

/// Whether `nonce` is a login nonce the client may send with its code: 16 to
/// 64 characters of `[A-Za-z0-9_-]`. A kept sign-in result is sealed for the
/// code and this nonce, and goes only to a caller with the same nonce.
pub fn is_login_nonce(nonce: &str) -> bool {
    is_url_safe(nonce, MIN_LOGIN_NONCE_LENGTH, MAX_LOGIN_NONCE_LENGTH)
}

/// The longest session token the server looks up, in UTF-16 code units (as
/// JS counts `token.length`); a longer one is an unknown session, never a
/// store read.
pub const MAX_SESSION_TOKEN_LENGTH: usize = 512;

/// Whether `token` can be a session token at all: not empty, at most
/// [`MAX_SESSION_TOKEN_LENGTH`] UTF-16 code units.
pub fn is_session_token_length(token: &str) -> bool {
    // UTF-16 units never outnumber UTF-8 bytes: short text needs no count.
    !token.is_empty()
        && (token.len() <= MAX_SESSION_TOKEN_LENGTH || js_length(token) <= MAX_SESSION_TOKEN_LENGTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_records_read_back() {
        for kind in REFUSED_CODES {
            for errcode in [Some(40029), Some(-1), None] {
                let record = refusal_record(kind, errcode);
                assert_eq!(read_refusal_record(&record), Some((kind, errcode)));
            }
        }
        assert_eq!(
            refusal_record(ErrorKind::CodeInvalid, Some(40029)),
            "!ERR_CODE_INVALID:40029"
        );
        assert_eq!(
            refusal_record(ErrorKind::CodeBlocked, None),
            "!ERR_CODE_BLOCKED:"
        );
    }

    #[test]
    fn the_record_of_a_code_used_without_a_nonce_reads_as_used() {
        assert_eq!(
            refusal_record(ErrorKind::CodeUsed, Some(USED_CODE_ERRCODE)),
            USED_CODE_RECORD
        );
        assert_eq!(
            crate::wechat::errcode::wechat_error_kind(USED_CODE_ERRCODE),
            ErrorKind::CodeUsed
        );
        assert_eq!(
            read_refusal_record(USED_CODE_RECORD),
            Some((ErrorKind::CodeUsed, Some(40163)))
        );
    }

    #[test]
    fn other_codes_in_a_record_read_as_used_and_junk_errcodes_are_dropped() {
        assert_eq!(
            read_refusal_record("!ERR_UPSTREAM_BUSY:-1"),
            Some((ErrorKind::CodeUsed, Some(-1)))
        );
        assert_eq!(
            read_refusal_record("!nonsense"),
            Some((ErrorKind::CodeUsed, None))
        );
        assert_eq!(
            read_refusal_record("!ERR_CODE_BLOCKED:4x:9"),
            Some((ErrorKind::CodeBlocked, None))
        );
    }

    #[test]
    fn a_kept_result_is_not_a_refusal() {
        assert_eq!(read_refusal_record(r#"{"n":"nonce","r":{}}"#), None);
        assert_eq!(read_refusal_record(""), None);
    }

    #[test]
    fn login_nonces_are_16_to_64_url_safe_characters() {
        assert!(is_login_nonce("abcdefghijklmnop"));
        assert!(is_login_nonce(&"A_-9".repeat(16)));
        assert!(!is_login_nonce("abcdefghijklmno"));
        assert!(!is_login_nonce(&"a".repeat(65)));
        assert!(!is_login_nonce("abcdefghijklmno="));
        assert!(!is_login_nonce("abcdefghijklmnoé"));
        for extra in LOGIN_NONCE_EXTRA_CHARACTERS.chars() {
            assert!(is_login_nonce(&format!("{extra}{}", "a".repeat(15))));
        }
    }

    #[test]
    fn session_tokens_are_counted_as_js_counts_them() {
        assert!(!is_session_token_length(""));
        assert!(is_session_token_length(&"t".repeat(512)));
        assert!(!is_session_token_length(&"t".repeat(513)));
        // 200 three-byte characters: 600 bytes, 200 UTF-16 units.
        assert!(is_session_token_length(&"令".repeat(200)));
        // An astral character is two units.
        assert!(!is_session_token_length(&"😀".repeat(257)));
    }
}
