//! One error type with stable codes.
//!
//! Every failure in this crate is an [`Error`]: an [`ErrorKind`] whose
//! [`code()`](ErrorKind::code) string never changes, plus the argument or
//! payload field it concerns and, for WeChat's own errors, its `errcode`.
//! Messages are built only from static text and field names, so they never
//! carry a session key, secret, token, phone number or ciphertext.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

/// What went wrong, grouped by stage. Match on it, or compare [`ErrorKind::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    // --- input -------------------------------------------------------------
    /// A required argument is missing or of the wrong type (`field` names it).
    InvalidArgument,
    /// The session key, iv or encrypted data is not base64.
    Base64,
    /// The decoded session key is not 16 bytes.
    KeyLength,
    /// The decoded iv is not 16 bytes.
    IvLength,
    /// The ciphertext is empty or not a multiple of 16 bytes.
    CiphertextLength,
    // --- crypto ------------------------------------------------------------
    /// Bad padding, not UTF-8 or not JSON: one kind for all; usually a stale session key.
    DecryptFailed,
    // --- watermark ---------------------------------------------------------
    /// The decrypted payload has no `watermark`.
    WatermarkMissing,
    /// The watermark names another app.
    AppIdMismatch,
    /// The watermark is older than the allowed window, or too far ahead of `now`.
    WatermarkTime,
    // --- payloads ----------------------------------------------------------
    /// A payload lacks a required field or has one of the wrong type.
    PayloadShape,
    // --- the wx API (mini program) ----------------------------------------
    /// The user said no (deny or cancel).
    UserDenied,
    /// The mini program lacks the ability (for example phone numbers for an unverified app).
    NoPermission,
    /// Any other `:fail` from a wx API.
    WxFail,
    /// A wx API refused by the privacy rules (errno 104 or 112).
    PrivacyDenied,
    /// getPhoneNumber's paid quota is used up (errno 1400001).
    PhoneQuota,
    // --- WeChat's server API ----------------------------------------------
    /// errcode 40029: the code is unknown or expired. Not retryable.
    CodeInvalid,
    /// errcode 40163: the code was already used. Not retryable.
    CodeUsed,
    /// errcode 40226: WeChat blocked this user's code as high-risk. Not retryable.
    CodeBlocked,
    /// errcode 45011 or 45009: a quota was hit; retry with backoff.
    RateLimited,
    /// errcode -1: WeChat is busy; retry with backoff.
    WechatBusy,
    /// errcode 40001, 40014 or 42001: refresh the access token once, then retry.
    AccessToken,
    /// Any other WeChat errcode (kept in [`Error::errcode`]).
    WechatApi,
    /// errcode 40013, 40125, 40164 or 40243: WeChat refused the app's own
    /// configuration (appid, secret, IP whitelist, frozen secret). Not
    /// retryable: an operator must fix it.
    AppConfig,
    // --- the client --------------------------------------------------------
    /// The login state machine refused an event.
    InvalidTransition,
    /// Something tried to store a session key or secret on the client.
    SensitiveField,
    // --- server sessions ---------------------------------------------------
    /// The token names no session.
    SessionNotFound,
    /// The session has expired.
    SessionExpired,
    /// No stored session key opens the data: sign in again.
    SessionStale,
    /// The app's own hook (`onLogin`, `onPhone`, `onProfile`, …) failed; what
    /// it was given is kept, so the same request may be retried.
    HookFailed,
    // --- transport and stores ---------------------------------------------
    /// A network request failed.
    Network,
    /// A network request took too long.
    Timeout,
    /// An HTTP reply with a non-2xx status that carries none of these codes
    /// (the client keeps its `status` and `data`).
    HttpStatus,
    /// The session store could not be reached.
    StoreUnavailable,
    // --- bugs --------------------------------------------------------------
    /// A bug in weapp-login itself (for example a trapped wasm instance, rebuilt since).
    Internal,
}

impl ErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ErrorKind] = &[
        ErrorKind::InvalidArgument,
        ErrorKind::Base64,
        ErrorKind::KeyLength,
        ErrorKind::IvLength,
        ErrorKind::CiphertextLength,
        ErrorKind::DecryptFailed,
        ErrorKind::WatermarkMissing,
        ErrorKind::AppIdMismatch,
        ErrorKind::WatermarkTime,
        ErrorKind::PayloadShape,
        ErrorKind::UserDenied,
        ErrorKind::NoPermission,
        ErrorKind::WxFail,
        ErrorKind::PrivacyDenied,
        ErrorKind::PhoneQuota,
        ErrorKind::CodeInvalid,
        ErrorKind::CodeUsed,
        ErrorKind::CodeBlocked,
        ErrorKind::RateLimited,
        ErrorKind::WechatBusy,
        ErrorKind::AccessToken,
        ErrorKind::WechatApi,
        ErrorKind::AppConfig,
        ErrorKind::InvalidTransition,
        ErrorKind::SensitiveField,
        ErrorKind::SessionNotFound,
        ErrorKind::SessionExpired,
        ErrorKind::SessionStale,
        ErrorKind::HookFailed,
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::HttpStatus,
        ErrorKind::StoreUnavailable,
        ErrorKind::Internal,
    ];

    /// The stable code string, the same in Rust and JS. It never changes.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "ERR_INVALID_ARGUMENT",
            ErrorKind::Base64 => "ERR_BASE64",
            ErrorKind::KeyLength => "ERR_KEY_LENGTH",
            ErrorKind::IvLength => "ERR_IV_LENGTH",
            ErrorKind::CiphertextLength => "ERR_CIPHERTEXT_LENGTH",
            ErrorKind::DecryptFailed => "ERR_DECRYPT_FAILED",
            ErrorKind::WatermarkMissing => "ERR_WATERMARK_MISSING",
            ErrorKind::AppIdMismatch => "ERR_APPID_MISMATCH",
            ErrorKind::WatermarkTime => "ERR_WATERMARK_TIME",
            ErrorKind::PayloadShape => "ERR_PAYLOAD_SHAPE",
            ErrorKind::UserDenied => "ERR_USER_DENIED",
            ErrorKind::NoPermission => "ERR_NO_PERMISSION",
            ErrorKind::WxFail => "ERR_WX_FAIL",
            ErrorKind::PrivacyDenied => "ERR_PRIVACY_DENIED",
            ErrorKind::PhoneQuota => "ERR_PHONE_QUOTA",
            ErrorKind::CodeInvalid => "ERR_CODE_INVALID",
            ErrorKind::CodeUsed => "ERR_CODE_USED",
            ErrorKind::CodeBlocked => "ERR_CODE_BLOCKED",
            ErrorKind::RateLimited => "ERR_RATE_LIMITED",
            ErrorKind::WechatBusy => "ERR_WECHAT_BUSY",
            ErrorKind::AccessToken => "ERR_ACCESS_TOKEN",
            ErrorKind::WechatApi => "ERR_WECHAT_API",
            ErrorKind::AppConfig => "ERR_APP_CONFIG",
            ErrorKind::InvalidTransition => "ERR_INVALID_TRANSITION",
            ErrorKind::SensitiveField => "ERR_SENSITIVE_FIELD",
            ErrorKind::SessionNotFound => "ERR_SESSION_NOT_FOUND",
            ErrorKind::SessionExpired => "ERR_SESSION_EXPIRED",
            ErrorKind::SessionStale => "ERR_SESSION_STALE",
            ErrorKind::HookFailed => "ERR_HOOK_FAILED",
            ErrorKind::Network => "ERR_NETWORK",
            ErrorKind::Timeout => "ERR_TIMEOUT",
            ErrorKind::HttpStatus => "ERR_HTTP_STATUS",
            ErrorKind::StoreUnavailable => "ERR_STORE_UNAVAILABLE",
            ErrorKind::Internal => "ERR_INTERNAL",
        }
    }

    /// The kind with this code string, if any.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.code() == code)
    }

    /// Whether trying the same thing again later may succeed.
    ///
    /// `AccessToken` counts as retryable: refresh the token once, then retry.
    pub const fn retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited
                | ErrorKind::WechatBusy
                | ErrorKind::AccessToken
                | ErrorKind::Network
                | ErrorKind::Timeout
                | ErrorKind::StoreUnavailable
                | ErrorKind::HookFailed
        )
    }

    /// The HTTP status a server answers with for this kind.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorKind::SessionNotFound | ErrorKind::SessionExpired | ErrorKind::SessionStale => 401,
            ErrorKind::UserDenied
            | ErrorKind::NoPermission
            | ErrorKind::PrivacyDenied
            | ErrorKind::PhoneQuota
            | ErrorKind::SensitiveField => 403,
            ErrorKind::RateLimited => 429,
            ErrorKind::WechatBusy
            | ErrorKind::AccessToken
            | ErrorKind::WechatApi
            | ErrorKind::AppConfig
            | ErrorKind::Network
            | ErrorKind::Timeout
            | ErrorKind::HttpStatus => 502,
            ErrorKind::StoreUnavailable | ErrorKind::HookFailed => 503,
            ErrorKind::Internal => 500,
            _ => 400,
        }
    }

    /// A short sentence that says what happened, without any value in it.
    pub const fn description(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid argument",
            ErrorKind::Base64 => "not valid base64",
            ErrorKind::KeyLength => "the session key must decode to 16 bytes",
            ErrorKind::IvLength => "the iv must decode to 16 bytes",
            ErrorKind::CiphertextLength => {
                "the encrypted data must be a non-empty multiple of 16 bytes"
            }
            ErrorKind::DecryptFailed => {
                "could not decrypt the data (usually a stale session key: sign in again)"
            }
            ErrorKind::WatermarkMissing => "the decrypted data has no watermark",
            ErrorKind::AppIdMismatch => "the watermark belongs to another app",
            ErrorKind::WatermarkTime => "the watermark is outside the allowed time window",
            ErrorKind::PayloadShape => "the payload does not have the expected shape",
            ErrorKind::UserDenied => "the user declined",
            ErrorKind::NoPermission => "the mini program lacks permission for this ability",
            ErrorKind::WxFail => "the wx API call failed",
            ErrorKind::PrivacyDenied => "the privacy rules refused this wx API call",
            ErrorKind::PhoneQuota => "the phone number quota of this mini program is used up",
            ErrorKind::CodeInvalid => "the code is invalid or expired",
            ErrorKind::CodeUsed => "the code has already been used",
            ErrorKind::CodeBlocked => "WeChat blocked this code as high-risk",
            ErrorKind::RateLimited => "WeChat rate limit reached",
            ErrorKind::WechatBusy => "WeChat is busy",
            ErrorKind::AccessToken => "the access token is invalid or expired",
            ErrorKind::WechatApi => "WeChat answered with an error",
            ErrorKind::AppConfig => {
                "WeChat refused the app's configuration (appid, secret or IP whitelist)"
            }
            ErrorKind::InvalidTransition => "the login state does not allow this event",
            ErrorKind::SensitiveField => "refusing to store a session key or secret on the client",
            ErrorKind::SessionNotFound => "no session for this token",
            ErrorKind::SessionExpired => "the session has expired",
            ErrorKind::SessionStale => "no stored session key opens this data: sign in again",
            ErrorKind::HookFailed => "the app's hook failed; the request can be retried",
            ErrorKind::Network => "network request failed",
            ErrorKind::Timeout => "network request timed out",
            ErrorKind::HttpStatus => "the server answered with an error status",
            ErrorKind::StoreUnavailable => "the session store is unavailable",
            ErrorKind::Internal => "internal error in weapp-login",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// How a named field is wrong: missing and malformed are kept apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldProblem {
    /// The field is absent (or `null`/`undefined`).
    Missing,
    /// The field is present with the wrong type; the text says what was expected.
    WrongType(&'static str),
    /// The field has the right type but an unusable value; the text says why.
    Invalid(&'static str),
}

/// The one error type of this crate.
///
/// One pointer wide (the details are boxed), so the `Result`s that carry it
/// stay small wherever they are passed along.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Details>);

#[derive(Clone, PartialEq, Eq)]
struct Details {
    kind: ErrorKind,
    field: Option<Cow<'static, str>>,
    problem: Option<FieldProblem>,
    errcode: Option<i64>,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    fn build(
        kind: ErrorKind,
        field: Option<Cow<'static, str>>,
        problem: Option<FieldProblem>,
        errcode: Option<i64>,
    ) -> Self {
        Error(Box::new(Details {
            kind,
            field,
            problem,
            errcode,
        }))
    }

    /// An error of `kind` with nothing more to say.
    pub fn new(kind: ErrorKind) -> Self {
        Self::build(kind, None, None, None)
    }

    /// An error about one named field or argument.
    pub fn field(
        kind: ErrorKind,
        field: impl Into<Cow<'static, str>>,
        problem: FieldProblem,
    ) -> Self {
        Self::build(kind, Some(field.into()), Some(problem), None)
    }

    /// A required argument is absent.
    pub fn missing_argument(field: impl Into<Cow<'static, str>>) -> Self {
        Self::field(ErrorKind::InvalidArgument, field, FieldProblem::Missing)
    }

    /// An argument has the wrong type (`expected` says which, e.g. "a string").
    pub fn argument_type(field: impl Into<Cow<'static, str>>, expected: &'static str) -> Self {
        Self::field(
            ErrorKind::InvalidArgument,
            field,
            FieldProblem::WrongType(expected),
        )
    }

    /// An argument has the right type but an unusable value.
    pub fn invalid_argument(field: impl Into<Cow<'static, str>>, why: &'static str) -> Self {
        Self::field(
            ErrorKind::InvalidArgument,
            field,
            FieldProblem::Invalid(why),
        )
    }

    /// An error of `kind` that carries WeChat's `errcode`.
    pub fn with_kind_and_errcode(kind: ErrorKind, errcode: i64) -> Self {
        Self::build(kind, None, None, Some(errcode))
    }

    /// Sets WeChat's errcode (for errors passed on from a server that had one).
    pub fn with_errcode(mut self, errcode: i64) -> Self {
        self.0.errcode = Some(errcode);
        self
    }

    /// Sets the field this error is about (for errors of another layer).
    pub fn with_field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.0.field = Some(field.into());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The stable code string (`ERR_…`).
    pub fn code(&self) -> &'static str {
        self.0.kind.code()
    }

    /// Whether trying again later may succeed.
    pub fn retryable(&self) -> bool {
        self.0.kind.retryable()
    }

    /// The argument or payload field concerned, as a dotted path (`watermark.appid`).
    pub fn field_name(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// Whether the field was missing, of the wrong type or invalid.
    pub fn problem(&self) -> Option<FieldProblem> {
        self.0.problem
    }

    /// WeChat's errcode, for errors that came from WeChat.
    pub fn errcode(&self) -> Option<i64> {
        self.0.errcode
    }

    /// A message for people: the kind's description, the field and the problem.
    /// It never contains a value that was passed in.
    pub fn message(&self) -> String {
        // Built by hand, not with format!, to keep the wasm small.
        let mut out = String::from(self.0.kind.description());
        if let Some(field) = &self.0.field {
            out.push_str(" (`");
            out.push_str(field);
            out.push('`');
            match self.0.problem {
                Some(FieldProblem::Missing) => out.push_str(" is missing"),
                Some(FieldProblem::WrongType(expected)) => {
                    out.push_str(" must be ");
                    out.push_str(expected);
                }
                Some(FieldProblem::Invalid(why)) => {
                    out.push_str(": ");
                    out.push_str(why);
                }
                None => {}
            }
            out.push(')');
        }
        if let Some(errcode) = self.0.errcode {
            out.push_str(" [errcode ");
            push_decimal(&mut out, errcode);
            out.push(']');
        }
        out
    }
}

/// Appends `n` in decimal, without the formatting machinery (which would be
/// a sixth of the mini program's wasm).
fn push_decimal(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut rest = n.unsigned_abs();
    let mut start = digits.len();
    for slot in digits.iter_mut().rev() {
        // rest % 10 < 10: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        let digit = (rest % 10) as u8;
        *slot = b'0' + digit;
        start -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in digits.get(start..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error::new(kind)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code())
            .field("field", &self.0.field)
            .field("problem", &self.0.problem)
            .field("errcode", &self.0.errcode)
            .finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind, listed once for an exhaustive match: a new kind does not
    /// compile here until it is listed, and then `ALL` must list it too.
    macro_rules! every_kind {
        ($($kind:ident),* $(,)?) => {
            const LISTED: &[&str] = &[$(stringify!($kind)),*];
            fn listed_at(kind: ErrorKind) -> usize {
                let name = match kind {
                    $(ErrorKind::$kind => stringify!($kind),)*
                };
                LISTED.iter().position(|n| *n == name).unwrap_or(usize::MAX)
            }
        };
    }

    every_kind!(
        InvalidArgument,
        Base64,
        KeyLength,
        IvLength,
        CiphertextLength,
        DecryptFailed,
        WatermarkMissing,
        AppIdMismatch,
        WatermarkTime,
        PayloadShape,
        UserDenied,
        NoPermission,
        WxFail,
        PrivacyDenied,
        PhoneQuota,
        CodeInvalid,
        CodeUsed,
        CodeBlocked,
        RateLimited,
        WechatBusy,
        AccessToken,
        WechatApi,
        AppConfig,
        InvalidTransition,
        SensitiveField,
        SessionNotFound,
        SessionExpired,
        SessionStale,
        HookFailed,
        Network,
        Timeout,
        HttpStatus,
        StoreUnavailable,
        Internal,
    );

    #[test]
    fn all_lists_every_kind_once_in_order() {
        assert_eq!(ErrorKind::ALL.len(), LISTED.len());
        for (i, kind) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(listed_at(*kind), i, "{kind:?}");
        }
    }

    #[test]
    fn codes_are_unique_and_prefixed() {
        let mut seen = std::collections::HashSet::new();
        for kind in ErrorKind::ALL {
            assert!(kind.code().starts_with("ERR_"), "{kind:?}");
            assert!(seen.insert(kind.code()), "duplicate code {}", kind.code());
        }
    }

    #[test]
    fn codes_read_back() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(ErrorKind::from_code("ERR_NOPE"), None);
    }

    #[test]
    fn missing_and_wrong_type_read_differently() {
        let a = Error::missing_argument("iv");
        let b = Error::argument_type("iv", "a string");
        assert_eq!(a.code(), b.code());
        assert_ne!(a.problem(), b.problem());
        assert_ne!(a.message(), b.message());
        assert_eq!(a.field_name(), Some("iv"));
    }

    #[test]
    fn errcodes_are_written_in_decimal() {
        for (n, text) in [
            (0, "0"),
            (-1, "-1"),
            (40163, "40163"),
            (i64::MIN, "-9223372036854775808"),
        ] {
            let mut out = String::new();
            push_decimal(&mut out, n);
            assert_eq!(out, text);
        }
    }

    #[test]
    fn retryable_kinds() {
        assert!(ErrorKind::WechatBusy.retryable());
        assert!(ErrorKind::RateLimited.retryable());
        assert!(!ErrorKind::CodeUsed.retryable());
        assert!(!ErrorKind::DecryptFailed.retryable());
    }
}
