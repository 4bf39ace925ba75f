//! The login client's defaults (`createLoginClient`'s options) and what
//! counts as a lost session.

use crate::error::ErrorKind;
use crate::limit::RateLimit;

/// `createLoginClient`'s defaults, one field per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct ClientDefaults {
    /// One request's time limit, in milliseconds. Defaults to 10 000.
    pub timeout_ms: u32,
    /// The longest `timeout` taken, in milliseconds: 600 000.
    pub max_timeout_ms: u32,
    /// Sign-ins `request()` may start on a lost session. Defaults to 3 in 60 s.
    pub sign_in_limit: RateLimit,
}

/// `createLoginClient`'s defaults.
pub const CLIENT_DEFAULTS: ClientDefaults = ClientDefaults {
    timeout_ms: 10_000,
    max_timeout_ms: 600_000,
    sign_in_limit: RateLimit {
        max: 3,
        window_seconds: 60,
    },
};

/// What counts as "the session is gone" unless `sessionLost` says
/// otherwise: the server's session errors. `request()` signs in again once
/// on one of these.
pub const SESSION_LOST_CODES: [ErrorKind; 3] = [
    ErrorKind::SessionNotFound,
    ErrorKind::SessionExpired,
    ErrorKind::SessionStale,
];

/// Whether `kind` is one of [`SESSION_LOST_CODES`].
pub fn is_session_lost(kind: ErrorKind) -> bool {
    SESSION_LOST_CODES.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_timeout_is_within_its_bound() {
        assert_eq!(CLIENT_DEFAULTS.timeout_ms, 10_000);
        const { assert!(CLIENT_DEFAULTS.timeout_ms <= CLIENT_DEFAULTS.max_timeout_ms) };
        assert_eq!(
            CLIENT_DEFAULTS.sign_in_limit,
            RateLimit {
                max: 3,
                window_seconds: 60
            }
        );
    }

    #[test]
    fn only_the_session_errors_are_a_lost_session() {
        assert!(is_session_lost(ErrorKind::SessionExpired));
        assert!(is_session_lost(ErrorKind::SessionStale));
        assert!(!is_session_lost(ErrorKind::Network));
        assert!(!is_session_lost(ErrorKind::HttpStatus));
    }
}
