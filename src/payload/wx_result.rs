//! The `errMsg` every wx API answers with: `"<api>:ok"` or a failure such as
//! `"getPhoneNumber:fail user deny"`. One classification for all of them.

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
    let rest = err_msg
        .split_once(':')
        .map_or(err_msg, |(_, rest)| rest)
        .trim();
    if rest.eq_ignore_ascii_case("ok") {
        return Ok(());
    }
    let reason = strip_fail(rest).to_ascii_lowercase();
    let kind = if DENIED.contains(&reason.as_str()) {
        ErrorKind::UserDenied
    } else if NO_PERMISSION.contains(&reason.as_str()) {
        ErrorKind::NoPermission
    } else {
        ErrorKind::WxFail
    };
    Err(Error::new(kind))
}

/// `"fail user deny"`, `"fail:user deny"` and `"user deny"` all give `"user deny"`.
fn strip_fail(rest: &str) -> &str {
    let lower = rest.get(..4).map(str::to_ascii_lowercase);
    let tail = match (lower.as_deref(), rest.get(4..)) {
        (Some("fail"), Some(tail)) => tail,
        _ => rest,
    };
    tail.trim_start_matches([':', ' ']).trim()
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
