//! The server's rules: the defaults, limits and formats its JS glue reads
//! (`createAuth`, the HTTP handlers, `createCloudAuth`), stated once here.
//!
//! - [`defaults`]: `createAuth`'s and the handlers' defaults, the bounds on
//!   their options, and how long the store keeps things.
//! - [`sign_in`]: a refused code's record, the login nonce, the session
//!   token's length.
//! - [`store_keys`]: every store key of one app.
//! - [`cloud`]: `createCloudAuth`'s defaults, its token and its profile
//!   checks.
//! - [`upstream`]: which failed calls upstream are tried again at once, and
//!   how long a caller waits after a quota refused one.
//! - [`platforms`]: each platform's API origin, code exchange, credentials
//!   and phone and profile ways.
//!
//! Pure values and functions: time comes in as `now`.

pub mod cloud;
pub mod defaults;
pub mod platforms;
pub mod sign_in;
pub mod store_keys;
pub mod upstream;

pub use crate::limit::RateLimit;
pub use cloud::{
    check_cloud_avatar_url, check_cloud_nickname, cloud_token, read_cloud_token,
    CloudDatabaseRules, CloudDefaults, CLOUD_DATABASE_RULES, CLOUD_DEFAULTS,
};
pub use defaults::{
    AuthDefaults, HandlerBounds, HandlerDefaults, LoginLimit, AUTH_DEFAULTS, AVATAR_HOOK_SECONDS,
    AVATAR_TTL_SECONDS, CODE_LIFE_SECONDS, HANDLER_BOUNDS, HANDLER_DEFAULTS, MAX_AVATAR_FORM_PARTS,
    USER_LOCK_SECONDS, USER_TTL_SECONDS,
};
pub use platforms::{platform_rules, Encoding, PlatformRules, PLATFORM_RULES};
pub use sign_in::{
    is_login_nonce, is_refused_code, is_session_token_length, read_refusal_record, refusal_record,
    LOGIN_NONCE_EXTRA_CHARACTERS, MAX_LOGIN_NONCE_LENGTH, MAX_SESSION_TOKEN_LENGTH,
    MIN_LOGIN_NONCE_LENGTH, REFUSED_CODES, USED_CODE_ERRCODE, USED_CODE_RECORD,
};
pub use store_keys::{KeyForm, KeyForms, StoreKeys, KEY_FORMS};
pub use upstream::{
    quota_retry_after, retries_upstream, DAILY_QUOTA_ERRCODE, MINUTE_QUOTA_ERRCODE,
    UPSTREAM_RETRIED,
};
