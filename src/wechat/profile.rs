//! What the profile buttons and APIs hand over: `getUserProfile`'s result,
//! the legacy `getUserInfo` button's detail, `chooseAvatar` and the nickname
//! input.

use crate::prelude::*;

use crate::json::{Object, ObjectWriter, ToJson, Value};

use crate::error::{ErrorKind, FieldProblem, Result};
use crate::fields::{event_detail, object, Fields};
use crate::wechat::wx_result::check_detail;

/// The body the client posts to `/profile` for a WeChat profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSubmission {
    /// `{ nickName, avatarUrl, gender, … }` as WeChat gave it.
    pub user_info: Object,
    /// The JSON text `signature` covers.
    pub raw_data: Option<String>,
    /// `sha1(rawData + session_key)`.
    pub signature: Option<String>,
    /// The sealed full profile (with openId and unionId).
    pub encrypted_data: Option<String>,
    /// Its iv.
    pub iv: Option<String>,
}

impl ToJson for ProfileSubmission {
    /// `{ userInfo, rawData?, signature?, encryptedData?, iv? }`.
    fn write_json(&self, out: &mut String) {
        ProfileRef {
            user_info: &self.user_info,
            raw_data: self.raw_data.as_deref(),
            signature: self.signature.as_deref(),
            encrypted_data: self.encrypted_data.as_deref(),
            iv: self.iv.as_deref(),
        }
        .write_json(out);
    }
}

/// A [`ProfileSubmission`] borrowed from the detail it was read from (what
/// the wasm answers with, without copying the profile).
pub struct ProfileRef<'a> {
    user_info: &'a Object,
    raw_data: Option<&'a str>,
    signature: Option<&'a str>,
    encrypted_data: Option<&'a str>,
    iv: Option<&'a str>,
}

impl ToJson for ProfileRef<'_> {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("userInfo", self.user_info)
            .optional("rawData", &self.raw_data)
            .optional("signature", &self.signature)
            .optional("encryptedData", &self.encrypted_data)
            .optional("iv", &self.iv);
        w.end();
    }
}

/// Reads a `getUserProfile`/`getUserInfo` result or the `getUserInfo`
/// button's `detail` (the whole event works too).
pub fn parse_profile_result(detail: &Value) -> Result<ProfileSubmission> {
    let p = read_profile_result(detail)?;
    Ok(ProfileSubmission {
        user_info: p.user_info.clone(),
        raw_data: p.raw_data.map(str::to_owned),
        signature: p.signature.map(str::to_owned),
        encrypted_data: p.encrypted_data.map(str::to_owned),
        iv: p.iv.map(str::to_owned),
    })
}

/// [`parse_profile_result`], borrowing from `detail`.
pub fn read_profile_result(detail: &Value) -> Result<ProfileRef<'_>> {
    let obj = event_detail(object(detail, ErrorKind::PayloadShape, "detail")?, "errMsg");
    let f = Fields::new(obj, ErrorKind::PayloadShape, "");
    check_detail(&f, true)?;
    let user_info = match f.get("userInfo") {
        Some(Value::Object(info)) => info,
        Some(_) => return Err(f.err("userInfo", FieldProblem::WrongType("an object"))),
        None => return Err(f.err("userInfo", FieldProblem::Missing)),
    };
    let text = |key| Ok::<_, crate::error::Error>(f.opt_str(key)?.filter(|s| !s.is_empty()));
    Ok(ProfileRef {
        user_info,
        raw_data: text("rawData")?,
        signature: text("signature")?,
        encrypted_data: text("encryptedData")?,
        iv: text("iv")?,
    })
}

/// The temporary avatar path from a `chooseAvatar` button's event.
pub fn parse_avatar_event(detail: &Value) -> Result<String> {
    let obj = event_detail(
        object(detail, ErrorKind::PayloadShape, "detail")?,
        "avatarUrl",
    );
    let f = Fields::new(obj, ErrorKind::PayloadShape, "");
    check_detail(&f, false)?;
    Ok(f.non_empty_str("avatarUrl")?.to_owned())
}

pub use crate::wechat::nickname::{check_nickname, MAX_NICKNAME_CHARS};

/// A nickname from an `input type="nickname"` event (its `detail.value`), a
/// form's submit event (`detail.value.nickName` or `detail.value.nickname`:
/// WeChat's review has run by then) or the text itself: trimmed, not empty,
/// at most [`MAX_NICKNAME_CHARS`].
pub fn parse_nickname(input: &Value) -> Result<String> {
    let text = match input {
        Value::String(s) => s.as_str(),
        other => {
            let mut obj = object(other, ErrorKind::InvalidArgument, "event")?;
            if let Some(Value::Object(inner)) = obj.get("detail") {
                obj = inner;
            }
            match obj.get("value") {
                Some(Value::Object(form)) => {
                    let f = Fields::new(form, ErrorKind::InvalidArgument, "detail.value");
                    match f.opt_str("nickName")? {
                        Some(name) => name,
                        None => f.str("nickname")?,
                    }
                }
                _ => Fields::new(obj, ErrorKind::InvalidArgument, "detail").str("value")?,
            }
        }
    };
    check_nickname(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn nick(text: &str) -> core::result::Result<String, &'static str> {
        parse_nickname(&parse(text).unwrap()).map_err(|e| e.code())
    }

    #[test]
    fn nicknames_from_input_form_and_text() {
        assert_eq!(nick(r#"" 小明 ""#).unwrap(), "小明");
        assert_eq!(
            nick(r#"{ "detail": { "value": "小明" } }"#).unwrap(),
            "小明"
        );
        assert_eq!(
            nick(r#"{ "type": "submit", "detail": { "value": { "nickName": "小红" } } }"#).unwrap(),
            "小红"
        );
        assert_eq!(
            nick(r#"{ "detail": { "value": { "nickname": "小红" } } }"#).unwrap(),
            "小红"
        );
        assert_eq!(
            nick(r#"{ "detail": { "value": {} } }"#).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
        assert_eq!(nick(r#""  ""#).unwrap_err(), "ERR_INVALID_ARGUMENT");
        assert_eq!(
            nick(&["\"", &"字".repeat(65), "\""].concat()).unwrap_err(),
            "ERR_INVALID_ARGUMENT"
        );
    }

    #[test]
    fn avatar_events_keep_privacy_refusals_apart() {
        let code = |t: &str| parse_avatar_event(&parse(t).unwrap()).unwrap_err().code();
        assert_eq!(
            code(r#"{ "detail": { "errMsg": "chooseAvatar:fail", "errno": 104 } }"#),
            "ERR_PRIVACY_DENIED"
        );
        assert_eq!(
            code(r#"{ "detail": { "errMsg": "chooseAvatar:fail cancel" } }"#),
            "ERR_USER_DENIED"
        );
        assert_eq!(
            parse_avatar_event(
                &parse(r#"{ "detail": { "avatarUrl": "http://tmp/a.png" } }"#).unwrap()
            )
            .unwrap(),
            "http://tmp/a.png"
        );
    }
}
