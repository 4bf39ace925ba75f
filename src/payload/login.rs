//! The developer server's answer to `POST /login`, as the client keeps it.

use crate::prelude::*;

use crate::json::{Object, ObjectWriter, ToJson, Value};

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::payload::json::{integer, object, Fields};
use crate::storage::looks_like_session_key;

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
}

impl ClientSession {
    /// Reads `{ token, openid, unionid?, expiresAt, profile?, phone? }`.
    /// A token that looks like a session key is [`ErrorKind::SensitiveField`].
    pub fn from_login_reply(body: &Value) -> Result<Self> {
        Self::from_object(object(body, ErrorKind::PayloadShape, "body")?)
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
        })
    }
}

impl ToJson for ClientSession {
    /// `{ token, openid, unionid?, expiresAt, profile, phone }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("token", &self.token)
            .field("openid", &self.openid)
            .optional("unionid", &self.unionid)
            .field("expiresAt", &self.expires_at)
            .field("profile", &self.profile)
            .field("phone", &self.phone);
        w.end();
    }
}
