//! The answer of `GET /sns/jscode2session`, and the session every
//! platform's code exchange gives.

use crate::json::Value;
use crate::prelude::*;

use crate::crypto::SessionKey;
use crate::error::{ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};
use crate::wechat::errcode::check_errcode;

/// A successful code exchange. Keep it on the server: it holds the session key.
///
/// `K` is the session key's type: [`SessionKey`] (16 bytes, AES-128) for
/// WeChat, QQ, Douyin and Kuaishou; [`crate::crypto::SessionKey192`] for Baidu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code2Session<K = SessionKey> {
    /// The user's openid in this mini program.
    pub openid: String,
    /// The user's current session key (it rotates with every `wx.login`).
    pub session_key: K,
    /// The unionid, when the app is bound to an open platform account.
    pub unionid: Option<String>,
}

/// The field names a platform's code-exchange answer uses.
pub(crate) struct SessionFields {
    pub(crate) openid: &'static str,
    pub(crate) session_key: &'static str,
    pub(crate) unionid: &'static str,
}

/// WeChat's (and QQ's, Douyin's, Baidu's) names.
pub(crate) const SNAKE_FIELDS: SessionFields = SessionFields {
    openid: "openid",
    session_key: "session_key",
    unionid: "unionid",
};

impl SessionFields {
    /// Reads a session from `f`: a non-empty openid, a key `read_key` accepts
    /// (else [`ErrorKind::PayloadShape`] naming the field, saying `why`), and
    /// an optional unionid (empty reads as absent).
    pub(crate) fn read<K>(
        &self,
        f: &Fields<'_>,
        read_key: impl Fn(&str) -> Result<K>,
        why: &'static str,
    ) -> Result<Code2Session<K>> {
        let openid = f.non_empty_str(self.openid)?.to_owned();
        let session_key = read_key(f.str(self.session_key)?)
            .map_err(|_| f.err(self.session_key, FieldProblem::Invalid(why)))?;
        let unionid = f
            .opt_str(self.unionid)?
            .filter(|u| !u.is_empty())
            .map(str::to_owned);
        Ok(Code2Session {
            openid,
            session_key,
            unionid,
        })
    }
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
    SNAKE_FIELDS.read(&f, SessionKey::from_base64, "not a 16-byte base64 key")
}
