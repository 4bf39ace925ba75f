//! The `errMsg` every wx API answers with: `"<api>:ok"` or a failure such as
//! `"getPhoneNumber:fail user deny"`, and the `errno` newer base libraries
//! add to it. One classification for all of them.

use crate::prelude::*;

use crate::error::{Error, ErrorKind, Result};

/// Reasons that mean the user said no, as seen in the wild (after `fail`).
const DENIED: &[&str] = &[
    "user deny",
    "auth deny",
    "auth denied",
    "platform auth deny",
    "user cancel",
    "cancel",
    "deny",
];

/// Reasons that mean the mini program lacks the ability.
const NO_PERMISSION: &[&str] = &["no permission"];

/// errno 104: "privacy permission is not authorized" (the user has not
/// agreed to the mini program's privacy agreement).
pub const ERRNO_PRIVACY_NOT_AUTHORIZED: i64 = 104;

/// errno 112: "api scope is not declared in the privacy agreement".
pub const ERRNO_PRIVACY_SCOPE_UNDECLARED: i64 = 112;

/// errno 1400001: getPhoneNumber's paid quota is used up.
pub const ERRNO_PHONE_QUOTA: i64 = 1_400_001;

/// `Ok(())` for `"<api>:ok"`; otherwise [`ErrorKind::UserDenied`],
/// [`ErrorKind::NoPermission`], [`ErrorKind::PrivacyDenied`] (a privacy
/// errMsg), [`ErrorKind::Timeout`] (`"…:fail timeout"`) or
/// [`ErrorKind::WxFail`]. [`check_wx_outcome`] also reads the `errno`.
pub fn check_wx_result(err_msg: &str) -> Result<()> {
    check_wx_outcome(err_msg, None)
}

/// [`check_wx_result`] with the result's `errno`, which decides first:
/// 104 and 112 are [`ErrorKind::PrivacyDenied`], 1400001
/// [`ErrorKind::PhoneQuota`]. An `errno` of 0 or none leaves it to `err_msg`.
pub fn check_wx_outcome(err_msg: &str, errno: Option<i64>) -> Result<()> {
    let rest = crate::text::after(err_msg, b':').unwrap_or(err_msg).trim();
    let by_errno = match errno {
        Some(ERRNO_PRIVACY_NOT_AUTHORIZED | ERRNO_PRIVACY_SCOPE_UNDECLARED) => {
            Some(ErrorKind::PrivacyDenied)
        }
        Some(ERRNO_PHONE_QUOTA) => Some(ErrorKind::PhoneQuota),
        _ => None,
    };
    if let Some(kind) = by_errno {
        return Err(Error::new(kind));
    }
    if rest.eq_ignore_ascii_case("ok") {
        return Ok(());
    }
    let reason = strip_fail(rest);
    let listed = |list: &[&str]| list.iter().any(|r| r.eq_ignore_ascii_case(reason));
    let kind = if listed(DENIED) {
        ErrorKind::UserDenied
    } else if listed(NO_PERMISSION) {
        ErrorKind::NoPermission
    } else if crate::text::contains_ignore_case(reason, "privacy") {
        ErrorKind::PrivacyDenied
    } else if crate::text::contains_ignore_case(reason, "timeout") {
        ErrorKind::Timeout
    } else {
        ErrorKind::WxFail
    };
    Err(Error::new(kind))
}

/// Checks a wx result or event detail held in `f`: its `errMsg` (required
/// when `required`) and `errno`.
pub(crate) fn check_detail(f: &crate::fields::Fields<'_>, required: bool) -> Result<()> {
    let errno = f.opt_int("errno").ok().flatten();
    match f.opt_str("errMsg")? {
        Some(msg) => check_wx_outcome(msg, errno),
        None if required => Err(f.err("errMsg", crate::error::FieldProblem::Missing)),
        None => check_wx_outcome("ok", errno),
    }
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
        // Douyin's phone button when the platform refuses on the user's behalf.
        assert_eq!(
            code("getPhoneNumber:fail platform auth deny"),
            "ERR_USER_DENIED"
        );
        assert_eq!(code("getPhoneNumber:fail:user cancel"), "ERR_USER_DENIED");
        assert_eq!(
            code("getPhoneNumber:fail no permission"),
            "ERR_NO_PERMISSION"
        );
        assert_eq!(
            code("getPhoneNumber:fail jsapi has no permission, event=getphonenumber"),
            "ERR_WX_FAIL"
        );
        assert_eq!(code("request:fail timeout"), "ERR_TIMEOUT");
        assert_eq!(code("login:fail timeout"), "ERR_TIMEOUT");
        assert_eq!(code("checkSession:fail session time out"), "ERR_WX_FAIL");
        assert_eq!(
            code("getPhoneNumber:fail privacy permission is not authorized"),
            "ERR_PRIVACY_DENIED"
        );
        assert_eq!(
            code("chooseAvatar:fail api scope is not declared in the privacy agreement"),
            "ERR_PRIVACY_DENIED"
        );
        assert_eq!(code(""), "ERR_WX_FAIL");
        assert_eq!(code("fail"), "ERR_WX_FAIL");
    }

    #[test]
    fn errno_decides_first() {
        let code = |msg, errno| {
            check_wx_outcome(msg, errno)
                .err()
                .map_or("ok", |e| e.code())
        };
        assert_eq!(code("getPhoneNumber:fail", Some(104)), "ERR_PRIVACY_DENIED");
        assert_eq!(code("getUserProfile:fail", Some(112)), "ERR_PRIVACY_DENIED");
        assert_eq!(
            code("getPhoneNumber:fail user deny", Some(1_400_001)),
            "ERR_PHONE_QUOTA"
        );
        assert_eq!(code("getPhoneNumber:ok", Some(0)), "ok");
        assert_eq!(
            code("getPhoneNumber:fail user deny", Some(0)),
            "ERR_USER_DENIED"
        );
        assert_eq!(code("getPhoneNumber:fail", Some(7)), "ERR_WX_FAIL");
    }
}

/// The code from a `wx.login` result (`{ code, errMsg }`).
pub fn parse_login_result(res: &crate::json::Value) -> Result<String> {
    use crate::fields::{object, Fields};
    let f = Fields::new(
        object(res, ErrorKind::PayloadShape, "res")?,
        ErrorKind::PayloadShape,
        "",
    );
    check_detail(&f, false)?;
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
            "ERR_TIMEOUT"
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
