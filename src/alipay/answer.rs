//! Reading the gateway's answer. Alipay signs the exact text of the
//! method's member (`alipay_system_oauth_token_response`, or
//! `error_response`) as it stands in the answer, with the top-level `sign`
//! beside it, so the signature is checked over those bytes as received,
//! before anything in them is read (as `alipay-sdk`'s `checkResponseSign`
//! does). The answer must be one JSON object whose top-level names are not
//! repeated: a second copy of the signed member cannot slip past the check.

use crate::prelude::*;
use core::fmt;
use core::ops::Range;

use crate::alipay::errors::alipay_error;
use crate::crypto::{decode_base64, Rsa2Verify};
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::Fields;
use crate::json::{self, Value};

/// The member `alipay.system.oauth.token` answers in.
pub const OAUTH_TOKEN_MEMBER: &str = "alipay_system_oauth_token_response";

/// Who signed in, as `alipay.system.oauth.token` answered. The access and
/// refresh tokens are secrets: `Debug` does not show them.
#[derive(Clone, PartialEq, Eq)]
pub struct AlipayToken {
    /// The user's id in this app (`open_id`), where the app uses open ids.
    pub open_id: Option<String>,
    /// The user's Alipay user id (`user_id`, `2088…`), where the app uses them.
    pub user_id: Option<String>,
    /// The user's access token for further Alipay calls.
    pub access_token: String,
    /// Seconds the access token lives (`expires_in`).
    pub expires_in: Option<u64>,
    /// The refresh token, when Alipay gave one.
    pub refresh_token: Option<String>,
}

impl AlipayToken {
    /// The id the server signs the user in as: `open_id`, else `user_id`.
    pub fn openid(&self) -> &str {
        self.open_id
            .as_deref()
            .or(self.user_id.as_deref())
            .unwrap_or_default()
    }
}

impl fmt::Debug for AlipayToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlipayToken")
            .field("open_id", &self.open_id)
            .field("user_id", &self.user_id)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// Reads `alipay.system.oauth.token`'s answer text, verified with Alipay's
/// public key.
///
/// Errors: [`ErrorKind::UpstreamSignature`] when the member that answers is
/// not signed by `alipay_key` (a success must be signed; an
/// `error_response` is checked when it carries a `sign`); Alipay's error
/// (`alipay_error`) for an `error_response` or a `code` other than `10000`;
/// [`ErrorKind::PayloadShape`] for anything that is not such an answer.
pub fn read_oauth_token(
    text: &str,
    alipay_key: &(impl Rsa2Verify + ?Sized),
) -> Result<AlipayToken> {
    let member = signed_member(text, OAUTH_TOKEN_MEMBER, alipay_key)?;
    let body = object_of(&member.value, member.name)?;
    let f = Fields::new(body, ErrorKind::PayloadShape, OAUTH_TOKEN_MEMBER);
    if member.name == "error_response" {
        return Err(error_of(&f)?);
    }
    if let Some(code) = f.opt_str("code")? {
        if code != "10000" {
            return Err(error_of(&f)?);
        }
    }
    let open_id = non_empty(f.opt_str("open_id")?);
    let user_id = non_empty(f.opt_str("user_id")?);
    if open_id.is_none() && user_id.is_none() {
        return Err(f.err("open_id", FieldProblem::Missing));
    }
    let expires_in = match f.opt_int("expires_in")? {
        Some(n) => Some(
            u64::try_from(n)
                .map_err(|_| f.err("expires_in", FieldProblem::Invalid("must not be negative")))?,
        ),
        None => None,
    };
    Ok(AlipayToken {
        open_id,
        user_id,
        access_token: f.non_empty_str("access_token")?.to_owned(),
        expires_in,
        refresh_token: non_empty(f.opt_str("refresh_token")?),
    })
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Alipay's error from a body with `code` and maybe `sub_code`.
fn error_of(f: &Fields<'_>) -> Result<Error> {
    let code = f.str("code")?;
    Ok(alipay_error(code, f.opt_str("sub_code")?))
}

fn object_of<'a>(value: &'a Value, _name: &str) -> Result<&'a json::Object> {
    value.as_object().ok_or_else(|| {
        Error::field(
            ErrorKind::PayloadShape,
            OAUTH_TOKEN_MEMBER,
            FieldProblem::WrongType("an object"),
        )
    })
}

/// The answering member, read once its signature is checked.
struct Member {
    name: &'static str,
    value: Value,
}

/// Finds `method_member` (or `error_response`) in the answer, checks
/// `sign` over its exact text, then parses it.
fn signed_member(
    text: &str,
    method_member: &'static str,
    key: &(impl Rsa2Verify + ?Sized),
) -> Result<Member> {
    // The whole answer must be valid JSON before any span is trusted.
    let parsed = json::parse(text).map_err(|_| shape("body", FieldProblem::Invalid("not JSON")))?;
    if parsed.as_object().is_none() {
        return Err(shape("body", FieldProblem::WrongType("an object")));
    }
    let members = top_level_members(text)?;
    let find = |name: &str| {
        members
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, r)| r.clone())
    };
    let (name, span) = match (find(method_member), find("error_response")) {
        (Some(span), None) => (method_member, span),
        (None, Some(span)) => ("error_response", span),
        (Some(_), Some(_)) => {
            return Err(shape(
                "error_response",
                FieldProblem::Invalid("beside a result"),
            ))
        }
        (None, None) => return Err(shape(method_member, FieldProblem::Missing)),
    };
    let signed = text.get(span).unwrap_or_default();
    match parsed.get("sign") {
        Some(Value::String(sign)) => {
            let sign = decode_base64(sign, "sign")
                .map_err(|_| Error::new(ErrorKind::UpstreamSignature).with_field("sign"))?;
            if !key.verify_rsa2(signed.as_bytes(), &sign) {
                return Err(Error::new(ErrorKind::UpstreamSignature).with_field("sign"));
            }
        }
        Some(_) => return Err(shape("sign", FieldProblem::WrongType("a string"))),
        // An unsigned error can only fail the call; an unsigned result is refused.
        None if name == "error_response" => {}
        None => return Err(Error::new(ErrorKind::UpstreamSignature).with_field("sign")),
    }
    let value = json::parse(signed).map_err(|_| shape(name, FieldProblem::Invalid("not JSON")))?;
    Ok(Member { name, value })
}

fn shape(field: &'static str, problem: FieldProblem) -> Error {
    Error::field(ErrorKind::PayloadShape, field, problem)
}

/// The top-level members of a JSON object's text: each name (decoded) and
/// the byte range of its value, as written. A repeated name is refused.
/// The text has been checked to be valid JSON by the caller; on anything
/// else this answers an error, never a wrong range.
pub fn top_level_members(text: &str) -> Result<Vec<(String, Range<usize>)>> {
    let bad = || shape("body", FieldProblem::Invalid("not a JSON object"));
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return Err(bad());
    }
    at = skip_ws(bytes, at + 1);
    let mut members: Vec<(String, Range<usize>)> = Vec::new();
    if bytes.get(at) == Some(&b'}') {
        return Ok(members);
    }
    loop {
        let key_end = skip_string(bytes, at).ok_or_else(bad)?;
        let key = match text.get(at..key_end).map(json::parse) {
            Some(Ok(Value::String(key))) => key,
            _ => return Err(bad()),
        };
        at = skip_ws(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return Err(bad());
        }
        let start = skip_ws(bytes, at + 1);
        let end = skip_value(bytes, start).ok_or_else(bad)?;
        if members.iter().any(|(k, _)| *k == key) {
            return Err(shape(
                "body",
                FieldProblem::Invalid("repeats a member name"),
            ));
        }
        members.push((key, start..end));
        at = skip_ws(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_ws(bytes, at + 1),
            Some(b'}') => return Ok(members),
            _ => return Err(bad()),
        }
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The index just past the string starting at `at` (a `"`).
fn skip_string(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        match bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The index just past the value starting at `at`.
fn skip_value(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => skip_string(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = at;
            while let Some(b) = bytes.get(i) {
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                i += 1;
            }
            (i > at).then_some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_with_their_exact_text() {
        let text = r#" { "a\"b" : {"x":"}]\"","y":[1,{}]} , "sign":"s", "n": -1.5e3 } "#;
        let members = top_level_members(text).unwrap();
        let names: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["a\"b", "sign", "n"]);
        assert_eq!(&text[members[0].1.clone()], r#"{"x":"}]\"","y":[1,{}]}"#);
        assert_eq!(&text[members[1].1.clone()], r#""s""#);
        assert_eq!(&text[members[2].1.clone()], "-1.5e3");
    }

    #[test]
    fn repeated_names_are_refused() {
        let e = top_level_members(r#"{"a":1,"a":2}"#).unwrap_err();
        assert_eq!(e.code(), "ERR_PAYLOAD_SHAPE");
        // An escaped spelling of the same name is the same name.
        let e = top_level_members(r#"{"sign":1,"\u0073ign":2}"#).unwrap_err();
        assert_eq!(e.code(), "ERR_PAYLOAD_SHAPE");
    }
}
