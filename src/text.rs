//! Small text helpers that keep the client wasm small: byte loops where
//! core's generic pattern searchers would each add their own code.

use crate::prelude::*;

/// Whether `needle` occurs in `haystack`, ASCII letters compared without
/// case. A plain window scan: the inputs are short, and it spares the wasm
/// core's two-way searcher and a lowercased copy.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The strings one after another, in one allocation.
pub(crate) fn join(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// What follows the first `byte` (an ASCII byte) in `s`, if it occurs.
pub(crate) fn after(s: &str, byte: u8) -> Option<&str> {
    let at = s.bytes().position(|b| b == byte)?;
    s.get(at + 1..)
}

#[cfg(feature = "server")]
/// Whether `s` is `min..=max` characters of `[A-Za-z0-9_-]` (the base64url
/// alphabet): the shape of WeChat's codes, login nonces and random ids.
pub(crate) fn is_url_safe(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(feature = "server")]
/// The length of `s` as JavaScript counts it (`string.length`: UTF-16 code
/// units), for limits that must agree with the JS glue's.
pub(crate) fn js_length(s: &str) -> usize {
    s.encode_utf16().count()
}

#[cfg(feature = "server")]
/// Whether `c` is white space as JavaScript's `\\s` and `trim()` read it
/// (not quite Rust's `char::is_whitespace`: U+FEFF is, U+0085 is not).
pub(crate) fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

#[cfg(feature = "server")]
/// `s` without JavaScript white space at either end (`string.trim()`).
pub(crate) fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_substrings() {
        assert!(contains_ignore_case("request:fail timeout", "timeout"));
        assert!(contains_ignore_case("request:fail TimeOut", "timeout"));
        assert!(contains_ignore_case("abc", ""));
        assert!(!contains_ignore_case("time", "timeout"));
        assert!(contains_ignore_case("小明 timeout", "timeout"));
    }

    #[test]
    fn joins_and_splits() {
        assert_eq!(join(&["a", ".", "bc"]), "a.bc");
        assert_eq!(join(&[]), "");
        assert_eq!(after("login:fail:x", b':'), Some("fail:x"));
        assert_eq!(after("login", b':'), None);
        assert_eq!(after("小:明", b':'), Some("明"));
    }

    #[test]
    #[cfg(feature = "server")]
    fn javascript_white_space_and_lengths() {
        assert_eq!(js_trim("\u{feff} a\u{3000}"), "a");
        assert_eq!(js_trim("\u{85}a"), "\u{85}a");
        assert_eq!(js_length("a令😀"), 4);
        assert!(is_url_safe("a-_Z9", 5, 5) && !is_url_safe("a-_Z9", 6, 9));
    }
}
