//! `createCloudAuth`'s rules: its defaults, the token it issues, and what a
//! profile update may hold.
//!
//! Its token is `c1.<expiresAt in base 36>.<22 random base64url
//! characters>`. It is not a credential (the platform's OPENID is, on every
//! call); it carries the expiry, so the client's state machine sees sessions
//! end as it does with an HTTP server.

use crate::error::{Error, ErrorKind, Result};
use crate::limit::RateLimit;
use crate::prelude::*;
use crate::server::rules::defaults::AUTH_DEFAULTS;
use crate::text::{is_js_space, is_url_safe, join, js_length, js_trim};

/// `createCloudAuth`'s defaults, one field per option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct CloudDefaults {
    /// A session's life, in seconds. Defaults to 7 days.
    pub session_ttl_seconds: u64,
    /// What every store key starts with. Defaults to `wl:`.
    pub prefix: &'static str,
    /// Phone number requests per user. Defaults to 5 in 60 s.
    pub phone_limit: RateLimit,
    /// Avatar uploads per user. Defaults to 5 in 60 s.
    pub avatar_upload_limit: RateLimit,
    /// The longest `prefix`, in characters: 64.
    pub max_prefix_length: u32,
    /// The largest avatar image, in bytes: 1 MiB. A user's record is kept
    /// for [`USER_TTL_SECONDS`](crate::server::rules::USER_TTL_SECONDS).
    pub avatar_limit_bytes: u32,
    /// The longest `cloudID`, in characters: 512.
    pub max_cloud_id_length: u32,
    /// The longest phone code, in characters: 256.
    pub max_phone_code_length: u32,
}

/// `createCloudAuth`'s defaults.
/// Its session life, prefix, phone and avatar upload limits and avatar size limit are `createAuth`'s.
pub const CLOUD_DEFAULTS: CloudDefaults = CloudDefaults {
    session_ttl_seconds: AUTH_DEFAULTS.session_ttl_seconds,
    prefix: AUTH_DEFAULTS.prefix,
    phone_limit: AUTH_DEFAULTS.phone_limit,
    avatar_upload_limit: AUTH_DEFAULTS.avatar_upload_limit,
    max_prefix_length: 64,
    avatar_limit_bytes: AUTH_DEFAULTS.avatar_limit_bytes,
    max_cloud_id_length: 512,
    max_phone_code_length: 256,
};

/// What the cloud database answers that the stores read, and how often a
/// store tries to create a document whose `_id` is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct CloudDatabaseRules {
    /// The `errCode` of an `add` whose `_id` is taken (MongoDB's E11000
    /// duplicate key): -502001.
    pub id_taken_errcode: i32,
    /// The `errCode` of a call on a collection that does not exist: -502005.
    pub no_collection_errcode: i32,
    /// How many times `cloudDatabaseStore` tries to create a document whose
    /// `_id` another caller's document (live: held; gone again: tried once
    /// more) or an expired one takes: 3.
    pub create_attempts: u32,
}

/// The cloud database's rules.
pub const CLOUD_DATABASE_RULES: CloudDatabaseRules = CloudDatabaseRules {
    id_taken_errcode: -502001,
    no_collection_errcode: -502005,
    create_attempts: 3,
};

/// The longest nickname a cloud profile update takes, in UTF-16 code units.
pub const MAX_CLOUD_NICKNAME_LENGTH: usize = 64;

/// The longest avatar URL a cloud profile update takes, in UTF-16 code units.
pub const MAX_CLOUD_AVATAR_URL_LENGTH: usize = 1024;

const TOKEN_VERSION: &str = "c1.";
const TOKEN_RANDOM_LENGTH: usize = 22;
const MAX_EXPIRY_DIGITS: usize = 12;

/// The token for a session ending at `expires_at_ms` (milliseconds since the
/// epoch): `c1.<base 36>.<random>`. `random` is 16 random bytes as unpadded
/// base64url (22 characters), which the caller draws.
pub fn cloud_token(expires_at_ms: u64, random: &str) -> String {
    let mut digits = Vec::new();
    let mut n = expires_at_ms;
    loop {
        let digit = u32::try_from(n % 36).unwrap_or(0);
        digits.push(char::from_digit(digit, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    let expiry: String = digits.iter().rev().collect();
    join(&[TOKEN_VERSION, &expiry, ".", random])
}

/// The expiry (milliseconds since the epoch) of a token [`cloud_token`]
/// made, if it is still current at `now_ms`.
///
/// Errors: [`ErrorKind::SessionNotFound`] for text that is not such a token
/// (1 to 12 base-36 digits of `0-9a-z`, then 22 base64url characters);
/// [`ErrorKind::SessionExpired`] once `now_ms` has reached the expiry.
pub fn read_cloud_token(token: &str, now_ms: u64) -> Result<u64> {
    let not_ours = || Error::new(ErrorKind::SessionNotFound);
    let rest = token.strip_prefix(TOKEN_VERSION).ok_or_else(not_ours)?;
    let (expiry, random) = rest.split_once('.').ok_or_else(not_ours)?;
    let expiry_ok = (1..=MAX_EXPIRY_DIGITS).contains(&expiry.len())
        && expiry
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    if !expiry_ok || !is_url_safe(random, TOKEN_RANDOM_LENGTH, TOKEN_RANDOM_LENGTH) {
        return Err(not_ours());
    }
    // Twelve base-36 digits fit in a u64.
    let expires_at = u64::from_str_radix(expiry, 36).map_err(|_| not_ours())?;
    if expires_at <= now_ms {
        return Err(Error::new(ErrorKind::SessionExpired));
    }
    Ok(expires_at)
}

/// Text a cloud profile update takes: not blank, at most `max` UTF-16 code
/// units (as JS counts `length`), field `field` in errors.
fn cloud_text(text: &str, field: &'static str, max: usize) -> Result<()> {
    if js_trim(text).is_empty() {
        return Err(Error::invalid_argument(field, "must be a non-empty string"));
    }
    if js_length(text) > max {
        return Err(Error::invalid_argument(field, "is too long"));
    }
    Ok(())
}

/// A nickname as a cloud profile update keeps it: not blank, at most
/// [`MAX_CLOUD_NICKNAME_LENGTH`] UTF-16 code units before trimming, then
/// trimmed (field `nickName`).
pub fn check_cloud_nickname(text: &str) -> Result<String> {
    cloud_text(text, "nickName", MAX_CLOUD_NICKNAME_LENGTH)?;
    Ok(js_trim(text).to_owned())
}

/// An avatar URL a cloud profile update takes: a `cloud://` file ID or an
/// `https://` URL with no white space, at most
/// [`MAX_CLOUD_AVATAR_URL_LENGTH`] UTF-16 code units (field `avatarUrl`).
pub fn check_cloud_avatar_url(url: &str) -> Result<&str> {
    cloud_text(url, "avatarUrl", MAX_CLOUD_AVATAR_URL_LENGTH)?;
    let rest = url
        .strip_prefix("cloud://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or_default();
    if rest.is_empty() || rest.chars().any(is_js_space) {
        return Err(Error::invalid_argument(
            "avatarUrl",
            "must be a cloud:// file ID or an https URL",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANDOM: &str = "AAAAAAAAAAAAAAAAAAAA_-";

    #[test]
    fn cloud_defaults_are_the_documented_values() {
        assert_eq!(CLOUD_DEFAULTS.session_ttl_seconds, 604_800);
        assert_eq!(CLOUD_DEFAULTS.prefix, "wl:");
        assert_eq!(
            CLOUD_DEFAULTS.phone_limit,
            RateLimit {
                max: 5,
                window_seconds: 60
            }
        );
        assert_eq!(CLOUD_DEFAULTS.avatar_limit_bytes, 1_048_576);
    }

    #[test]
    fn a_token_carries_its_expiry_in_base_36() {
        let token = cloud_token(1_763_900_005_000, RANDOM);
        assert_eq!(token, format!("c1.{}.{RANDOM}", "miboiqh4"));
        assert_eq!(
            read_cloud_token(&token, 1_763_900_004_999).unwrap(),
            1_763_900_005_000
        );
        assert_eq!(cloud_token(0, RANDOM), format!("c1.0.{RANDOM}"));
    }

    #[test]
    fn a_token_is_expired_from_its_expiry_on() {
        let token = cloud_token(1000, RANDOM);
        assert_eq!(
            read_cloud_token(&token, 1000).unwrap_err().code(),
            "ERR_SESSION_EXPIRED"
        );
        assert_eq!(read_cloud_token(&token, 999).unwrap(), 1000);
    }

    #[test]
    fn text_that_is_not_a_cloud_token_is_not_found() {
        for bad in [
            "",
            "c1..AAAAAAAAAAAAAAAAAAAAAA",
            "c2.zz.AAAAAAAAAAAAAAAAAAAAAA",
            "c1.ZZ.AAAAAAAAAAAAAAAAAAAAAA",
            "c1.zz.AAAAAAAAAAAAAAAAAAAAA",
            "c1.zz.AAAAAAAAAAAAAAAAAAAAAAA",
            "c1.zz.AAAAAAAAAAAAAAAAAAAAA=",
            "c1.1234567890abc.AAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert_eq!(
                read_cloud_token(bad, 0).unwrap_err().code(),
                "ERR_SESSION_NOT_FOUND",
                "{bad}"
            );
        }
        assert!(read_cloud_token("c1.zzzzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA", 0).is_ok());
    }

    #[test]
    fn cloud_nicknames_are_trimmed_and_counted_in_utf16_units() {
        assert_eq!(check_cloud_nickname("  小明 ").unwrap(), "小明");
        assert_eq!(check_cloud_nickname(&"a".repeat(64)).unwrap().len(), 64);
        let long = check_cloud_nickname(&"a".repeat(65)).unwrap_err();
        assert_eq!(
            (long.code(), long.field_name()),
            ("ERR_INVALID_ARGUMENT", Some("nickName"))
        );
        assert!(check_cloud_nickname(&"😀".repeat(33)).is_err());
        assert!(check_cloud_nickname(" \u{3000}\u{feff}").is_err());
    }

    #[test]
    fn cloud_avatar_urls_are_cloud_file_ids_or_https() {
        assert!(check_cloud_avatar_url("cloud://env.bucket/a.png").is_ok());
        assert!(check_cloud_avatar_url("https://cdn.example.com/a.png").is_ok());
        for bad in ["http://x/a.png", "https://", "https://a b", "ftp://x", "  "] {
            let err = check_cloud_avatar_url(bad).unwrap_err();
            assert_eq!(err.field_name(), Some("avatarUrl"), "{bad}");
        }
        assert!(check_cloud_avatar_url(&format!("https://{}", "a".repeat(1017))).is_err());
    }
}
