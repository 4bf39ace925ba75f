//! Which failed calls to WeChat the server tries again at once (with a
//! short, jittered backoff), before it answers its caller; and how long its
//! caller waits after a quota refused one.

use super::defaults::DAY_SECONDS;
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

/// WeChat's per-minute limit (errcode 45011: `code2Session` takes 100
/// calls a minute per user): seconds until it may pass.
pub const MINUTE_QUOTA_ERRCODE: i64 = 45011;

/// WeChat's daily quota (errcode 45009): it passes again at the next
/// midnight, Beijing time.
pub const DAILY_QUOTA_ERRCODE: i64 = 45009;

/// Beijing time (UTC+8), where WeChat's day starts, in seconds east of UTC.
const QUOTA_DAY_OFFSET_SECONDS: u64 = 8 * 3600;

/// Seconds a caller waits after a call upstream was refused with quota
/// `errcode` at `now` (seconds since the epoch), answered as its
/// `retryAfter` (over HTTP `retry-after`): 60 for the per-minute limit,
/// the rest of the day (Beijing time, at least 1) for the daily quota;
/// `None` for any other errcode.
pub fn quota_retry_after(errcode: i64, now: u64) -> Option<u64> {
    match errcode {
        MINUTE_QUOTA_ERRCODE => Some(60),
        DAILY_QUOTA_ERRCODE => {
            Some(DAY_SECONDS - now.saturating_add(QUOTA_DAY_OFFSET_SECONDS) % DAY_SECONDS)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minute_quota_waits_a_minute() {
        assert_eq!(quota_retry_after(45011, 1_700_000_000), Some(60));
    }

    #[test]
    fn the_daily_quota_waits_for_midnight_in_beijing() {
        // 2026-12-07 15:59:59 UTC is 23:59:59 in Beijing: one second left.
        assert_eq!(quota_retry_after(45009, 1_796_659_199), Some(1));
        // 16:00:00 UTC is Beijing's midnight: a whole day.
        assert_eq!(quota_retry_after(45009, 1_796_659_200), Some(86_400));
        // 04:00:00 UTC is noon in Beijing: half a day.
        assert_eq!(quota_retry_after(45009, 1_796_616_000), Some(43_200));
        assert_eq!(
            quota_retry_after(45009, u64::MAX).map(|s| s >= 1),
            Some(true)
        );
    }

    #[test]
    fn other_errcodes_wait_for_nothing() {
        for errcode in [0, -1, 40029, 40163, 45010, 45012] {
            assert_eq!(quota_retry_after(errcode, 1_700_000_000), None, "{errcode}");
        }
    }

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
