//! What the developer server keeps for each token: the session record, in
//! its one storage format. The token itself is never in it (it is stored
//! under a hash of the token), and nor is the session key (that lives in the
//! user's key ring).

use crate::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::json::{Object, ObjectWriter, ToJson, Value};

/// One session: whose it is and until when.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct SessionRecord {
    /// The user's openid in this mini program.
    pub openid: String,
    /// The unionid, when WeChat gave one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub unionid: Option<String>,
    /// The app's own user id (from its `onLogin` hook), as the app gave it.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub user_id: Option<Value>,
    /// When the session ends, in milliseconds since the epoch.
    pub expires_at: u64,
}

impl SessionRecord {
    /// Reads a stored record: unreadable (or absent) is
    /// [`ErrorKind::SessionNotFound`], one that ended by `now_ms` is
    /// [`ErrorKind::SessionExpired`].
    pub fn from_storage(text: &str, now_ms: u64) -> Result<Self> {
        let not_found = || Error::new(ErrorKind::SessionNotFound);
        let map: Object = match crate::json::parse(text) {
            Ok(Value::Object(map)) => map,
            _ => return Err(not_found()),
        };
        let openid = match map.get("openid").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => id.to_owned(),
            _ => return Err(not_found()),
        };
        let expires_at = map
            .get("exp")
            .and_then(Value::as_i64)
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(not_found)?;
        if expires_at <= now_ms {
            return Err(Error::new(ErrorKind::SessionExpired));
        }
        Ok(SessionRecord {
            openid,
            unionid: map
                .get("unionid")
                .and_then(Value::as_str)
                .map(str::to_owned),
            user_id: map
                .get("userId")
                .filter(|v| matches!(v, Value::String(_) | Value::Number(_)))
                .cloned(),
            expires_at,
        })
    }

    /// The record as stored: `{ openid, unionid?, userId?, exp }`.
    pub fn to_storage(&self) -> String {
        crate::json::to_json(self)
    }
}

impl ToJson for SessionRecord {
    /// The storage form, `{ openid, unionid?, userId?, exp }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("openid", &self.openid)
            .optional("unionid", &self.unionid)
            .optional("userId", &self.user_id)
            .field("exp", &self.expires_at);
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_expiry_and_damage() {
        let record = SessionRecord {
            openid: "o-a".into(),
            unionid: None,
            user_id: Some(Value::from(42i64)),
            expires_at: 2_000,
        };
        let text = record.to_storage();
        assert_eq!(text, r#"{"openid":"o-a","userId":42,"exp":2000}"#);
        assert_eq!(SessionRecord::from_storage(&text, 1_999).unwrap(), record);
        assert_eq!(
            SessionRecord::from_storage(&text, 2_000)
                .unwrap_err()
                .code(),
            "ERR_SESSION_EXPIRED"
        );
        for bad in [
            "",
            "{",
            "[]",
            r#"{"openid":""}"#,
            r#"{"openid":"a"}"#,
            r#"{"openid":"a","exp":-1}"#,
        ] {
            assert_eq!(
                SessionRecord::from_storage(bad, 0).unwrap_err().code(),
                "ERR_SESSION_NOT_FOUND",
                "{bad}"
            );
        }
    }
}
