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

/// Declares [`ErrorKind`] from one table: each row is a kind's doc line, its
/// name, code, HTTP status, whether it is retryable and its description.
/// `ALL`, `code()`, `http_status()`, `retryable()` and `description()` are
/// all read from the rows, so a kind is stated once.
macro_rules! error_kinds {
    ($(
        $(#[doc = $doc:literal])+
        $kind:ident: $code:literal, $status:literal, $retryable:literal, $description:literal;
    )+) => {
        /// What went wrong, grouped by stage. Match on it, or compare [`ErrorKind::code`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $($(#[doc = $doc])+ $kind,)+
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),+];

            /// The stable code string, the same in Rust and JS. It never changes.
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $code,)+
                }
            }

            /// The HTTP status a server answers with for this kind.
            pub const fn http_status(self) -> u16 {
                match self {
                    $(ErrorKind::$kind => $status,)+
                }
            }

            /// Whether trying the same thing again later may succeed.
            ///
            /// `AccessToken` counts as retryable: refresh the token once, then retry.
            pub const fn retryable(self) -> bool {
                match self {
                    $(ErrorKind::$kind => $retryable,)+
                }
            }

            /// A short sentence that says what happened, without any value in it.
            pub const fn description(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $description,)+
                }
            }
        }
    };
}

// Each row: doc line, then `Kind: code, HTTP status, retryable, description;`.
error_kinds! {
    // --- input -------------------------------------------------------------
    /// A required argument is missing or of the wrong type (`field` names it).
    InvalidArgument: "ERR_INVALID_ARGUMENT", 400, false,
        "invalid argument";
    /// The session key, iv or encrypted data is not base64.
    Base64: "ERR_BASE64", 400, false,
        "not valid base64";
    /// The decoded session key is not the platform's length (16 bytes; Baidu's 24).
    KeyLength: "ERR_KEY_LENGTH", 400, false,
        "the session key does not decode to the platform's key length";
    /// The decoded iv is not 16 bytes.
    IvLength: "ERR_IV_LENGTH", 400, false,
        "the iv must decode to 16 bytes";
    /// The ciphertext is empty or not a multiple of 16 bytes.
    CiphertextLength: "ERR_CIPHERTEXT_LENGTH", 400, false,
        "the encrypted data must be a non-empty multiple of 16 bytes";

    // --- crypto ------------------------------------------------------------
    /// Bad padding, not UTF-8 or not JSON: one kind for all; usually a stale session key.
    DecryptFailed: "ERR_DECRYPT_FAILED", 400, false,
        "could not decrypt the data (usually a stale session key: sign in again)";

    // --- watermark ---------------------------------------------------------
    /// The decrypted payload has no `watermark`.
    WatermarkMissing: "ERR_WATERMARK_MISSING", 400, false,
        "the decrypted data has no watermark";
    /// The watermark (Baidu: the frame's app key) names another app.
    AppIdMismatch: "ERR_APPID_MISMATCH", 400, false,
        "the data was sealed for another app";
    /// The watermark is older than the allowed window, or too far ahead of `now`.
    WatermarkTime: "ERR_WATERMARK_TIME", 400, false,
        "the watermark is outside the allowed time window";

    // --- payloads ----------------------------------------------------------
    /// A payload lacks a required field or has one of the wrong type.
    PayloadShape: "ERR_PAYLOAD_SHAPE", 400, false,
        "the payload does not have the expected shape";

    // --- the wx API (mini program) -----------------------------------------
    /// The user said no (deny or cancel).
    UserDenied: "ERR_USER_DENIED", 403, false,
        "the user declined";
    /// The mini program lacks the ability (for example phone numbers for an unverified app).
    NoPermission: "ERR_NO_PERMISSION", 403, false,
        "the mini program lacks permission for this ability";
    /// Any other `:fail` from a wx API.
    WxFail: "ERR_WX_FAIL", 400, false,
        "the wx API call failed";
    /// A wx API refused by the privacy rules (errno 104 or 112).
    PrivacyDenied: "ERR_PRIVACY_DENIED", 403, false,
        "the privacy rules refused this wx API call";
    /// getPhoneNumber's paid quota is used up (errno 1400001).
    PhoneQuota: "ERR_PHONE_QUOTA", 403, false,
        "the phone number quota of this mini program is used up";

    // --- the platform's server API (WeChat's errcodes; each platform's own
    // errors map to these: `crate::qq`, `crate::toutiao`, `crate::kuaishou`,
    // `crate::baidu`) -----------------------------------------------------
    /// errcode 40029 (or the platform's own): the code is unknown or expired. Not retryable.
    CodeInvalid: "ERR_CODE_INVALID", 400, false,
        "the code is invalid or expired";
    /// errcode 40163: the code was already used. Not retryable.
    CodeUsed: "ERR_CODE_USED", 400, false,
        "the code has already been used";
    /// errcode 40226: the platform blocked this user's code as high-risk. Not retryable.
    CodeBlocked: "ERR_CODE_BLOCKED", 400, false,
        "the platform blocked this code as high-risk";
    /// errcode 45011 or 45009: a quota was hit; retry with backoff.
    RateLimited: "ERR_RATE_LIMITED", 429, true,
        "the platform's rate limit reached";
    /// errcode -1 (or the platform's own): the platform is busy; retry with backoff.
    UpstreamBusy: "ERR_UPSTREAM_BUSY", 502, true,
        "the platform is busy";
    /// errcode 40001, 40014 or 42001: refresh the access token once, then retry.
    AccessToken: "ERR_ACCESS_TOKEN", 502, true,
        "the access token is invalid or expired";
    /// Any other errcode of the platform (kept in [`Error::errcode`]).
    UpstreamApi: "ERR_UPSTREAM_API", 502, false,
        "the platform answered with an error";
    /// errcode 40013, 40125, 40164 or 40243 (or the platform's own): the platform refused the app's own
    /// configuration (appid, secret, IP whitelist, frozen secret). Not
    /// retryable: an operator must fix it.
    AppConfig: "ERR_APP_CONFIG", 502, false,
        "the platform refused the app's configuration (appid, secret or IP whitelist)";

    // --- the client --------------------------------------------------------
    /// The login state machine refused an event.
    InvalidTransition: "ERR_INVALID_TRANSITION", 400, false,
        "the login state does not allow this event";
    /// Something tried to store a session key or secret on the client.
    SensitiveField: "ERR_SENSITIVE_FIELD", 403, false,
        "refusing to store a session key or secret on the client";

    // --- server sessions ---------------------------------------------------
    /// The token names no session.
    SessionNotFound: "ERR_SESSION_NOT_FOUND", 401, false,
        "no session for this token";
    /// The session has expired.
    SessionExpired: "ERR_SESSION_EXPIRED", 401, false,
        "the session has expired";
    /// No stored session key opens the data: sign in again.
    SessionStale: "ERR_SESSION_STALE", 401, false,
        "no stored session key opens this data: sign in again";
    /// The app's own hook (`onLogin`, `onPhone`, `onProfile`, …) failed; what
    /// it was given is kept, so the same request may be retried.
    HookFailed: "ERR_HOOK_FAILED", 503, true,
        "the app's hook failed; the request can be retried";

    // --- HTTP requests to the developer server ------------------------------
    /// No route answers this path.
    NotFound: "ERR_NOT_FOUND", 404, false,
        "no such route";
    /// The route exists but not for this method (the answer's `Allow` names those it takes).
    MethodNotAllowed: "ERR_METHOD_NOT_ALLOWED", 405, false,
        "the route does not accept this method";
    /// The request body is larger than the route's limit.
    BodyTooLarge: "ERR_BODY_TOO_LARGE", 413, false,
        "the request body is too large";
    /// The request body is not of a content type the route reads.
    UnsupportedMediaType: "ERR_UNSUPPORTED_MEDIA_TYPE", 415, false,
        "the request body's content type is not accepted";
    /// The request body arrived too slowly; the client may send it again.
    BodyTimeout: "ERR_BODY_TIMEOUT", 408, true,
        "the request body did not arrive in time";
    /// The server lacks a setting this route needs (`field` names the
    /// option): `/avatar` without `avatarBaseUrl` where the server's public
    /// origin cannot be read from the request.
    ServerConfig: "ERR_SERVER_CONFIG", 500, false,
        "the server lacks a setting this route needs";

    // --- transport and stores ----------------------------------------------
    /// A network request failed.
    Network: "ERR_NETWORK", 502, true,
        "network request failed";
    /// A network request took too long.
    Timeout: "ERR_TIMEOUT", 502, true,
        "network request timed out";
    /// An HTTP reply with a non-2xx status that carries none of these codes
    /// (the client keeps its `status` and `data`).
    HttpStatus: "ERR_HTTP_STATUS", 502, false,
        "the server answered with an error status";
    /// The session store could not be reached.
    StoreUnavailable: "ERR_STORE_UNAVAILABLE", 503, true,
        "the session store is unavailable";

    // --- bugs --------------------------------------------------------------
    /// A bug in weapp-login itself (for example a trapped wasm instance, rebuilt since).
    Internal: "ERR_INTERNAL", 500, false,
        "internal error in weapp-login";

    // --- signed data (Alipay) ----------------------------------------------
    /// Data handed in with a signature (Alipay's phone `{ response, sign }`)
    /// does not verify with the platform's public key: altered, or signed
    /// with another key. Nothing of it is read.
    Signature: "ERR_SIGNATURE", 400, false,
        "the signature does not verify: the data was altered or signed with another key";
    /// The platform's own answer (Alipay's gateway) does not carry a valid
    /// signature: altered on the way, or the configured public key or
    /// `apiBase` is wrong. Nothing of it is read.
    UpstreamSignature: "ERR_UPSTREAM_SIGNATURE", 502, false,
        "the platform's answer is not signed by its key (check its public key and apiBase)";
}

impl ErrorKind {
    /// The kind with this code string, if any.
    pub fn from_code(code: &str) -> Option<ErrorKind> {
        ErrorKind::ALL
            .iter()
            .copied()
            .find(|kind| kind.code() == code)
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
        let mut out = String::from(self.0.kind.description());
        out.push_str(&self.detail());
        out
    }

    /// What [`message`](Self::message) says after the kind's description: the
    /// field and its problem (`` (`iv` is missing)``) and WeChat's errcode
    /// (` [errcode 40163]`); empty when there is neither. The client build
    /// answers this alone, and its JS prepends the description from the
    /// table it already has, so the descriptions stay out of that wasm.
    pub fn detail(&self) -> String {
        // Built by hand, not with format!, to keep the wasm small.
        let mut out = String::new();
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
    fn the_message_is_the_description_then_the_detail() {
        let err = Error::missing_argument("iv").with_errcode(40163);
        assert_eq!(err.detail(), " (`iv` is missing) [errcode 40163]");
        assert_eq!(
            err.message(),
            "invalid argument (`iv` is missing) [errcode 40163]"
        );
        assert_eq!(Error::new(ErrorKind::UserDenied).detail(), "");
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
        assert!(ErrorKind::UpstreamBusy.retryable());
        assert!(ErrorKind::RateLimited.retryable());
        assert!(!ErrorKind::CodeUsed.retryable());
        assert!(!ErrorKind::DecryptFailed.retryable());
    }

    #[test]
    fn http_request_kinds_answer_with_their_own_status() {
        for (kind, status) in [
            (ErrorKind::NotFound, 404),
            (ErrorKind::MethodNotAllowed, 405),
            (ErrorKind::BodyTimeout, 408),
            (ErrorKind::BodyTooLarge, 413),
            (ErrorKind::UnsupportedMediaType, 415),
        ] {
            assert_eq!(kind.http_status(), status, "{kind:?}");
            assert_eq!(kind.retryable(), kind == ErrorKind::BodyTimeout, "{kind:?}");
        }
    }

    #[test]
    fn every_status_is_an_error_status() {
        for kind in ErrorKind::ALL {
            assert!((400..600).contains(&kind.http_status()), "{kind:?}");
            assert!(!kind.description().is_empty(), "{kind:?}");
        }
    }
}
