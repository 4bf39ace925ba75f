//! The profile an Alipay mini program hands over. `my.getOpenUserInfo`
//! answers `response`, the JSON text `{ "response": { code, subMsg,
//! nickName, avatar } }` (Alipay's docs: `JSON.parse(res.response).response`;
//! source in `tests/vectors/README.md`), neither signed nor sealed: whatever
//! the mini program sends is the user's word, like WeChat's nickname input. It is read as a
//! user-provided profile: the nickname by the nickname rule, the avatar an
//! `https://` URL, nothing else kept.

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::Fields;
use crate::json::{self, Object, Value};
use crate::wechat::nickname::check_nickname;

use crate::alipay::errors::alipay_error;

/// The longest avatar URL kept.
pub const MAX_AVATAR_URL_LENGTH: usize = 2048;

/// Reads `my.getOpenUserInfo`'s `response` text as `{ nickName?, avatarUrl? }`
/// (Alipay's `avatar` named as WeChat's).
///
/// Errors: [`ErrorKind::InvalidArgument`] (field `response`) for text that
/// is not the answer's JSON, or an answer with neither a nickname nor an
/// avatar; Alipay's error for a `code` other than `10000` (the user refused:
/// `40006`, [`ErrorKind::NoPermission`]); the nickname rule's errors;
/// [`ErrorKind::InvalidArgument`] (field `avatar`) for an avatar that is not
/// an `https://` URL of at most [`MAX_AVATAR_URL_LENGTH`] bytes.
pub fn read_open_user_info(text: &str) -> Result<Object> {
    let bad = || Error::invalid_argument("response", "must be my.getOpenUserInfo's response text");
    let outer = match json::parse(text) {
        Ok(Value::Object(outer)) => outer,
        _ => return Err(bad()),
    };
    let inner = match outer.get("response") {
        Some(Value::Object(inner)) => inner,
        _ => return Err(bad()),
    };
    let f = Fields::new(inner, ErrorKind::InvalidArgument, "response");
    let code = f.str("code")?;
    if code != "10000" {
        return Err(alipay_error(
            code,
            f.opt_str("subCode")?.or(f.opt_str("sub_code")?),
        ));
    }
    let mut out = Object::new();
    // Alipay's docs: some users have no nickname set (it comes empty).
    if let Some(name) = f.opt_str("nickName")?.filter(|n| !n.trim().is_empty()) {
        out.insert("nickName", Value::from(check_nickname(name)?.as_str()));
    }
    if let Some(avatar) = f.opt_str("avatar")? {
        if !avatar.starts_with("https://")
            || avatar.len() > MAX_AVATAR_URL_LENGTH
            || avatar.chars().any(char::is_whitespace)
        {
            return Err(f.err("avatar", FieldProblem::Invalid("must be an https:// URL")));
        }
        out.insert("avatarUrl", Value::from(avatar));
    }
    if out.is_empty() {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_user_info_answer_reads_as_a_user_provided_profile() {
        let text = r#"{"response":{"code":"10000","msg":"Success","nickName":" 小明 ","avatar":"https://tfs.alipayobjects.com/images/partner/x"}}"#;
        let out = read_open_user_info(text).unwrap();
        assert_eq!(out.get("nickName").and_then(Value::as_str), Some("小明"));
        assert_eq!(
            out.get("avatarUrl").and_then(Value::as_str),
            Some("https://tfs.alipayobjects.com/images/partner/x")
        );
        let nameless =
            r#"{"response":{"code":"10000","nickName":"","avatar":"https://x.example/a"}}"#;
        assert!(read_open_user_info(nameless)
            .unwrap()
            .get("nickName")
            .is_none());
        let denied = r#"{"response":{"code":"40006","msg":"Insufficient Permissions","subCode":"isv.insufficient-user-permissions"}}"#;
        assert_eq!(
            read_open_user_info(denied).unwrap_err().code(),
            "ERR_NO_PERMISSION"
        );
        for bad in [
            "",
            "[]",
            r#"{"response":"x"}"#,
            r#"{"response":{"code":"10000"}}"#,
            r#"{"response":{"code":"10000","avatar":"javascript:alert(1)"}}"#,
            r#"{"response":{"code":10000}}"#,
        ] {
            assert_eq!(
                read_open_user_info(bad).unwrap_err().code(),
                "ERR_INVALID_ARGUMENT",
                "{bad}"
            );
        }
    }
}
