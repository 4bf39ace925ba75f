//! What the developer server and the network answer the client: replies
//! with their HTTP status, and `wx.request` failures.

use crate::json::Value;

use crate::error::{Error, ErrorKind, Result};

/// A reply's body when its status is 2xx; otherwise the error it carries.
///
/// The server's `{ "error": { "code" } }` is passed through when the code is
/// one of ours; anything else is [`ErrorKind::Network`] (5xx),
/// [`ErrorKind::RateLimited`] (429) or [`ErrorKind::HttpStatus`] (any other
/// status: a 401 or 404 of some other API is not a lost session). The
/// caller keeps the status and the body beside the error.
pub fn read_reply(status: u16, body: Value) -> Result<Value> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let error = body.get("error");
    let kind = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .and_then(ErrorKind::from_code)
        .unwrap_or(match status {
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Network,
            _ => ErrorKind::HttpStatus,
        });
    let mut err = Error::new(kind);
    if let Some(errcode) = error.and_then(|e| e.get("errcode")).and_then(Value::as_i64) {
        err = err.with_errcode(errcode);
    }
    Err(err)
}

/// The error for a failed `wx.request` (its `errMsg`): [`ErrorKind::Timeout`]
/// when it timed out, [`ErrorKind::Network`] otherwise.
pub fn request_failure(err_msg: &str) -> Error {
    if crate::text::contains_ignore_case(err_msg, "timeout") {
        Error::new(ErrorKind::Timeout)
    } else {
        Error::new(ErrorKind::Network)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Value};

    fn json(text: &str) -> Value {
        parse(text).unwrap()
    }

    #[test]
    fn replies() {
        assert_eq!(
            read_reply(200, json(r#"{ "a": 1 }"#)).unwrap(),
            json(r#"{ "a": 1 }"#)
        );
        let code = |s, b| read_reply(s, b).unwrap_err().code();
        assert_eq!(
            code(
                401,
                json(r#"{ "error": { "code": "ERR_SESSION_EXPIRED" } }"#)
            ),
            "ERR_SESSION_EXPIRED"
        );
        assert_eq!(
            code(
                502,
                json(r#"{ "error": { "code": "ERR_CODE_USED", "errcode": 40163 } }"#)
            ),
            "ERR_CODE_USED"
        );
        assert_eq!(code(401, json(r#""nope""#)), "ERR_HTTP_STATUS");
        assert_eq!(code(404, json(r#""not found""#)), "ERR_HTTP_STATUS");
        assert_eq!(code(413, json(r#"null"#)), "ERR_HTTP_STATUS");
        assert_eq!(code(429, json(r#"null"#)), "ERR_RATE_LIMITED");
        assert_eq!(code(503, json(r#"null"#)), "ERR_NETWORK");
        assert_eq!(
            code(404, json(r#"{ "error": { "code": "ERR_MADE_UP" } }"#)),
            "ERR_HTTP_STATUS"
        );
        assert_eq!(
            request_failure("request:fail timeout").code(),
            "ERR_TIMEOUT"
        );
        assert_eq!(request_failure("request:fail ssl").code(), "ERR_NETWORK");
    }
}
