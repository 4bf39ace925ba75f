//! The `errMsg` every wx API answers with: `"<api>:ok"` or a failure such as
//! `"getPhoneNumber:fail user deny"`. One classification for all of them.

use crate::prelude::*;

use crate::error::{Error, ErrorKind, Result};

/// Reasons that mean the user said no, as seen in the wild (after `fail`).
const DENIED: &[&str] = &[
    "user deny",
    "auth deny",
    "auth denied",
    "user cancel",
    "cancel",
    "deny",
];

/// Reasons that mean the mini program lacks the ability.
const NO_PERMISSION: &[&str] = &["no permission"];

/// `Ok(())` for `"<api>:ok"`; otherwise [`ErrorKind::UserDenied`],
/// [`ErrorKind::NoPermission`] or [`ErrorKind::WxFail`].
pub fn check_wx_result(err_msg: &str) -> Result<()> {
    let rest = crate::text::after(err_msg, b':').unwrap_or(err_msg).trim();
    if rest.eq_ignore_ascii_case("ok") {
        return Ok(());
    }
    let reason = strip_fail(rest);
    let listed = |list: &[&str]| list.iter().any(|r| r.eq_ignore_ascii_case(reason));
    let kind = if listed(DENIED) {
        ErrorKind::UserDenied
    } else if listed(NO_PERMISSION) {
        ErrorKind::NoPermission
    } else {
        ErrorKind::WxFail
    };
    Err(Error::new(kind))
}

/// `"fail user deny"`, `"fail:user deny"` and `"user deny"` all give `"user deny"`.
fn strip_fail(rest: &str) -> &str {
    let tail = match (rest.get(..4), rest.get(4..)) {
        (Some(head), Some(tail)) if head.eq_ignore_ascii_case("fail") => tail,
        _ => rest,
    };
    let skip = tail
        .bytes()
        .take_while(|b| *b == b':' || *b == b' ')
        .count();
    tail.get(skip..).unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(msg: &str) -> &'static str {
        check_wx_result(msg).err().map_or("ok", |e| e.code())
    }

    #[test]
    fn classifies() {
        assert_eq!(code("login:ok"), "ok");
        assert_eq!(code("getPhoneNumber:fail user deny"), "ERR_USER_DENIED");
        assert_eq!(code("getPhoneNumber:fail:user deny"), "ERR_USER_DENIED");
        assert_eq!(code("getPhoneNumber:user deny"), "ERR_USER_DENIED");
        assert_eq!(code("getUserProfile:fail auth deny"), "ERR_USER_DENIED");
        assert_eq!(code("getPhoneNumber:fail:user cancel"), "ERR_USER_DENIED");
        assert_eq!(
            code("getPhoneNumber:fail no permission"),
            "ERR_NO_PERMISSION"
        );
        assert_eq!(
            code("getPhoneNumber:fail jsapi has no permission, event=getphonenumber"),
            "ERR_WX_FAIL"
        );
        assert_eq!(code("request:fail timeout"), "ERR_WX_FAIL");
        assert_eq!(code(""), "ERR_WX_FAIL");
        assert_eq!(code("fail"), "ERR_WX_FAIL");
    }
}

/// The code from a `wx.login` result (`{ code, errMsg }`).
pub fn parse_login_result(res: &crate::json::Value) -> Result<String> {
    use crate::payload::json::{object, Fields};
    let f = Fields::new(
        object(res, ErrorKind::PayloadShape, "res")?,
        ErrorKind::PayloadShape,
        "",
    );
    if let Some(msg) = f.opt_str("errMsg")? {
        check_wx_result(msg)?;
    }
    Ok(f.non_empty_str("code")?.to_owned())
}

/// `Ok(())` when a `wx.getSetting` result shows `scope` granted, otherwise
/// [`ErrorKind::UserDenied`] (the user must tap a button first).
pub fn check_scope(setting: &crate::json::Value, scope: &str) -> Result<()> {
    let granted = setting
        .get("authSetting")
        .and_then(|auth| auth.get(scope))
        .and_then(crate::json::Value::as_bool)
        .unwrap_or(false);
    if granted {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::UserDenied).with_field(scope.to_owned()))
    }
}

#[cfg(test)]
mod result_tests {
    use super::*;
    use crate::json::parse;
    fn json(t: &str) -> crate::json::Value {
        parse(t).unwrap()
    }

    #[test]
    fn login_results() {
        assert_eq!(
            parse_login_result(&json(r#"{ "errMsg": "login:ok", "code": "c" }"#)).unwrap(),
            "c"
        );
        assert_eq!(
            parse_login_result(&json(r#"{ "errMsg": "login:ok" }"#))
                .unwrap_err()
                .code(),
            "ERR_PAYLOAD_SHAPE"
        );
        assert_eq!(
            parse_login_result(&json(r#"{ "errMsg": "login:fail timeout" }"#))
                .unwrap_err()
                .code(),
            "ERR_WX_FAIL"
        );
    }

    #[test]
    fn scopes() {
        let yes = json(r#"{ "authSetting": { "scope.userInfo": true } }"#);
        assert!(check_scope(&yes, "scope.userInfo").is_ok());
        let no = json(r#"{ "authSetting": {} }"#);
        assert_eq!(
            check_scope(&no, "scope.userInfo").unwrap_err().code(),
            "ERR_USER_DENIED"
        );
    }
}
