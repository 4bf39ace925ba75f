//! Open data that WeChat Cloud Development's `cloud.getOpenData` returned
//! for a button's `cloudID`: the same payloads as the encrypted ones, already
//! opened by WeChat's own server inside a cloud call (no session key).

use crate::json::{Object, Value};

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::object;
use crate::wechat::user_info::UserInfo;
use crate::wechat::watermark::{check_watermark, Validation};

/// Reads the user info a `cloudID` opened to, for the calling user `openid`
/// (the trusted `OPENID` of `cloud.getWXContext()`).
///
/// The watermark must be there and name `validation.app_id`, within its
/// time rules. WeChat's platform only opens a cloudID for the user it was
/// given to; should the data still carry another `openId`, it is
/// [`ErrorKind::PayloadShape`] (field `openId`). Without one, the caller's
/// is filled in.
pub fn read_open_user_info(
    data: &Value,
    validation: &Validation,
    openid: &str,
) -> Result<UserInfo> {
    if openid.is_empty() {
        return Err(Error::invalid_argument("openid", "must not be empty"));
    }
    let payload = object(data, ErrorKind::PayloadShape, "data")?;
    let watermark = check_watermark(payload, validation)?;
    let mut payload: Object = payload.clone();
    match payload.get("openId") {
        None | Some(Value::Null) => {
            payload.insert("openId", Value::String(openid.into()));
        }
        Some(Value::String(id)) if id == openid => {}
        Some(Value::String(_)) => {
            return Err(Error::field(
                ErrorKind::PayloadShape,
                "openId",
                FieldProblem::Invalid("is another user's"),
            ))
        }
        Some(_) => {
            return Err(Error::field(
                ErrorKind::PayloadShape,
                "openId",
                FieldProblem::WrongType("a string"),
            ))
        }
    }
    UserInfo::from_payload(payload, watermark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::prelude::*;

    const NOW: u64 = 1_763_900_000;

    fn read(text: &str, openid: &str) -> Result<UserInfo> {
        let v = Validation::new("wxa", NOW).with_max_age(None);
        read_open_user_info(&parse(text).unwrap(), &v, openid)
    }

    fn code(text: &str, openid: &str) -> (&'static str, Option<String>) {
        let e = read(text, openid).unwrap_err();
        (e.code(), e.field_name().map(str::to_owned))
    }

    #[test]
    fn reads_the_callers_profile() {
        let info = read(
            r#"{"openId":"o-a","nickName":"A","avatarUrl":"https://x/a.png","watermark":{"appid":"wxa","timestamp":1763899990}}"#,
            "o-a",
        )
        .unwrap();
        assert_eq!(
            (info.open_id.as_str(), info.nick_name.as_str()),
            ("o-a", "A")
        );
        assert_eq!(info.avatar_url, "https://x/a.png");
        // No openId in the data: the caller's.
        let info = read(
            r#"{"nickName":"B","watermark":{"appid":"wxa","timestamp":1763899990}}"#,
            "o-b",
        )
        .unwrap();
        assert_eq!(info.open_id, "o-b");
    }

    #[test]
    fn refuses_what_is_not_the_callers_or_the_apps() {
        let wm = r#""watermark":{"appid":"wxa","timestamp":1763899990}"#;
        assert_eq!(
            code(&format!(r#"{{"openId":"o-x",{wm}}}"#), "o-a"),
            ("ERR_PAYLOAD_SHAPE", Some("openId".into()))
        );
        assert_eq!(
            code(&format!(r#"{{"openId":7,{wm}}}"#), "o-a"),
            ("ERR_PAYLOAD_SHAPE", Some("openId".into()))
        );
        assert_eq!(
            code(r#"{"nickName":"A"}"#, "o-a").0,
            "ERR_WATERMARK_MISSING"
        );
        assert_eq!(
            code(
                r#"{"watermark":{"appid":"wxother","timestamp":1763899990}}"#,
                "o-a"
            )
            .0,
            "ERR_APPID_MISMATCH"
        );
        assert_eq!(
            code(
                r#"{"watermark":{"appid":"wxa","timestamp":1863899990}}"#,
                "o-a"
            )
            .0,
            "ERR_WATERMARK_TIME"
        );
        assert_eq!(
            code(&format!(r#"{{"nickName":5,{wm}}}"#), "o-a"),
            ("ERR_PAYLOAD_SHAPE", Some("nickName".into()))
        );
        assert_eq!(code(r#"[1]"#, "o-a").0, "ERR_PAYLOAD_SHAPE");
        assert_eq!(code(&format!(r#"{{{wm}}}"#), "").0, "ERR_INVALID_ARGUMENT");
    }
}
