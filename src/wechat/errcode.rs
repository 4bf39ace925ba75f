//! WeChat's errcode table: which errcodes mean what, and which are retryable.
//! The one place this is written down; JS reads it through the bindings.

#[cfg(feature = "server")]
use crate::error::Result;
use crate::error::{Error, ErrorKind};
#[cfg(feature = "server")]
use crate::fields::Fields;

/// Every errcode with a kind of its own. Any other non-zero errcode is
/// [`ErrorKind::UpstreamApi`].
pub const WECHAT_ERRCODES: &[(i64, ErrorKind)] = &[
    (40029, ErrorKind::CodeInvalid),
    (40163, ErrorKind::CodeUsed),
    (40226, ErrorKind::CodeBlocked),
    (45011, ErrorKind::RateLimited),
    (45009, ErrorKind::RateLimited),
    (-1, ErrorKind::UpstreamBusy),
    (40001, ErrorKind::AccessToken),
    (40014, ErrorKind::AccessToken),
    (42001, ErrorKind::AccessToken),
    (40013, ErrorKind::AppConfig),
    (40125, ErrorKind::AppConfig),
    (40164, ErrorKind::AppConfig),
    (40243, ErrorKind::AppConfig),
    (87009, ErrorKind::SessionStale),
];

/// The kind for a non-zero WeChat errcode.
pub fn wechat_error_kind(errcode: i64) -> ErrorKind {
    table_kind(WECHAT_ERRCODES, errcode)
}

/// The kind `table` gives `code`; [`ErrorKind::UpstreamApi`] ("the upstream
/// said no") for a code it does not list. Every platform's table is read
/// this way.
pub fn table_kind(table: &[(i64, ErrorKind)], code: i64) -> ErrorKind {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(ErrorKind::UpstreamApi, |(_, kind)| *kind)
}

/// The error for a WeChat errcode; `None` for 0, which means success.
pub fn wechat_error(errcode: i64) -> Option<Error> {
    (errcode != 0).then(|| Error::with_kind_and_errcode(wechat_error_kind(errcode), errcode))
}

/// Fails with WeChat's error when a response body carries a non-zero `errcode`.
#[cfg(feature = "server")]
pub(crate) fn check_errcode(body: &Fields<'_>) -> Result<()> {
    match body.opt_int("errcode")? {
        Some(code) => wechat_error(code).map_or(Ok(()), Err),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(wechat_error_kind(40029), ErrorKind::CodeInvalid);
        assert_eq!(wechat_error_kind(45009), ErrorKind::RateLimited);
        assert_eq!(wechat_error_kind(12345), ErrorKind::UpstreamApi);
        assert!(wechat_error(0).is_none());
        let e = wechat_error(-1).unwrap();
        assert_eq!(
            (e.code(), e.retryable(), e.errcode()),
            ("ERR_UPSTREAM_BUSY", true, Some(-1))
        );
    }
}
