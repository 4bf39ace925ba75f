//! Client storage: the key a session is kept under, and the envelope
//! `{ v: 1, exp, data }` around it.
//!
//! Opening never fails in a way the app sees: a corrupt, foreign-version,
//! wrongly typed or expired entry is "nothing stored", with the reason.
//! Sealing refuses anything that looks like a session key or secret.

use crate::prelude::*;

use crate::json::{Object, Value};

use crate::client::secrets::sensitive_path;
use crate::client::session::ClientSession;
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::integer;

/// The envelope version this build writes and reads.
pub const STORAGE_VERSION: i64 = 1;

/// What every storage key starts with: the envelope version is part of it
/// (a test checks it against [`STORAGE_VERSION`]).
pub const KEY_PREFIX: &str = "weapp-login:v1:";

/// What ends the session's storage key, after the appId.
pub const SESSION_KEY_END: &str = ":session";

/// The longest appId a storage key takes, in bytes.
pub const MAX_APP_ID_BYTES: usize = 64;

/// What an appId may hold beside ASCII letters and digits.
pub const APP_ID_EXTRA_CHARACTERS: &str = "_-";

/// `weapp-login:v1:<appId>:session`.
pub fn session_storage_key(app_id: &str) -> Result<String> {
    let valid = !app_id.is_empty()
        && app_id.len() <= MAX_APP_ID_BYTES
        && app_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || APP_ID_EXTRA_CHARACTERS.as_bytes().contains(&b));
    if !valid {
        return Err(Error::invalid_argument(
            "appId",
            "must be 1 to 64 letters, digits, '_' or '-'",
        ));
    }
    Ok(crate::text::join(&[KEY_PREFIX, app_id, SESSION_KEY_END]))
}

/// Wraps `data` in the envelope `{ v: 1, exp, data }`; `exp` is in
/// milliseconds since the epoch. Anything that looks like a session key or
/// secret is [`ErrorKind::SensitiveField`] (its field named, never its value).
pub fn seal_entry(data: &Object, exp_ms: u64) -> Result<Value> {
    seal_owned(data.clone(), exp_ms)
}

/// [`seal_entry`] for data the caller gives up.
fn seal_owned(data: Object, exp_ms: u64) -> Result<Value> {
    if let Some(path) = sensitive_path(&data, 0) {
        let field = if path.is_empty() {
            "data".to_owned()
        } else {
            crate::text::join(&["data.", &path])
        };
        return Err(Error::field(
            ErrorKind::SensitiveField,
            field,
            FieldProblem::Invalid("looks like a session key or secret"),
        ));
    }
    Ok(Value::Object(Object::from_entries(alloc::vec![
        ("v".to_owned(), Value::from(STORAGE_VERSION)),
        ("exp".to_owned(), Value::from(exp_ms)),
        ("data".to_owned(), Value::Object(data)),
    ])))
}

/// Why nothing usable was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmptyReason {
    /// Nothing under the key.
    Absent,
    /// Not an envelope (or not JSON).
    Corrupt,
    /// An envelope of another version.
    Version,
    /// An envelope whose data has the wrong shape.
    Shape,
    /// An envelope whose time is up.
    Expired,
    /// An entry holding something like a session key or secret: remove it.
    Sensitive,
}

impl EmptyReason {
    /// The reason as JS sees it (`"corrupt"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            EmptyReason::Absent => "absent",
            EmptyReason::Corrupt => "corrupt",
            EmptyReason::Version => "version",
            EmptyReason::Shape => "shape",
            EmptyReason::Expired => "expired",
            EmptyReason::Sensitive => "sensitive",
        }
    }
}

/// What opening a stored entry found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened<T> {
    /// A valid, unexpired entry.
    Found(T),
    /// Nothing usable: remove the entry (unless absent) and carry on signed out.
    Empty(EmptyReason),
}

/// Opens an envelope at time `now_ms`. `raw` may be the stored object or its
/// JSON text; `""` and `null` (what wx storage gives for a missing key) are absent.
pub fn open_entry(raw: &Value, now_ms: u64) -> Opened<Object> {
    open_with(raw, now_ms, |data| Opened::Found(data.clone()))
}

/// Opens an envelope and hands a valid, unexpired entry's data to `found`.
fn open_with<T>(raw: &Value, now_ms: u64, found: impl FnOnce(&Object) -> Opened<T>) -> Opened<T> {
    let parsed;
    let raw = match raw {
        Value::Null => return Opened::Empty(EmptyReason::Absent),
        Value::String(s) if s.is_empty() => return Opened::Empty(EmptyReason::Absent),
        Value::String(s) => match crate::json::parse(s) {
            Ok(v) => {
                parsed = v;
                &parsed
            }
            Err(_) => return Opened::Empty(EmptyReason::Corrupt),
        },
        other => other,
    };
    let Some(envelope) = raw.as_object() else {
        return Opened::Empty(EmptyReason::Corrupt);
    };
    let (Some(v), Some(exp), Some(Value::Object(data))) = (
        envelope.get("v").and_then(integer),
        envelope.get("exp").and_then(integer),
        envelope.get("data"),
    ) else {
        return Opened::Empty(EmptyReason::Corrupt);
    };
    if v != STORAGE_VERSION {
        return Opened::Empty(EmptyReason::Version);
    }
    if sensitive_path(data, 0).is_some() {
        return Opened::Empty(EmptyReason::Sensitive);
    }
    if u64::try_from(exp).map_or(true, |exp| exp <= now_ms) {
        return Opened::Empty(EmptyReason::Expired);
    }
    found(data)
}

/// Seals a session for storage; it expires when the session does. Beside
/// it, the envelope carries the first frame (`view`: the state restoring it
/// enters, see [`crate::client::frame`]).
pub fn seal_session(session: &ClientSession) -> Result<Value> {
    let view = crate::client::frame::restored_state(session)?.into_view();
    let (Ok(Value::Object(data)), Ok(view)) = (
        crate::json::parse(&crate::json::to_json(session)),
        crate::json::parse(&crate::json::to_json(&view)),
    ) else {
        return Err(Error::new(ErrorKind::Internal));
    };
    let mut sealed = seal_owned(data, session.expires_at)?;
    if let Value::Object(envelope) = &mut sealed {
        envelope.insert(crate::client::frame::VIEW_FIELD, view);
    }
    Ok(sealed)
}

/// Opens a stored session at `now_ms`: the session, or why there is none.
pub fn open_session(raw: &Value, now_ms: u64) -> Opened<ClientSession> {
    open_with(raw, now_ms, |data| match ClientSession::from_object(data) {
        Ok(session) if session.expires_at > now_ms => Opened::Found(session),
        Ok(_) => Opened::Empty(EmptyReason::Expired),
        Err(_) => Opened::Empty(EmptyReason::Shape),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, Value};

    fn json(text: &str) -> Value {
        parse(text).unwrap()
    }

    fn session() -> ClientSession {
        ClientSession {
            token: "t".repeat(43),
            openid: "o1".into(),
            unionid: None,
            expires_at: 2_000,
            profile: true,
            phone: false,
            user: crate::json::parse(r#"{ "nickName": "小明", "phoneNumber": "138****8000" }"#)
                .unwrap()
                .as_object()
                .unwrap()
                .clone(),
        }
    }

    #[test]
    fn key_format() {
        assert_eq!(
            KEY_PREFIX,
            [
                "weapp-login:v",
                &std::string::ToString::to_string(&STORAGE_VERSION),
                ":"
            ]
            .concat()
        );
        assert_eq!(
            session_storage_key("wx123").unwrap(),
            "weapp-login:v1:wx123:session"
        );
        for bad in ["", "wx:1", "a b", &"x".repeat(65)] {
            assert_eq!(
                session_storage_key(bad).unwrap_err().code(),
                "ERR_INVALID_ARGUMENT"
            );
        }
    }

    #[test]
    fn seal_then_open() {
        let sealed = seal_session(&session()).unwrap();
        assert_eq!(sealed["v"].as_i64(), Some(1));
        assert_eq!(open_session(&sealed, 1_999), Opened::Found(session()));
        assert_eq!(
            open_session(&sealed, 2_000),
            Opened::Empty(EmptyReason::Expired)
        );
        assert_eq!(
            open_session(&Value::String(sealed.to_json()), 1),
            Opened::Found(session())
        );
    }

    #[test]
    fn secrets_are_refused_by_name_and_by_shape() {
        for data in [
            json(r#"{ "session_key": "x" }"#),
            json(r#"{ "nested": { "appSecret": "x" } }"#),
            json(r#"{ "k": "Pt8Rn+yFDuTkk1kp6WSh5w==" }"#),
            json(r#"{ "list": ["Pt8Rn+yFDuTkk1kp6WSh5w=="] }"#),
        ] {
            let err = seal_entry(data.as_object().unwrap(), 1).unwrap_err();
            assert_eq!(err.code(), "ERR_SENSITIVE_FIELD");
            assert!(!err.message().contains("Pt8Rn"));
        }
    }

    #[test]
    fn bad_entries_are_empty_with_a_reason() {
        let cases = [
            (json(r#"null"#), EmptyReason::Absent),
            (json(r#""""#), EmptyReason::Absent),
            (json(r#""{not json""#), EmptyReason::Corrupt),
            (json(r#"42"#), EmptyReason::Corrupt),
            (json(r#"[1]"#), EmptyReason::Corrupt),
            (json(r#"{ "v": 1, "exp": 5 }"#), EmptyReason::Corrupt),
            (
                json(r#"{ "v": 1, "exp": "5", "data": {} }"#),
                EmptyReason::Corrupt,
            ),
            (
                json(r#"{ "v": 2, "exp": 5000, "data": {} }"#),
                EmptyReason::Version,
            ),
            (
                json(r#"{ "v": 1, "exp": 5000, "data": {} }"#),
                EmptyReason::Shape,
            ),
            (
                json(
                    r#"{ "v": 1, "exp": 5000, "data": { "token": 1, "openid": "o", "expiresAt": 5000 } }"#,
                ),
                EmptyReason::Shape,
            ),
            (
                json(r#"{ "v": 1, "exp": 5000, "data": { "session_key": "k" } }"#),
                EmptyReason::Sensitive,
            ),
            (
                json(r#"{ "v": 1, "exp": 10, "data": {} }"#),
                EmptyReason::Expired,
            ),
        ];
        for (raw, reason) in cases {
            assert_eq!(
                open_session(&raw, 100),
                Opened::Empty(reason),
                "{}",
                raw.to_json()
            );
        }
    }
}
