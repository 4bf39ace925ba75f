//! `rules()`: the core's defaults, limits and formats as one value, written
//! by the build to `pkg/dist/rules.json` (tools/error-table.js) and read
//! once by each JS module that needs them. The mini program bundle carries
//! its `client` part only.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use weapp_login::rules::{
    AuthDefaults, ClientDefaults, CloudDefaults, HandlerBounds, HandlerDefaults, KeyForms,
    AUTH_DEFAULTS, AVATAR_TTL_SECONDS, CLIENT_DEFAULTS, CLOUD_DEFAULTS, CODE_LIFE_SECONDS,
    HANDLER_BOUNDS, HANDLER_DEFAULTS, KEY_FORMS, LOGIN_NONCE_EXTRA_CHARACTERS,
    MAX_LOGIN_NONCE_LENGTH, MAX_SESSION_TOKEN_LENGTH, MIN_LOGIN_NONCE_LENGTH, SESSION_LOST_CODES,
    UPSTREAM_RETRIED, USED_CODE_ERRCODE, USED_CODE_RECORD, USER_TTL_SECONDS,
};
use weapp_login::ErrorKind;

use super::answer;

/// What a text of `[A-Za-z0-9]` and a few more characters may be, as data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct TextShape {
    pub(crate) min_length: usize,
    pub(crate) max_length: usize,
    pub(crate) extra_characters: &'static str,
}

/// A code the server itself knows to be used: its error, and its record.
#[derive(Serialize)]
struct UsedCode {
    code: &'static str,
    errcode: i64,
    record: &'static str,
}

/// The client's part: `createLoginClient`'s defaults and lost-session codes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClientRules {
    #[serde(flatten)]
    defaults: ClientDefaults,
    session_lost_codes: Vec<&'static str>,
}

/// Every rule the JS glue reads, by who reads it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rules {
    auth: AuthDefaults,
    handler: HandlerDefaults,
    handler_bounds: HandlerBounds,
    cloud: CloudDefaults,
    code_life_seconds: u64,
    user_ttl_seconds: u64,
    avatar_ttl_seconds: u64,
    used_code: UsedCode,
    max_session_token_length: usize,
    login_nonce: TextShape,
    store_keys: KeyForms,
    upstream_retried: Vec<&'static str>,
    client: ClientRules,
}

fn codes(kinds: &[ErrorKind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.code()).collect()
}

/// `rules()`: `{ auth, handler, handlerBounds, cloud, codeLifeSeconds,
/// userTtlSeconds, avatarTtlSeconds, usedCode, maxSessionTokenLength,
/// loginNonce, storeKeys, upstreamRetried, client }` (see
/// `weapp_login::rules`). Read by the build, not at run time.
#[wasm_bindgen]
pub fn rules() -> core::result::Result<JsValue, JsValue> {
    answer(Ok(Rules {
        auth: AUTH_DEFAULTS,
        handler: HANDLER_DEFAULTS,
        handler_bounds: HANDLER_BOUNDS,
        cloud: CLOUD_DEFAULTS,
        code_life_seconds: CODE_LIFE_SECONDS,
        user_ttl_seconds: USER_TTL_SECONDS,
        avatar_ttl_seconds: AVATAR_TTL_SECONDS,
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
        client: ClientRules {
            defaults: CLIENT_DEFAULTS,
            session_lost_codes: codes(&SESSION_LOST_CODES),
        },
    }))
}
