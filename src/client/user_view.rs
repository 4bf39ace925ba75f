//! The `user` view a page renders from: whatever the developer server
//! answered about the user (`/login`, `/profile`, `/avatar`, `/phone`,
//! `/me`), typically `{ nickName?, avatarUrl?, phoneNumber? }` with the phone
//! number masked by the server. Kept in the state and in storage, so a page
//! can render after a relaunch without a request.

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::json::{Object, Value};

/// The largest `user` view kept, in bytes of JSON: it lives in wx storage,
/// which is small, and is read at every launch.
pub const MAX_USER_JSON_BYTES: usize = 8 * 1024;

/// Reads an optional `user` answered by the server: absent or `null` is an
/// empty view; anything but an object, or one too large, is
/// [`ErrorKind::PayloadShape`].
pub fn read_user(value: Option<&Value>) -> Result<Object> {
    match value {
        None | Some(Value::Null) => Ok(Object::new()),
        Some(Value::Object(user)) => {
            if crate::json::to_json(user).len() > MAX_USER_JSON_BYTES {
                return Err(Error::field(
                    ErrorKind::PayloadShape,
                    "user",
                    FieldProblem::Invalid("is too large"),
                ));
            }
            Ok(user.clone())
        }
        Some(_) => Err(Error::field(
            ErrorKind::PayloadShape,
            "user",
            FieldProblem::WrongType("an object"),
        )),
    }
}

/// `base` with every entry of `patch` set over it (the server's newer
/// answer wins; what it left out is kept).
pub fn merge_user(base: &Object, patch: &Object) -> Object {
    let mut out = base.clone();
    for (key, value) in patch.iter() {
        out.insert(key.clone(), value.clone());
    }
    out
}

fn has_text(user: &Object, key: &str) -> bool {
    matches!(user.get(key), Some(Value::String(s)) if !s.trim().is_empty())
}

/// Whether the view completes the profile step: a nickname and an avatar.
pub fn has_profile(user: &Object) -> bool {
    has_text(user, "nickName") && has_text(user, "avatarUrl")
}

/// Whether the view shows a bound phone number.
pub fn has_phone(user: &Object) -> bool {
    has_text(user, "phoneNumber")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn obj(text: &str) -> Object {
        parse(text).unwrap().as_object().unwrap().clone()
    }

    #[test]
    fn avatar_and_nickname_make_a_profile() {
        assert!(!has_profile(&obj(r#"{ "avatarUrl": "https://a/1" }"#)));
        assert!(!has_profile(&obj(
            r#"{ "nickName": "小明", "avatarUrl": " " }"#
        )));
        let merged = merge_user(
            &obj(r#"{ "avatarUrl": "https://a/1", "x": 1 }"#),
            &obj(r#"{ "nickName": "小明", "x": 2 }"#),
        );
        assert!(has_profile(&merged));
        assert_eq!(merged.get("x"), Some(&Value::from(2i64)));
        assert!(has_phone(&obj(r#"{ "phoneNumber": "138****8000" }"#)));
    }

    #[test]
    fn reading() {
        assert!(read_user(None).unwrap().is_empty());
        assert!(read_user(Some(&Value::Null)).unwrap().is_empty());
        assert_eq!(
            read_user(Some(&Value::String("x".into())))
                .unwrap_err()
                .code(),
            "ERR_PAYLOAD_SHAPE"
        );
        let big = Value::Object(obj(&["{\"n\":\"", &"x".repeat(9000), "\"}"].concat()));
        assert_eq!(
            read_user(Some(&big)).unwrap_err().code(),
            "ERR_PAYLOAD_SHAPE"
        );
    }
}
