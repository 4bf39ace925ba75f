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
}
