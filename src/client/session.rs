//! The developer server's answer to `POST /login`, as the client keeps it.

use crate::prelude::*;

use crate::json::{Object, ObjectWriter, ToJson, Value};

use crate::client::secrets::looks_like_session_key;
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::{integer, object, Fields};

/// What the client keeps of a sign-in: never a session key.
///
/// Only these fields are read from the server's answer, so anything else it
/// sends (a stray `session_key`, say) is never kept.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct ClientSession {
    /// The developer server's own bearer token.
    pub token: String,
    /// The user's openid.
    pub openid: String,
    /// The unionid, when there is one.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub unionid: Option<String>,
    /// When the session ends, milliseconds since the epoch.
    pub expires_at: u64,
    /// The server has the user's profile.
    pub profile: bool,
    /// The server has the user's phone number.
    pub phone: bool,
    /// What the server answered about the user (nickname, avatar URL,
    /// masked phone number…), for pages to render: see [`crate::client::user_view`].
    pub user: Object,
}

/// The longest token kept, in bytes.
pub const MAX_TOKEN_BYTES: usize = 1024;

/// Whether `token` can travel in an `Authorization` header as it is:
/// visible ASCII only (no control characters, spaces or line breaks that
/// could split a header), and not too long.
fn header_safe(token: &str) -> bool {
    token.len() <= MAX_TOKEN_BYTES && token.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

impl ClientSession {
    /// Reads `{ token, openid, unionid?, expiresAt, profile?, phone?, user? }`.
    /// A token that looks like a session key is [`ErrorKind::SensitiveField`];
    /// one with anything but visible ASCII in it (a control character, a
    /// space) is [`ErrorKind::PayloadShape`].
    pub fn from_login_reply(body: &Value) -> Result<Self> {
        Self::from_object(object(body, ErrorKind::PayloadShape, "body")?)
    }

    /// [`ClientSession::from_login_reply`] at `now_ms`: a session that has
    /// already ended (`expiresAt` not after `now_ms`) is refused too, before
    /// anything is stored.
    pub fn from_login_reply_at(body: &Value, now_ms: u64) -> Result<Self> {
        let session = Self::from_login_reply(body)?;
        if session.expires_at <= now_ms {
            return Err(Error::field(
                ErrorKind::PayloadShape,
                "expiresAt",
                FieldProblem::Invalid("is in the past"),
            ));
        }
        Ok(session)
    }

    /// [`ClientSession::from_login_reply`] for a body known to be an object.
    pub(crate) fn from_object(body: &Object) -> Result<Self> {
        let f = Fields::new(body, ErrorKind::PayloadShape, "");
        let token = f.non_empty_str("token")?;
        if looks_like_session_key(token) {
            return Err(Error::field(
                ErrorKind::SensitiveField,
                "token",
                FieldProblem::Invalid("looks like a session key"),
            ));
        }
        if !header_safe(token) {
            return Err(Error::field(
                ErrorKind::PayloadShape,
                "token",
                FieldProblem::Invalid("must be visible ASCII, at most 1024 bytes"),
            ));
        }
        let expires_at = f
            .get("expiresAt")
            .ok_or_else(|| f.err("expiresAt", FieldProblem::Missing))
            .and_then(|v| {
                integer(v)
                    .and_then(|ms| u64::try_from(ms).ok())
                    .ok_or_else(|| {
                        f.err(
                            "expiresAt",
                            FieldProblem::WrongType("milliseconds since the epoch"),
                        )
                    })
            })?;
        Ok(ClientSession {
            token: token.to_owned(),
            openid: f.non_empty_str("openid")?.to_owned(),
            unionid: f
                .opt_str("unionid")?
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
            expires_at,
            profile: f.flag("profile")?,
            phone: f.flag("phone")?,
            user: crate::client::user_view::read_user(f.get("user"))?,
        })
    }
}

impl ToJson for ClientSession {
    /// `{ token, openid, unionid?, expiresAt, profile, phone, user }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("token", &self.token)
            .field("openid", &self.openid)
            .optional("unionid", &self.unionid)
            .field("expiresAt", &self.expires_at)
            .field("profile", &self.profile)
            .field("phone", &self.phone)
            .field("user", &self.user);
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn reply(text: &str, now: u64) -> core::result::Result<ClientSession, &'static str> {
        ClientSession::from_login_reply_at(&parse(text).unwrap(), now).map_err(|e| e.code())
    }

    #[test]
    fn replies_are_checked_before_use() {
        let ok = reply(
            r#"{ "token": "abc_-.~", "openid": "o", "expiresAt": 2000, "user": { "nickName": "n" } }"#,
            1000,
        )
        .unwrap();
        assert_eq!(ok.user.get("nickName"), Some(&Value::String("n".into())));
        assert!(reply(
            r#"{ "token": "t", "openid": "o", "expiresAt": 2000 }"#,
            1000
        )
        .unwrap()
        .user
        .is_empty());
        for bad in [r"a\nb", r"a\u0000b", "a b", r"a\tb", r"a\u007fb", r"\u00e9"] {
            let text = [
                "{ \"token\": \"",
                bad,
                "\", \"openid\": \"o\", \"expiresAt\": 2000 }",
            ]
            .concat();
            assert_eq!(
                reply(&text, 1000).unwrap_err(),
                "ERR_PAYLOAD_SHAPE",
                "{bad}"
            );
        }
        assert_eq!(
            reply(
                r#"{ "token": "t", "openid": "o", "expiresAt": 1000 }"#,
                1000
            )
            .unwrap_err(),
            "ERR_PAYLOAD_SHAPE"
        );
        assert_eq!(
            reply(
                r#"{ "token": "t", "openid": "o", "expiresAt": 2000, "user": [] }"#,
                1000
            )
            .unwrap_err(),
            "ERR_PAYLOAD_SHAPE"
        );
        assert_eq!(
            reply(
                r#"{ "token": "Pt8Rn+yFDuTkk1kp6WSh5w==", "openid": "o", "expiresAt": 2000 }"#,
                1
            )
            .unwrap_err(),
            "ERR_SENSITIVE_FIELD"
        );
    }
}
