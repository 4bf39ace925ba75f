//! The answer of `POST https://spapi.baidu.com/oauth/jscode2sessionkey`.

use crate::json::Value;

use crate::crypto::SessionKey192;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::{object, Fields};
use crate::wechat::code2session::{Code2Session, SNAKE_FIELDS};

/// The OAuth 2.0 `error` names (RFC 6749, section 5.2) with a kind of
/// their own: the code (`invalid_grant`: unknown, expired or used) and the
/// app's credentials (`invalid_client`: client_id or sk). Any other error
/// is [`ErrorKind::UpstreamApi`].
pub const BAIDU_OAUTH_ERRORS: &[(&str, ErrorKind)] = &[
    ("invalid_grant", ErrorKind::CodeInvalid),
    ("invalid_client", ErrorKind::AppConfig),
];

/// Reads a `jscode2sessionkey` answer: `{ openid, session_key }` (the key
/// base64 of 24 bytes), or Baidu's OAuth-style error `{ errno?, error,
/// error_description }`: the `error` name's kind from [`BAIDU_OAUTH_ERRORS`]
/// (else [`ErrorKind::UpstreamApi`], "the upstream said no"), with a
/// non-zero `errno` kept in `errcode` (10010100 is "parameter is invalid":
/// our request, not the user's code).
pub fn parse_code2session(body: &Value) -> Result<Code2Session<SessionKey192>> {
    let f = Fields::new(
        object(body, ErrorKind::PayloadShape, "body")?,
        ErrorKind::PayloadShape,
        "",
    );
    let errno = f.opt_int("errno")?.filter(|n| *n != 0);
    let error = f.get("error");
    if errno.is_some() || error.is_some() {
        let kind = error
            .and_then(Value::as_str)
            .and_then(|name| BAIDU_OAUTH_ERRORS.iter().find(|(n, _)| *n == name))
            .map_or(ErrorKind::UpstreamApi, |(_, kind)| *kind);
        return Err(match errno {
            Some(errno) => Error::with_kind_and_errcode(kind, errno),
            None => Error::new(kind),
        });
    }
    SNAKE_FIELDS.read(&f, SessionKey192::from_base64, "not a 24-byte base64 key")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn reads_the_documented_answer_and_errors() {
        // The sample answer of Baidu's docs.
        let s = parse_code2session(
            &parse(r#"{"openid":"l214zFqNrEuIEnp6m7Y01sw8yj","session_key":"981ce8b151c0599acf7ad1a673c6ff5e"}"#)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(s.openid, "l214zFqNrEuIEnp6m7Y01sw8yj");
        assert_eq!(s.unionid, None);
        let e = parse_code2session(
            &parse(r#"{"errno":10010100,"error":"parameter is invalid","error_description":"x"}"#)
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.errcode()),
            ("ERR_UPSTREAM_API", Some(10010100))
        );
        let e = parse_code2session(&parse(r#"{"error":"invalid_client"}"#).unwrap()).unwrap_err();
        assert_eq!((e.code(), e.errcode()), ("ERR_APP_CONFIG", None));
        let e = parse_code2session(&parse(r#"{"error":"invalid_grant"}"#).unwrap()).unwrap_err();
        assert_eq!((e.code(), e.errcode()), ("ERR_CODE_INVALID", None));
        let e = parse_code2session(&parse(r#"{"error":"server_error"}"#).unwrap()).unwrap_err();
        assert_eq!((e.code(), e.errcode()), ("ERR_UPSTREAM_API", None));
        // A WeChat-sized key is not Baidu's.
        let e = parse_code2session(
            &parse(r#"{"openid":"o","session_key":"LOuXutcBgDlbsaD1O5w6Ug=="}"#).unwrap(),
        )
        .unwrap_err();
        assert_eq!(
            (e.code(), e.field_name()),
            ("ERR_PAYLOAD_SHAPE", Some("session_key"))
        );
    }
}
