//! The core's tables as JSON, for the JS glue: the error table (every code
//! with its HTTP status, retryability and description) and the rules (the
//! defaults, limits and formats the glue reads). `tools/error-table.js` runs
//! it at build time and writes `pkg/dist/error-table.json` and
//! `pkg/dist/rules.json`; each JS module reads them once. Built natively, so
//! nothing of it ships in a wasm.
//!
//!     cargo run --quiet --example core_tables --features serde

use serde::Serialize;

use weapp_login::client::frame::{FrameRules, FRAME_RULES};
use weapp_login::rules::{
    AuthDefaults, ClientDefaults, CloudDatabaseRules, CloudDefaults, HandlerBounds,
    HandlerDefaults, KeyForms, PlatformRules, AUTH_DEFAULTS, AVATAR_HOOK_SECONDS,
    AVATAR_TTL_SECONDS, CLIENT_DEFAULTS, CLOUD_DATABASE_RULES, CLOUD_DEFAULTS, CODE_LIFE_SECONDS,
    HANDLER_BOUNDS, HANDLER_DEFAULTS, KEY_FORMS, LOGIN_NONCE_EXTRA_CHARACTERS,
    MAX_AVATAR_FORM_PARTS, MAX_LOGIN_NONCE_LENGTH, MAX_SESSION_TOKEN_LENGTH,
    MIN_LOGIN_NONCE_LENGTH, PLATFORM_RULES, SESSION_LOST_CODES, UPSTREAM_RETRIED,
    USED_CODE_ERRCODE, USED_CODE_RECORD, USER_LOCK_SECONDS, USER_TTL_SECONDS,
};
use weapp_login::{ErrorKind, LoginState};

/// One row of the error table.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorRow {
    code: &'static str,
    retryable: bool,
    http_status: u16,
    description: &'static str,
}

/// What a text of `[A-Za-z0-9]` and a few more characters may be, as data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextShape {
    min_length: usize,
    max_length: usize,
    extra_characters: &'static str,
}

/// A code the server itself knows to be used: its error, and its record.
#[derive(Serialize)]
struct UsedCode {
    code: &'static str,
    errcode: i64,
    record: &'static str,
}

/// The client's part: `createLoginClient`'s defaults and lost-session codes,
/// how the first frame is read from storage, and the state before anything
/// is stored (the machine's initial view).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientRules {
    #[serde(flatten)]
    defaults: ClientDefaults,
    session_lost_codes: Vec<&'static str>,
    frame: FrameRules,
    signed_out: serde_json::Value,
}

/// Every rule the JS glue reads, by who reads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rules {
    auth: AuthDefaults,
    handler: HandlerDefaults,
    handler_bounds: HandlerBounds,
    cloud: CloudDefaults,
    cloud_database: CloudDatabaseRules,
    code_life_seconds: u64,
    user_ttl_seconds: u64,
    user_lock_seconds: u64,
    avatar_hook_seconds: u64,
    avatar_ttl_seconds: u64,
    max_avatar_form_parts: usize,
    used_code: UsedCode,
    max_session_token_length: usize,
    login_nonce: TextShape,
    store_keys: KeyForms,
    upstream_retried: Vec<&'static str>,
    platforms: [PlatformRules; 6],
    client: ClientRules,
}

/// Both tables, as one JSON document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tables {
    error_table: Vec<ErrorRow>,
    rules: Rules,
}

fn codes(kinds: &[ErrorKind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.code()).collect()
}

fn main() -> Result<(), serde_json::Error> {
    let tables = Tables {
        error_table: ErrorKind::ALL
            .iter()
            .map(|kind| ErrorRow {
                code: kind.code(),
                retryable: kind.retryable(),
                http_status: kind.http_status(),
                description: kind.description(),
            })
            .collect(),
        rules: Rules {
            auth: AUTH_DEFAULTS,
            handler: HANDLER_DEFAULTS,
            handler_bounds: HANDLER_BOUNDS,
            cloud: CLOUD_DEFAULTS,
            cloud_database: CLOUD_DATABASE_RULES,
            code_life_seconds: CODE_LIFE_SECONDS,
            user_ttl_seconds: USER_TTL_SECONDS,
            user_lock_seconds: USER_LOCK_SECONDS,
            avatar_hook_seconds: AVATAR_HOOK_SECONDS,
            avatar_ttl_seconds: AVATAR_TTL_SECONDS,
            max_avatar_form_parts: MAX_AVATAR_FORM_PARTS,
            used_code: UsedCode {
                code: ErrorKind::CodeUsed.code(),
                errcode: USED_CODE_ERRCODE,
                record: USED_CODE_RECORD,
            },
            max_session_token_length: MAX_SESSION_TOKEN_LENGTH,
            login_nonce: TextShape {
                min_length: MIN_LOGIN_NONCE_LENGTH,
                max_length: MAX_LOGIN_NONCE_LENGTH,
                extra_characters: LOGIN_NONCE_EXTRA_CHARACTERS,
            },
            store_keys: KEY_FORMS,
            upstream_retried: codes(&UPSTREAM_RETRIED),
            platforms: PLATFORM_RULES,
            client: ClientRules {
                defaults: CLIENT_DEFAULTS,
                session_lost_codes: codes(&SESSION_LOST_CODES),
                frame: FRAME_RULES,
                signed_out: serde_json::from_str(&weapp_login::json::to_json(
                    &LoginState::default().into_view(),
                ))?,
            },
        },
    };
    println!("{}", serde_json::to_string(&tables)?);
    Ok(())
}
