//! Which failed calls to WeChat the server tries again at once (with a
//! short, jittered backoff), before it answers its caller.

use crate::error::ErrorKind;

/// The failures of a call to WeChat that are tried again at once: WeChat
/// busy (-1), the transport (no answer, no answer in time), and
/// [`ErrorKind::HttpStatus`], which the upstream client raises only for a
/// 5xx answer (a fault of WeChat's front end).
///
/// Never a quota ([`ErrorKind::RateLimited`]: WeChat counts per minute, so
/// it waits for the caller's backoff), and never a refused access token
/// ([`ErrorKind::AccessToken`]: the token refresh path gets another one and
/// calls once more).
pub const UPSTREAM_RETRIED: [ErrorKind; 4] = [
    ErrorKind::UpstreamBusy,
    ErrorKind::Network,
    ErrorKind::Timeout,
    ErrorKind::HttpStatus,
];

/// Whether a call to WeChat that failed with `kind` is tried again at once
/// (one of [`UPSTREAM_RETRIED`]).
pub fn retries_upstream(kind: ErrorKind) -> bool {
    UPSTREAM_RETRIED.contains(&kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_and_transport_faults_are_retried_at_once() {
        for kind in [
            ErrorKind::UpstreamBusy,
            ErrorKind::Network,
            ErrorKind::Timeout,
            ErrorKind::HttpStatus,
        ] {
            assert!(retries_upstream(kind), "{kind:?}");
        }
    }

    #[test]
    fn quotas_refused_tokens_and_final_answers_are_not() {
        for kind in [
            ErrorKind::RateLimited,
            ErrorKind::AccessToken,
            ErrorKind::CodeInvalid,
            ErrorKind::AppConfig,
            ErrorKind::PayloadShape,
        ] {
            assert!(!retries_upstream(kind), "{kind:?}");
        }
    }

    #[test]
    fn every_retried_kind_but_the_5xx_is_retryable_in_the_table() {
        for kind in UPSTREAM_RETRIED {
            assert!(
                kind.retryable() || kind == ErrorKind::HttpStatus,
                "{kind:?}"
            );
        }
    }
}
