//! Answers of WeChat's server APIs besides `jscode2session`:
//! `stable_token`, `getuserphonenumber` and `checksession`.

use crate::prelude::*;

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};
use crate::json::{ObjectWriter, ToJson, Value};
use crate::wechat::errcode::check_errcode;
use crate::wechat::phone::PhoneNumber;
use crate::wechat::watermark::Watermark;

/// The text of a WeChat access token: a secret of the developer server.
///
/// Its `Debug` is redacted and it has no `Display`; read it with
/// [`AccessTokenText::expose`], whose name says what that is.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessTokenText(String);

impl AccessTokenText {
    /// Wraps the token text.
    pub fn new(text: String) -> Self {
        AccessTokenText(text)
    }

    /// The token itself, to put in a request to WeChat.
    ///
    /// Sensitive: whoever holds it can call WeChat's server APIs as this app
    /// (phone numbers included). Do not log it or send it to a client.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl core::fmt::Debug for AccessTokenText {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("AccessTokenText(<redacted>)")
    }
}

/// An access token from `POST /cgi-bin/stable_token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The token. A secret of the developer server: never log it.
    pub access_token: AccessTokenText,
    /// Seconds it stays valid.
    pub expires_in: u64,
}

impl ToJson for AccessToken {
    /// `{ accessToken, expiresIn }`: for the server's own cache only.
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("accessToken", self.access_token.expose())
            .field("expiresIn", &self.expires_in)
            .end();
    }
}

fn body_fields(body: &Value) -> Result<Fields<'_>> {
    let f = Fields::new(
        object(body, ErrorKind::PayloadShape, "body")?,
        ErrorKind::PayloadShape,
        "",
    );
    check_errcode(&f)?;
    Ok(f)
}

/// Reads a `stable_token` answer: `{ access_token, expires_in }`.
pub fn parse_stable_token(body: &Value) -> Result<AccessToken> {
    let f = body_fields(body)?;
    let expires_in = f.int("expires_in")?;
    Ok(AccessToken {
        access_token: AccessTokenText::new(f.non_empty_str("access_token")?.to_owned()),
        expires_in: u64::try_from(expires_in)
            .map_err(|_| f.err("expires_in", FieldProblem::Invalid("must not be negative")))?,
    })
}

/// Reads a `getuserphonenumber` answer: its `phone_info`, whose watermark
/// must name `app_id`. (The watermark's time is when the user tapped, not
/// when this answer was made, so no age is checked.)
pub fn parse_phone_number_reply(body: &Value, app_id: &str) -> Result<PhoneNumber> {
    let f = body_fields(body)?;
    let info = match f.get("phone_info") {
        Some(Value::Object(info)) => info,
        Some(_) => return Err(f.err("phone_info", FieldProblem::WrongType("an object"))),
        None => return Err(f.err("phone_info", FieldProblem::Missing)),
    };
    let watermark = match info.get("watermark").and_then(Value::as_object) {
        Some(w) => {
            let w = Fields::new(w, ErrorKind::PayloadShape, "phone_info.watermark");
            Watermark {
                appid: w.str("appid")?.to_owned(),
                timestamp: w.int("timestamp")?,
            }
        }
        None => Watermark {
            appid: app_id.to_owned(),
            timestamp: 0,
        },
    };
    if watermark.appid != app_id {
        return Err(Error::new(ErrorKind::AppIdMismatch).with_field("phone_info.watermark.appid"));
    }
    PhoneNumber::from_payload(info, watermark)
}

/// Reads a `checksession` answer: `Ok(())` for errcode 0, WeChat's error
/// otherwise (87009: the signature, so the session key, is not current).
pub fn parse_check_session(body: &Value) -> Result<()> {
    body_fields(body).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn stable_token() {
        let t = parse_stable_token(&parse(r#"{"access_token":"AT","expires_in":7200}"#).unwrap())
            .unwrap();
        assert_eq!((t.access_token.expose(), t.expires_in), ("AT", 7200));
        assert!(!format!("{t:?}").contains("AT\""));
        let e = parse_stable_token(
            &parse(r#"{"errcode":40125,"errmsg":"invalid appsecret"}"#).unwrap(),
        );
        assert_eq!(e.unwrap_err().errcode(), Some(40125));
    }

    #[test]
    fn phone_reply() {
        let body = parse(
            r#"{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"13800138000","purePhoneNumber":"13800138000","countryCode":86,"watermark":{"timestamp":1,"appid":"wxa"}}}"#,
        )
        .unwrap();
        let p = parse_phone_number_reply(&body, "wxa").unwrap();
        assert_eq!(p.country_code, "86");
        assert_eq!(
            parse_phone_number_reply(&body, "wxb").unwrap_err().code(),
            "ERR_APPID_MISMATCH"
        );
        let used = parse(r#"{"errcode":40163,"errmsg":"code been used"}"#).unwrap();
        assert_eq!(
            parse_phone_number_reply(&used, "wxa").unwrap_err().code(),
            "ERR_CODE_USED"
        );
        let token = parse(r#"{"errcode":42001,"errmsg":"access_token expired"}"#).unwrap();
        assert_eq!(
            parse_phone_number_reply(&token, "wxa").unwrap_err().code(),
            "ERR_ACCESS_TOKEN"
        );
    }

    #[test]
    fn check_session() {
        assert!(parse_check_session(&parse(r#"{"errcode":0,"errmsg":"ok"}"#).unwrap()).is_ok());
        let bad = parse_check_session(
            &parse(r#"{"errcode":87009,"errmsg":"invalid signature"}"#).unwrap(),
        );
        assert_eq!(bad.unwrap_err().errcode(), Some(87009));
    }
}
