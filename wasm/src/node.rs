//! Bindings of the Node build: decryption, signatures, WeChat's answers and
//! the key ring. Each export answers `{ ok: value }` or `{ error: {…} }`
//! (see [`respond`]), built by `serde-wasm-bindgen`.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use weapp_login::crypto::{decode_iv, encode_base64, SessionKey};
use weapp_login::json::{to_json, Object};
use weapp_login::server::key_ring::{DEFAULT_GRACE_SECONDS, DEFAULT_RING_SIZE};
use weapp_login::{
    Decrypted, EncryptedData, Error, ErrorKind, KeyRing, Keys, PayloadKind, Result, Validation,
};

use crate::args;
use crate::node_args;

/// The error half of an envelope. Built from static text and field names
/// only: no value that was passed in.
#[derive(Serialize)]
struct ErrorView<'a> {
    code: &'static str,
    message: String,
    retryable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errcode: Option<i64>,
}

/// `{ ok: value }` or `{ error: ErrorView }`.
#[derive(Serialize)]
enum Envelope<'a, T> {
    #[serde(rename = "ok")]
    Ok(T),
    #[serde(rename = "error")]
    Error(ErrorView<'a>),
}

/// A Rust value as a plain JS value: objects (not `Map`s) for maps, no
/// `undefined` holes.
fn to_js<T: Serialize>(value: &T) -> Option<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}

/// The envelope of a result, as the JS side reads it.
fn respond<T: Serialize>(result: Result<T>) -> JsValue {
    let answer = match &result {
        Ok(value) => to_js(&Envelope::<&T>::Ok(value)),
        Err(err) => to_js(&Envelope::<()>::Error(error_view(err))),
    };
    // Serializing these types cannot fail; if it ever did, say so as a bug.
    answer.unwrap_or_else(|| {
        let err = Error::new(ErrorKind::Internal);
        to_js(&Envelope::<()>::Error(error_view(&err))).unwrap_or(JsValue::NULL)
    })
}

fn error_view(err: &Error) -> ErrorView<'_> {
    ErrorView {
        code: err.code(),
        message: err.message(),
        retryable: err.retryable(),
        field: err.field_name(),
        errcode: err.errcode(),
    }
}

/// One row of `errorCodes()`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorRow {
    code: &'static str,
    retryable: bool,
    http_status: u16,
    description: &'static str,
}

/// `errorCodes()`: every error code with its retryability, HTTP status and
/// description: the table every `WeappLoginError` is built from.
#[wasm_bindgen]
pub fn error_codes() -> JsValue {
    let rows: Vec<ErrorRow> = ErrorKind::ALL
        .iter()
        .map(|kind| ErrorRow {
            code: kind.code(),
            retryable: kind.retryable(),
            http_status: kind.http_status(),
            description: kind.description(),
        })
        .collect();
    respond(Ok(rows))
}

/// The core's defaults the server uses, so they are written down once.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Defaults {
    key_ring_size: usize,
    key_grace_seconds: u64,
    max_age_seconds: u64,
    leeway_seconds: u64,
}

/// `defaults()`: `{ keyRingSize, keyGraceSeconds, maxAgeSeconds, leewaySeconds }`.
#[wasm_bindgen]
pub fn defaults() -> JsValue {
    respond(Ok(Defaults {
        key_ring_size: DEFAULT_RING_SIZE,
        key_grace_seconds: DEFAULT_GRACE_SECONDS,
        max_age_seconds: Validation::DEFAULT_MAX_AGE,
        leeway_seconds: Validation::DEFAULT_LEEWAY,
    }))
}

/// The `{ code, retryable }` of a WeChat errcode.
#[derive(Serialize)]
struct WechatErrorRow {
    code: &'static str,
    retryable: bool,
}

/// `wechatError(errcode)`.
#[wasm_bindgen]
pub fn wechat_error(errcode: JsValue) -> JsValue {
    respond((|| {
        let n = node_args::integer(&errcode, "errcode")?;
        let err = weapp_login::wechat_error(n)
            .ok_or_else(|| Error::invalid_argument("errcode", "0 means success, not an error"))?;
        Ok(WechatErrorRow {
            code: err.code(),
            retryable: err.retryable(),
        })
    })())
}

/// `parsePhoneEvent(detail)`.
#[wasm_bindgen]
pub fn parse_phone_event(detail: JsValue) -> JsValue {
    respond(
        args::json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|value| weapp_login::parse_phone_event(&value)),
    )
}

/// A session key given as base64 text; the copy of the text is zeroed.
fn session_key(v: &JsValue) -> Result<SessionKey> {
    let text = Zeroizing::new(args::string(v, "sessionKey")?);
    SessionKey::from_base64(&text)
}

/// A stored key ring (`[{ key, since }]`, as an array or its JSON text). A
/// missing or damaged ring is an empty one: there is simply no key to try.
fn key_ring(v: &JsValue) -> KeyRing {
    args::json(v, "ring", ErrorKind::InvalidArgument)
        .map(|value| KeyRing::from_json(&value))
        .unwrap_or_default()
}

/// `{ ring, graceSeconds }`: a stored key ring (its JSON text) and the grace
/// of its superseded keys, as the keys live at `now`.
fn live_ring(v: &JsValue, now: u64) -> Result<KeyRing> {
    if !v.is_object() {
        return Err(Error::argument_type("ring", "{ ring, graceSeconds }"));
    }
    let field = |name: &str| {
        js_sys::Reflect::get(v, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    let grace = node_args::seconds(&field("graceSeconds"), "graceSeconds")?;
    Ok(key_ring(&field("ring")).live(now, grace))
}

/// A sealed payload's text (`iv`, `encryptedData`: strings or their UTF-8
/// bytes) and the watermark rules for it, read as every decrypt reads them.
struct SealedInput {
    iv: String,
    encrypted_data: String,
    validation: Validation,
}

impl SealedInput {
    fn read(
        iv: &JsValue,
        encrypted_data: &JsValue,
        app_id: impl Into<String>,
        now: u64,
        max_age_seconds: &JsValue,
    ) -> Result<Self> {
        let iv = args::text(iv, "iv")?;
        let encrypted_data = args::text(encrypted_data, "encryptedData")?;
        let max_age = node_args::max_age(max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        Ok(SealedInput {
            iv,
            encrypted_data,
            validation: Validation::new(app_id, now).with_max_age(max_age),
        })
    }

    fn sealed(&self) -> EncryptedData<'_> {
        EncryptedData {
            encrypted_data: &self.encrypted_data,
            iv: &self.iv,
        }
    }
}

/// What a decrypt answers: the typed payloads as objects, and any other
/// payload as its JSON text, which the JS side reads with `JSON.parse` (so a
/// `__proto__` key stays a plain key).
#[derive(Serialize)]
#[serde(untagged)]
enum DecryptAnswer {
    Json(String),
    Phone(weapp_login::PhoneNumber),
    User(weapp_login::UserInfo),
}

/// `decrypt(kind, sessionKey, appId, iv, encryptedData, now, maxAgeSeconds)`:
/// the decrypt of the public functions (`decryptData`, `decryptPhoneNumber`,
/// `decryptUserInfo`): one session key (base64 text; a key that does not
/// open the data is ERR_DECRYPT_FAILED). `kind` is `data`, `phone` or
/// `userinfo`. The server opens data with a user's key ring instead
/// ([`open_phone_number`], [`profile_update`]).
#[wasm_bindgen]
pub fn decrypt(
    kind: JsValue,
    session_key_text: JsValue,
    app_id: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> JsValue {
    respond((|| {
        let kind = args::string(&kind, "kind")?;
        let kind = PayloadKind::from_name(&kind)
            .ok_or_else(|| Error::invalid_argument("kind", "must be data, phone or userinfo"))?;
        let app_id = node_args::non_empty_string(&app_id, "appId")?;
        let now = node_args::seconds_or_now(&now, "now")?;
        let key = session_key(&session_key_text)?;
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        Ok(
            match weapp_login::decrypt(
                Keys::One(&key),
                kind,
                &input.sealed(),
                &input.validation,
                None,
            )? {
                Decrypted::Data(object) => DecryptAnswer::Json(to_json(&object)),
                Decrypted::PhoneNumber(phone) => DecryptAnswer::Phone(phone),
                Decrypted::UserInfo(info) => DecryptAnswer::User(info),
            },
        )
    })())
}

/// What the server's `/phone` answers for an old (encrypted) payload: the
/// number, and the masked form the user record keeps. No watermark: the
/// core checked it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServerPhone {
    phone_number: String,
    pure_phone_number: String,
    country_code: String,
    masked: String,
}

/// `openPhoneNumber(ring, graceSeconds, appId, iv, encryptedData, now,
/// maxAgeSeconds)`: the server's phone decrypt with the user's key ring (only
/// the keys live at `now` are tried; when none opens the data,
/// ERR_SESSION_STALE) and `maskPhone`, in one call: `{ phoneNumber, purePhoneNumber, countryCode,
/// masked }`. `ring` is the user's key ring as stored (its JSON text; damaged
/// is empty), `appId` the server's checked appId, `graceSeconds` and `now`
/// numbers (anything else arrives as NaN and is refused); `iv` and
/// `encryptedData` are read as for `decrypt`.
#[wasm_bindgen]
pub fn open_phone_number(
    ring: &str,
    grace_seconds: f64,
    app_id: &str,
    iv: JsValue,
    encrypted_data: JsValue,
    now: f64,
    max_age_seconds: JsValue,
) -> JsValue {
    respond((|| {
        if app_id.is_empty() {
            return Err(Error::invalid_argument("appId", "must not be empty"));
        }
        let now = node_args::seconds_number(now, "now")?;
        let grace = node_args::seconds_number(grace_seconds, "graceSeconds")?;
        let ring = KeyRing::from_storage(ring).live(now, grace);
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        let phone = ring.decrypt_phone_number(&input.sealed(), &input.validation)?;
        Ok(ServerPhone {
            masked: weapp_login::mask_phone(&phone.pure_phone_number),
            phone_number: phone.phone_number,
            pure_phone_number: phone.pure_phone_number,
            country_code: phone.country_code,
        })
    })())
}

/// `verifySignature(rawData, signature, sessionKey)`: a boolean.
#[wasm_bindgen]
pub fn verify_signature(raw_data: JsValue, signature: JsValue, key: JsValue) -> JsValue {
    respond((|| {
        let raw_data = args::string(&raw_data, "rawData")?;
        let signature = args::string(&signature, "signature")?;
        let key = session_key(&key)?;
        Ok(weapp_login::verify_signature(&raw_data, &signature, &key))
    })())
}

/// `verifyWithKeyRing(ring, rawData, signature)`: `true`, or ERR_SESSION_STALE.
#[wasm_bindgen]
pub fn verify_with_key_ring(ring: JsValue, raw_data: JsValue, signature: JsValue) -> JsValue {
    respond((|| {
        let raw = args::string(&raw_data, "rawData")?;
        let sig = args::string(&signature, "signature")?;
        key_ring(&ring).verify_signature(&raw, &sig).map(|()| true)
    })())
}

/// `sessionKeySignature(sessionKey)`: the hex HMAC `checksession` wants.
#[wasm_bindgen]
pub fn session_key_signature(key: JsValue) -> JsValue {
    respond(session_key(&key).map(|key| weapp_login::session_key_signature(&key)))
}

/// What `readSessionRecord` answers: the record as the server's JS sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionView {
    openid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    unionid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<weapp_login::json::Value>,
    expires_at: u64,
}

/// `sessionRecord(openid, unionid?, userId?, expiresAtMs)`: the text the
/// server stores under a token's hash.
#[wasm_bindgen]
pub fn session_record(
    openid: JsValue,
    unionid: JsValue,
    user_id: JsValue,
    expires_at: JsValue,
) -> JsValue {
    respond((|| {
        let record = weapp_login::server::session_record::SessionRecord {
            openid: node_args::non_empty_string(&openid, "openid")?,
            unionid: node_args::opt_string(&unionid, "unionid")?,
            user_id: if args::absent(&user_id) {
                None
            } else if let Some(text) = user_id.as_string() {
                Some(weapp_login::json::Value::String(text))
            } else {
                Some(weapp_login::json::Value::from(node_args::integer(
                    &user_id, "userId",
                )?))
            },
            expires_at: args::milliseconds(&expires_at, "expiresAt")?,
        };
        Ok(record.to_storage())
    })())
}

/// `readSessionRecord(text, nowMs)`: `{ openid, unionid?, userId?,
/// expiresAt }`, or ERR_SESSION_NOT_FOUND / ERR_SESSION_EXPIRED. Read on
/// every signed-in request, so its arguments are typed (no crossing back to
/// JS to read them): `text` must be a string (the server's JS passes
/// `String(raw)`), and `nowMs` a number (anything else arrives as NaN and is
/// refused).
#[wasm_bindgen]
pub fn read_session_record(text: &str, now_ms: f64) -> JsValue {
    respond((|| {
        let now = args::milliseconds_number(now_ms, "nowMs")?;
        let r = weapp_login::server::session_record::SessionRecord::from_storage(text, now)?;
        Ok(SessionView {
            openid: r.openid,
            unionid: r.unionid,
            user_id: r.user_id,
            expires_at: r.expires_at,
        })
    })())
}

/// What `profileUpdate` answers: the user info as JSON text (for
/// `JSON.parse`: it may hold any keys) and whether it completes the profile.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileAnswer {
    user_info: String,
    completes_profile: bool,
}

/// `profileUpdate(body, ring, appId, openid, now?, maxAgeSeconds?)`: what a
/// `POST /profile` body gives, by the core's rules
/// (`server::profile_submission`). `ring` is the user's key ring as stored,
/// with its grace (`{ ring, graceSeconds }`).
#[wasm_bindgen]
pub fn profile_update(
    body: JsValue,
    ring: JsValue,
    app_id: JsValue,
    openid: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> JsValue {
    respond((|| {
        let app_id = node_args::non_empty_string(&app_id, "appId")?;
        let openid = node_args::non_empty_string(&openid, "openid")?;
        let now = node_args::seconds_or_now(&now, "now")?;
        let max_age = node_args::max_age(&max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        let ring = live_ring(&ring, now)?;
        let body = args::json(&body, "data", ErrorKind::InvalidArgument)?;
        let validation = Validation::new(app_id, now).with_max_age(max_age);
        let update = weapp_login::server::profile_submission::read_profile_submission(
            &body,
            &ring,
            &validation,
            &openid,
        )?;
        Ok(ProfileAnswer {
            user_info: to_json(&update.user_info),
            completes_profile: update.completes_profile,
        })
    })())
}

/// `newestSessionKeySignature(ring)`: the signature of the ring's newest
/// key (what `checksession` asks about), or ERR_SESSION_STALE for an empty ring.
#[wasm_bindgen]
pub fn newest_session_key_signature(ring: JsValue) -> JsValue {
    respond(
        key_ring(&ring)
            .entries()
            .first()
            .map(|entry| weapp_login::session_key_signature(&entry.key))
            .ok_or_else(|| Error::new(ErrorKind::SessionStale)),
    )
}

/// What `encryptData` answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sealed {
    encrypted_data: String,
    iv: String,
}

/// `encryptData(appId, sessionKey, data, iv?, timestamp?, randomIv)`:
/// `random_iv` is 16 fresh random bytes from the host, used when no `iv` is given.
#[wasm_bindgen]
pub fn encrypt_data(
    app_id: JsValue,
    key: JsValue,
    data: JsValue,
    iv: JsValue,
    timestamp: JsValue,
    random_iv: &[u8],
) -> JsValue {
    respond((|| {
        let app_id = node_args::non_empty_string(&app_id, "appId")?;
        let key = session_key(&key)?;
        let data: Object = node_args::object(&data, "data")?;
        let iv = match node_args::opt_string(&iv, "iv")? {
            Some(text) => decode_iv(&text)?,
            None => <[u8; 16]>::try_from(random_iv).map_err(|_| Error::new(ErrorKind::Internal))?,
        };
        let timestamp = node_args::seconds_or_now(&timestamp, "timestamp")?;
        let timestamp = i64::try_from(timestamp)
            .map_err(|_| Error::invalid_argument("timestamp", "too large"))?;
        Ok(Sealed {
            encrypted_data: weapp_login::encrypt_data(&key, &iv, data, &app_id, timestamp),
            iv: encode_base64(&iv),
        })
    })())
}

/// Secret text (a session key, a key ring) on its way to JS: the Rust copy
/// is zeroed once it has been handed over.
struct SecretText(Zeroizing<String>);

impl Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// What `parseCode2Session` answers: `{ openid, sessionKey, unionid? }`; the
/// session key as base64 text, for the server's key ring.
#[derive(Serialize)]
struct Session {
    openid: String,
    #[serde(rename = "sessionKey")]
    session_key: SecretText,
    #[serde(skip_serializing_if = "Option::is_none")]
    unionid: Option<String>,
}

/// `parseCode2Session(body)`: the body as an object or as its JSON text.
#[wasm_bindgen]
pub fn parse_code2session(body: JsValue) -> JsValue {
    respond(
        args::json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|value| weapp_login::parse_code2session(&value))
            .map(|s| Session {
                openid: s.openid,
                session_key: SecretText(s.session_key.expose_base64()),
                unionid: s.unionid,
            }),
    )
}

/// What `parseStableToken` answers, for the server's own cache.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StableToken<'a> {
    access_token: &'a str,
    expires_in: u64,
}

/// `parseStableToken(body)`: `{ accessToken, expiresIn }`.
#[wasm_bindgen]
pub fn parse_stable_token(body: JsValue) -> JsValue {
    let token = args::json(&body, "body", ErrorKind::PayloadShape)
        .and_then(|v| weapp_login::parse_stable_token(&v));
    respond(token.as_ref().map_err(Clone::clone).map(|t| StableToken {
        access_token: t.access_token.expose(),
        expires_in: t.expires_in,
    }))
}

/// `parsePhoneNumberReply(body, appId)`: `getuserphonenumber`'s phone.
#[wasm_bindgen]
pub fn parse_phone_number_reply(body: JsValue, app_id: JsValue) -> JsValue {
    respond((|| {
        let app_id = node_args::non_empty_string(&app_id, "appId")?;
        let body = args::json(&body, "body", ErrorKind::PayloadShape)?;
        weapp_login::parse_phone_number_reply(&body, &app_id)
    })())
}

/// `parseCheckSession(body)`: `true`, or WeChat's error.
#[wasm_bindgen]
pub fn parse_check_session(body: JsValue) -> JsValue {
    respond(
        args::json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|v| weapp_login::parse_check_session(&v))
            .map(|()| true),
    )
}

/// `keyRingPush(ring, sessionKey, now, size, graceSeconds)`: the ring with
/// the new key first, as the JSON text the server stores.
#[wasm_bindgen]
pub fn key_ring_push(
    ring: JsValue,
    key: JsValue,
    now: JsValue,
    size: JsValue,
    grace: JsValue,
) -> JsValue {
    respond((|| {
        let key = session_key(&key)?;
        let now = node_args::seconds_or_now(&now, "now")?;
        let size = node_args::seconds(&size, "size")?;
        let grace = node_args::seconds(&grace, "graceSeconds")?;
        let mut ring = key_ring(&ring);
        ring.push(key, now, usize::try_from(size.max(1)).unwrap_or(1), grace);
        Ok(SecretText(Zeroizing::new(to_json(&ring))))
    })())
}

/// Test builds only (feature `trap-test`): traps the instance.
#[cfg(feature = "trap-test")]
#[wasm_bindgen]
pub fn trap_for_tests() -> JsValue {
    crate::trap_for_tests()
}

/// `memoryBytes()`: the wasm linear memory in bytes, the memory benchmark's
/// probe (it must stay flat over a million decrypts).
#[wasm_bindgen]
pub fn memory_bytes() -> JsValue {
    let pages = core::arch::wasm32::memory_size::<0>();
    respond(Ok(u64::try_from(pages).unwrap_or(0) * 65_536))
}

/// `openUserInfo(data, appId, openid, now?)`: the user info
/// `cloud.getOpenData` opened for a cloudID (WeChat Cloud Development),
/// checked for the calling user (watermark for `appId`, no age limit;
/// `openId` the caller's, filled in when absent).
#[wasm_bindgen]
pub fn open_user_info(data: JsValue, app_id: JsValue, openid: JsValue, now: JsValue) -> JsValue {
    respond((|| {
        let app_id = node_args::non_empty_string(&app_id, "appId")?;
        let openid = node_args::non_empty_string(&openid, "openid")?;
        let now = node_args::seconds_or_now(&now, "now")?;
        let data = args::json(&data, "data", ErrorKind::PayloadShape)?;
        let v = Validation::new(app_id, now).with_max_age(None);
        weapp_login::wechat::open_data::read_open_user_info(&data, &v, &openid)
    })())
}

/// What a WeChat code can look like, as data.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CodeShape {
    min_length: usize,
    max_length: usize,
    extra_characters: &'static str,
}

/// `wechatCodeShape()`: `{ minLength, maxLength, extraCharacters }` (besides
/// ASCII letters and digits). Read once at load; the server checks every
/// code with it before any upstream call.
#[wasm_bindgen]
pub fn wechat_code_shape() -> JsValue {
    respond(Ok(CodeShape {
        min_length: weapp_login::MIN_CODE_LENGTH,
        max_length: weapp_login::MAX_CODE_LENGTH,
        extra_characters: weapp_login::CODE_EXTRA_CHARACTERS,
    }))
}

/// `maskPhone(purePhoneNumber)`: `138****8000`.
#[wasm_bindgen]
pub fn mask_phone(pure: JsValue) -> JsValue {
    respond(args::string(&pure, "purePhoneNumber").map(|p| weapp_login::mask_phone(&p)))
}
