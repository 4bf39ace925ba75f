//! Small text helpers that keep the client wasm small.

/// Whether `needle` occurs in `haystack`. A plain window scan: the inputs
/// are short, and it spares the wasm core's two-way searcher.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_substrings() {
        assert!(super::contains("request:fail timeout", "timeout"));
        assert!(super::contains("abc", ""));
        assert!(!super::contains("time", "timeout"));
        assert!(super::contains("小明 timeout", "timeout"));
    }
}
