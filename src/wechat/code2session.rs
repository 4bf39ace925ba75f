//! The answer of `GET /sns/jscode2session`.

use crate::json::Value;
use crate::prelude::*;

use crate::crypto::SessionKey;
use crate::error::{ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};
use crate::wechat::errcode::check_errcode;

/// A successful code exchange. Keep it on the server: it holds the session key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code2Session {
    /// The user's openid in this mini program.
    pub openid: String,
    /// The user's current session key (it rotates with every `wx.login`).
    pub session_key: SessionKey,
    /// The unionid, when the app is bound to an open platform account.
    pub unionid: Option<String>,
}

/// Reads a `jscode2session` body: WeChat's error for a non-zero `errcode`,
/// [`ErrorKind::PayloadShape`] for anything else that is not a session.
pub fn parse_code2session(body: &Value) -> Result<Code2Session> {
    let f = Fields::new(
        object(body, ErrorKind::PayloadShape, "body")?,
        ErrorKind::PayloadShape,
        "",
    );
    check_errcode(&f)?;
    let openid = f.non_empty_str("openid")?.to_owned();
    let session_key = SessionKey::from_base64(f.str("session_key")?).map_err(|_| {
        f.err(
            "session_key",
            FieldProblem::Invalid("not a 16-byte base64 key"),
        )
    })?;
    let unionid = f
        .opt_str("unionid")?
        .filter(|u| !u.is_empty())
        .map(str::to_owned);
    Ok(Code2Session {
        openid,
        session_key,
        unionid,
    })
}
