//! What counts as a secret the client must never store: the shape of a
//! session key, and the names secrets go by. Used by the client's storage
//! guard and by the login reply's checks.

use crate::prelude::*;

use crate::json::{Object, Value};

/// Whether `text` has the shape of a session key: base64 of exactly 16 bytes.
pub fn looks_like_session_key(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 24
        && b.ends_with(b"==")
        && b.iter()
            .take(22)
            .all(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
}

/// Whether a key name is one a secret goes by (`session_key`, `appSecret`…).
pub(crate) fn sensitive_name(key: &str) -> bool {
    // Only ASCII letters and digits count; UTF-8 never uses those bytes
    // inside other characters.
    let mut folded = Vec::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() {
            folded.push(b.to_ascii_lowercase());
        }
    }
    let has = |word: &[u8]| folded.windows(word.len()).any(|w| w == word);
    has(b"sessionkey") || has(b"secret") || folded == b"accesstoken"
}

/// The path of the first thing in `value` that looks like a session key or
/// secret: `""` for `value` itself.
fn find_sensitive(value: &Value, depth: usize) -> Option<String> {
    match value {
        Value::String(s) if looks_like_session_key(s) => Some(String::new()),
        Value::Object(map) if depth < 32 => sensitive_path(map, depth),
        Value::Array(items) if depth < 32 => {
            items.iter().find_map(|v| find_sensitive(v, depth + 1))
        }
        _ => None,
    }
}

/// [`find_sensitive`] for the entries of an object `depth` deep: the
/// dotted path of the first secret in `map`, if any.
pub(crate) fn sensitive_path(map: &Object, depth: usize) -> Option<String> {
    map.iter().find_map(|(k, v)| {
        if sensitive_name(k) {
            return Some(k.clone());
        }
        find_sensitive(v, depth + 1).map(|rest| {
            if rest.is_empty() {
                k.clone()
            } else {
                crate::text::join(&[k, ".", &rest])
            }
        })
    })
}
