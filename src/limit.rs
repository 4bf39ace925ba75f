//! A rate limit as both sides state one: so many in a window of seconds.

/// At most `max` events in any window of `window_seconds` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct RateLimit {
    /// How many events a window allows.
    pub max: u32,
    /// The window's length, in seconds.
    pub window_seconds: u32,
}
