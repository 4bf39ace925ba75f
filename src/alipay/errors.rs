//! Alipay's error answers (`code`, `sub_code`, as the gateway's
//! `error_response` and a non-`10000` phone `code` carry them) mapped to our
//! kinds: a `sub_code` with a kind of its own first, then the `code`, else
//! [`ErrorKind::UpstreamApi`]. The numeric `code` is kept as `errcode`.

use crate::error::{Error, ErrorKind};

/// `sub_code`s with a kind of their own.
pub const ALIPAY_SUB_CODES: &[(&str, ErrorKind)] = &[
    // The auth code is unknown, expired or already used.
    ("isv.code-invalid", ErrorKind::CodeInvalid),
    // The app's identity or its keys are wrong: an operator must fix them.
    ("isv.invalid-app-id", ErrorKind::AppConfig),
    ("isv.invalid-signature", ErrorKind::AppConfig),
    ("isv.invalid-signature-type", ErrorKind::AppConfig),
    ("isv.missing-signature-config", ErrorKind::AppConfig),
    ("isv.invalid-timestamp", ErrorKind::AppConfig),
    ("isv.invalid-encrypt", ErrorKind::AppConfig),
    // The app lacks the ability (phone numbers need an enterprise account).
    ("isv.insufficient-isv-permissions", ErrorKind::NoPermission),
    ("isv.insufficient-user-permissions", ErrorKind::NoPermission),
    // Alipay's own fault: retry with backoff.
    ("isp.unknow-error", ErrorKind::UpstreamBusy),
    ("aop.unknow-error", ErrorKind::UpstreamBusy),
];

/// `code`s with a kind of their own (when the `sub_code` has none).
pub const ALIPAY_CODES: &[(&str, ErrorKind)] = &[
    // Service unavailable.
    ("20000", ErrorKind::UpstreamBusy),
    // Insufficient authorisation (the app's credentials).
    ("20001", ErrorKind::AppConfig),
    // A required common parameter is missing.
    ("40001", ErrorKind::AppConfig),
    // Insufficient permissions.
    ("40006", ErrorKind::NoPermission),
];

/// The error for an Alipay `code` (not `10000`) and optional `sub_code`.
pub fn alipay_error(code: &str, sub_code: Option<&str>) -> Error {
    let kind = sub_code
        .and_then(|sub| ALIPAY_SUB_CODES.iter().find(|(s, _)| *s == sub))
        .or_else(|| ALIPAY_CODES.iter().find(|(c, _)| *c == code))
        .map_or(ErrorKind::UpstreamApi, |(_, kind)| *kind);
    let err = Error::new(kind);
    match code.parse::<i64>() {
        Ok(n) => err.with_errcode(n),
        Err(_) => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_codes_come_before_codes() {
        let e = alipay_error("40002", Some("isv.code-invalid"));
        assert_eq!(e.code(), "ERR_CODE_INVALID");
        assert_eq!(e.errcode(), Some(40002));
        assert_eq!(alipay_error("20000", None).code(), "ERR_UPSTREAM_BUSY");
        assert!(alipay_error("20000", None).retryable());
        assert_eq!(
            alipay_error("40006", Some("isv.unknown")).code(),
            "ERR_NO_PERMISSION"
        );
        assert_eq!(alipay_error("40004", Some("x")).code(), "ERR_UPSTREAM_API");
        assert_eq!(alipay_error("oops", None).errcode(), None);
    }
}
