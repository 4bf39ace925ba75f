//! `createAuth`'s and the HTTP handlers' defaults, the bounds on the
//! handlers' options, and how long the store keeps what it keeps.
//!
//! The key ring's and the watermark's defaults are where those live:
//! [`crate::server::key_ring`] and [`crate::wechat::watermark::Validation`].

use crate::limit::RateLimit;

const KIB: u32 = 1024;
const MIB: u32 = 1024 * KIB;
/// A day, in seconds.
pub(crate) const DAY_SECONDS: u64 = 24 * 3600;

/// How long a login or phone code's kept result or refusal is kept, in
/// seconds: a code's life at WeChat.
pub const CODE_LIFE_SECONDS: u64 = 300;

/// How long a user's record is kept after its last write, in seconds (a year).
pub const USER_TTL_SECONDS: u64 = 365 * DAY_SECONDS;

/// How long a kept avatar image is kept, in seconds (a year).
pub const AVATAR_TTL_SECONDS: u64 = 365 * DAY_SECONDS;

/// How long the lock that lets one change to a user's record at a time read,
/// change and write it lives, in seconds: well past a change's store calls
/// and a prompt `onAvatar` hook (an avatar upload keeps its image inside its
/// turn). A change waits at most this and a second for its turn (a process
/// that died holding the lock has let go by then), then fails with
/// `ERR_RATE_LIMITED`.
pub const USER_LOCK_SECONDS: u64 = 10;

/// How long the `onAvatar` hook may take, in seconds: it runs inside the
/// user's turn, which must still hold its lock when the record naming the
/// image is written after it ([`USER_LOCK_SECONDS`], less two seconds for
/// that write). A hook still running then fails the upload with
/// `ERR_HOOK_FAILED` and nothing is written: a change that took the turn
/// after the lock ended is never overwritten by a record read before it.
pub const AVATAR_HOOK_SECONDS: u64 = USER_LOCK_SECONDS - 2;

/// The parts a `POST /avatar` form may have: the file and a few `formData`
/// fields. A form of more is refused before its parts' headers are read (a
/// 1 MiB body of 18,680 tiny parts would hold the event loop 83 ms).
pub const MAX_AVATAR_FORM_PARTS: usize = 8;

/// `createAuth`'s defaults, one field per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct AuthDefaults {
    /// The platform. Defaults to `weixin`.
    pub platform: &'static str,
    /// WeChat's API origin. Defaults to `https://api.weixin.qq.com`
    /// (another platform's: its own, `rules::platforms`).
    pub api_base: &'static str,
    /// A session's life, in seconds. Defaults to 7 days.
    pub session_ttl_seconds: u64,
    /// Live sessions kept per user; the oldest past this is ended. Defaults to 10.
    pub max_sessions_per_user: u32,
    /// One call to WeChat, in milliseconds. Defaults to 5000.
    pub timeout_ms: u32,
    /// Retries of a retryable WeChat failure. Defaults to 2.
    pub retries: u32,
    /// The first retry's backoff, in milliseconds. Defaults to 100.
    pub retry_base_ms: u32,
    /// The longest backoff, in milliseconds. Defaults to 2000.
    pub retry_max_ms: u32,
    /// What every store key starts with. Defaults to `wl:`.
    pub prefix: &'static str,
    /// Phone number requests per user. Defaults to 5 in 60 s.
    pub phone_limit: RateLimit,
    /// Avatar uploads per user. Defaults to 5 in 60 s.
    pub avatar_upload_limit: RateLimit,
    /// `jscode2session` calls for the whole app, across processes. Defaults
    /// to 600 in 60 s: 10 a second, about 860,000 sign-ins a day, far from
    /// any quota WeChat grants an app (its documented 45011 is per user).
    pub upstream_login_budget: RateLimit,
    /// Whether a code WeChat refused is remembered for its life. Defaults to true.
    pub remember_refused_codes: bool,
    /// The least time between two forced access-token refreshes, in seconds.
    /// Defaults to 30.
    pub forced_refresh_cooldown_seconds: u32,
    /// The largest avatar upload, in bytes. Defaults to 1 MiB.
    pub avatar_limit_bytes: u32,
    /// The origin and path kept avatars are served under. Defaults to `""`
    /// (the handler's own `/avatars/`).
    pub avatar_base_url: &'static str,
}

/// `createAuth`'s defaults.
pub const AUTH_DEFAULTS: AuthDefaults = AuthDefaults {
    platform: crate::platform::Platform::Weixin.name(),
    api_base: "https://api.weixin.qq.com",
    session_ttl_seconds: 7 * DAY_SECONDS,
    max_sessions_per_user: 10,
    timeout_ms: 5000,
    retries: 2,
    retry_base_ms: 100,
    retry_max_ms: 2000,
    prefix: "wl:",
    phone_limit: RateLimit {
        max: 5,
        window_seconds: 60,
    },
    avatar_upload_limit: RateLimit {
        max: 5,
        window_seconds: 60,
    },
    upstream_login_budget: RateLimit {
        max: 600,
        window_seconds: 60,
    },
    remember_refused_codes: true,
    forced_refresh_cooldown_seconds: 30,
    avatar_limit_bytes: MIB,
    avatar_base_url: "",
};

/// The `/login` limit per client address: `max` sign-ins in a window of
/// `window_seconds` from one address (an IPv6 address counts by its /64),
/// and `network_max` from the enclosing IPv6 /48 (one site: a home, an
/// office, a VPS host's customer), three addresses' worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct LoginLimit {
    /// Sign-ins per address and window.
    pub max: u32,
    /// The window's length, in seconds.
    pub window_seconds: u32,
    /// Sign-ins per IPv6 /48 and window.
    pub network_max: u32,
}

/// The HTTP handlers' defaults (`handler()`, `fetchHandler()`), one field
/// per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct HandlerDefaults {
    /// The largest JSON body, in bytes. Defaults to 256 KiB.
    pub body_limit: u32,
    /// The largest avatar upload, in bytes. Defaults to 1 MiB.
    pub avatar_limit: u32,
    /// How long a body may take to arrive, in milliseconds. Defaults to 10 000.
    pub body_timeout_ms: u32,
    /// Sign-ins per client address. Defaults to 20 in 60 s, and 60 for the
    /// enclosing IPv6 /48.
    pub login_limit: LoginLimit,
    /// Proxy hops whose `X-Forwarded-For` is trusted. Defaults to 0.
    pub trust_proxy: u32,
    /// The path the routes are under. Defaults to `""` (the root).
    pub base_path: &'static str,
    /// Whether CORS headers are sent. Defaults to false.
    pub cors: bool,
}

/// The HTTP handlers' defaults.
pub const HANDLER_DEFAULTS: HandlerDefaults = HandlerDefaults {
    body_limit: 256 * KIB,
    avatar_limit: MIB,
    body_timeout_ms: 10_000,
    login_limit: LoginLimit {
        max: 20,
        window_seconds: 60,
        network_max: 60,
    },
    trust_proxy: 0,
    base_path: "",
    cors: false,
};

/// The largest values the HTTP handlers' options take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct HandlerBounds {
    /// `bodyLimit` and `avatarLimit`, in bytes: 64 MiB.
    pub max_body_limit: u32,
    /// `bodyTimeoutMs`: 600 000 (ten minutes).
    pub max_body_timeout_ms: u32,
    /// `loginLimit.max`: 1 000 000.
    pub max_login_limit: u32,
    /// `loginLimit.windowSeconds`: 86 400 (a day).
    pub max_login_window_seconds: u32,
    /// `loginLimit.networkMax`: 3 000 000.
    pub max_network_login_limit: u32,
    /// `trustProxy`: 32 hops.
    pub max_trust_proxy: u32,
    /// `basePath`, in characters: 256.
    pub max_base_path_length: u32,
}

/// The largest values the HTTP handlers' options take.
pub const HANDLER_BOUNDS: HandlerBounds = HandlerBounds {
    max_body_limit: 64 * MIB,
    max_body_timeout_ms: 600_000,
    max_login_limit: 1_000_000,
    max_login_window_seconds: 86_400,
    max_network_login_limit: 3_000_000,
    max_trust_proxy: 32,
    max_base_path_length: 256,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auth_defaults_are_the_documented_values() {
        assert_eq!(AUTH_DEFAULTS.session_ttl_seconds, 604_800);
        assert_eq!(AUTH_DEFAULTS.prefix, "wl:");
        assert_eq!(
            AUTH_DEFAULTS.phone_limit,
            RateLimit {
                max: 5,
                window_seconds: 60
            }
        );
        assert_eq!(AUTH_DEFAULTS.avatar_limit_bytes, 1_048_576);
    }

    #[test]
    fn handler_defaults_are_within_their_bounds() {
        const D: HandlerDefaults = HANDLER_DEFAULTS;
        const B: HandlerBounds = HANDLER_BOUNDS;
        assert_eq!(D.body_limit, 262_144);
        const {
            assert!(D.body_limit <= B.max_body_limit && D.avatar_limit <= B.max_body_limit);
            assert!(D.body_timeout_ms <= B.max_body_timeout_ms);
            assert!(D.login_limit.max <= B.max_login_limit);
            assert!(D.login_limit.window_seconds <= B.max_login_window_seconds);
        }
    }

    #[test]
    fn the_store_keeps_records_for_a_year_and_codes_for_five_minutes() {
        assert_eq!(USER_TTL_SECONDS, 31_536_000);
        assert_eq!(AVATAR_TTL_SECONDS, USER_TTL_SECONDS);
        assert_eq!(CODE_LIFE_SECONDS, 300);
    }

    #[test]
    fn the_avatar_hook_ends_two_seconds_before_the_users_turn() {
        assert_eq!((AVATAR_HOOK_SECONDS, USER_LOCK_SECONDS), (8, 10));
    }
}
