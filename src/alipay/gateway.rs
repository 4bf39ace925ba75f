//! Requests to Alipay's open gateway (`POST /gateway.do`), signed RSA2 with
//! the app's private key: the common parameters (`app_id`, `method`,
//! `charset` utf-8, `sign_type` RSA2, `timestamp` in Beijing time, `version`
//! 1.0) and the method's own, signed over their sign content (every
//! non-empty parameter but `sign`, sorted by name, `k=v` joined by `&`, the
//! values as they are, not URL-encoded). As `alipay-sdk` sends them, the
//! common parameters and `sign` go in the query string, the method's own in
//! the form body.

use crate::prelude::*;

use crate::alipay::time::gateway_timestamp;
use crate::crypto::{encode_base64, Rsa2Sign};
use crate::error::{Error, Result};

/// Alipay's open platform origin (what `apiBase` defaults to).
pub const ALIPAY_API_BASE: &str = "https://openapi.alipay.com";

/// The gateway's path under `apiBase`.
pub const GATEWAY_PATH: &str = "/gateway.do";

/// The content type gateway requests are posted with.
pub const GATEWAY_CONTENT_TYPE: &str = "application/x-www-form-urlencoded;charset=utf-8";

/// The method that trades an auth code for the user's ids.
pub const OAUTH_TOKEN_METHOD: &str = "alipay.system.oauth.token";

/// The longest auth code accepted (Alipay's are 32 to 40 characters).
pub const MAX_AUTH_CODE_LENGTH: usize = 128;

/// A signed gateway request: append `query` to the gateway's URL after `?`,
/// and post `body` as `application/x-www-form-urlencoded;charset=utf-8`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GatewayRequest {
    /// The common parameters and `sign`, form-encoded.
    pub query: String,
    /// The method's own parameters, form-encoded.
    pub body: String,
}

/// The sign content of a parameter set: the non-empty parameters other than
/// `sign`, sorted by name (bytewise), `k=v` joined by `&`.
pub fn sign_content(params: &[(&str, &str)]) -> String {
    let mut sorted: Vec<&(&str, &str)> = params
        .iter()
        .filter(|(k, v)| !v.is_empty() && *k != "sign")
        .collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = String::new();
    for (i, (k, v)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// `alipay.system.oauth.token` with `grant_type=authorization_code` for the
/// auth code `code`, at `now` (seconds since the epoch), signed with `key`.
///
/// Errors: [`crate::ErrorKind::InvalidArgument`] for an empty `appId`, or a
/// `code` that is empty, longer than [`MAX_AUTH_CODE_LENGTH`] or holds
/// anything but printable ASCII (no request is made for it).
pub fn oauth_token_request(
    app_id: &str,
    key: &(impl Rsa2Sign + ?Sized),
    code: &str,
    now: u64,
) -> Result<GatewayRequest> {
    if app_id.is_empty() {
        return Err(Error::invalid_argument("appId", "must not be empty"));
    }
    if code.is_empty()
        || code.len() > MAX_AUTH_CODE_LENGTH
        || !code.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(Error::invalid_argument(
            "code",
            "must be an auth code of 1 to 128 printable ASCII characters",
        ));
    }
    let timestamp = gateway_timestamp(now);
    let common: [(&str, &str); 6] = [
        ("app_id", app_id),
        ("method", OAUTH_TOKEN_METHOD),
        ("charset", "utf-8"),
        ("sign_type", "RSA2"),
        ("timestamp", &timestamp),
        ("version", "1.0"),
    ];
    let own: [(&str, &str); 2] = [("grant_type", "authorization_code"), ("code", code)];
    let all: Vec<(&str, &str)> = common.iter().chain(own.iter()).copied().collect();
    let sign = encode_base64(&key.sign_rsa2(sign_content(&all).as_bytes())?);
    let mut query = form_encode(&common);
    query.push('&');
    query.push_str(&form_encode(&[("sign", &sign)]));
    Ok(GatewayRequest {
        query,
        body: form_encode(&own),
    })
}

/// `application/x-www-form-urlencoded`, as `URLSearchParams` writes it:
/// `*-._` and ASCII letters and digits kept, space as `+`, the rest as
/// `%XX` of its UTF-8 bytes.
pub fn form_encode(params: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(&mut out, k);
        out.push('=');
        encode_component(&mut out, v);
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'A' + n - 10 })
}

fn encode_component(out: &mut String, text: &str) {
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(hex_digit(b >> 4));
                out.push(hex_digit(b & 15));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_content_sorts_and_skips_empty_values_and_sign() {
        let content = sign_content(&[
            ("method", "m"),
            ("app_id", "1"),
            ("sign", "x"),
            ("empty", ""),
            ("biz_content", "{\"a\":1}"),
        ]);
        assert_eq!(content, "app_id=1&biz_content={\"a\":1}&method=m");
    }

    #[test]
    fn form_encoding_matches_url_search_params() {
        assert_eq!(
            form_encode(&[("timestamp", "2026-12-07 00:30:05"), ("s", "a+b/c=")]),
            "timestamp=2026-12-07+00%3A30%3A05&s=a%2Bb%2Fc%3D"
        );
        assert_eq!(form_encode(&[("k", "é~!")]), "k=%C3%A9%7E%21");
    }
}
