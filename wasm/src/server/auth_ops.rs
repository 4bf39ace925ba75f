//! `createAuth`'s and `createCloudAuth`'s operations (`pkg/src/server/`):
//! sign-in, session records, the key ring, phone numbers, profiles and
//! WeChat's replies. The caller is the package's own JS, so arguments are
//! typed (`&str`, `f64`, `Option<String>`); a key ring crosses only as the
//! text the server stores, and a session key never leaves the core.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use weapp_login::json::{to_json, ObjectWriter, Value};
use weapp_login::server::key_ring::{DEFAULT_GRACE_SECONDS, DEFAULT_RING_SIZE};
use weapp_login::server::platforms;
use weapp_login::wechat::phone::PhoneFields;
use weapp_login::{rules, Error, ErrorKind, KeyRing, PhoneNumber, Platform, Validation};

use super::args::{self, SealedInput};
use super::{answer, thrown};
use crate::args::{json, json_text, milliseconds_number};

type Answer = core::result::Result<JsValue, JsValue>;

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
#[wasm_bindgen(
    unchecked_return_type = "{ keyRingSize: number, keyGraceSeconds: number, maxAgeSeconds: number, leewaySeconds: number }"
)]
pub fn defaults() -> Answer {
    answer(Ok(Defaults {
        key_ring_size: DEFAULT_RING_SIZE,
        key_grace_seconds: DEFAULT_GRACE_SECONDS,
        max_age_seconds: Validation::DEFAULT_MAX_AGE,
        leeway_seconds: Validation::DEFAULT_LEEWAY,
    }))
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
#[wasm_bindgen(js_name = wechatCodeShape, unchecked_return_type = "{ minLength: number, maxLength: number, extraCharacters: string }")]
pub fn wechat_code_shape() -> Answer {
    answer(Ok(CodeShape {
        min_length: weapp_login::MIN_CODE_LENGTH,
        max_length: weapp_login::MAX_CODE_LENGTH,
        extra_characters: weapp_login::CODE_EXTRA_CHARACTERS,
    }))
}

/// The stored key ring's text (`None`: no ring yet; damaged: empty).
fn stored_ring(ring: Option<String>) -> KeyRing {
    ring.map(|text| KeyRing::from_storage(&text))
        .unwrap_or_default()
}

/// What opening data with a user's stored ring starts from, checked: the
/// appId (not empty), the clock (`now`, in seconds) and the keys of the
/// ring live at `now` within `grace_seconds`.
fn live_ring(
    ring: Option<String>,
    grace_seconds: f64,
    app_id: &str,
    now: f64,
) -> weapp_login::Result<(KeyRing, u64)> {
    if app_id.is_empty() {
        return Err(Error::invalid_argument("appId", "must not be empty"));
    }
    let now = args::seconds_number(now, "now")?;
    let grace = args::seconds_number(grace_seconds, "graceSeconds")?;
    Ok((stored_ring(ring).live(now, grace), now))
}

/// `platformName(name)`: the platform's stable name, checked by the core
/// (ERR_INVALID_ARGUMENT, field `platform`, for any other text). Read once
/// by `createAuth`.
#[wasm_bindgen(js_name = platformName)]
pub fn platform_name(name: &str) -> core::result::Result<String, JsValue> {
    Platform::from_name(name)
        .map(|p| p.name().into())
        .map_err(thrown)
}

/// The platform of a name `createAuth` already checked.
fn platform(name: &str) -> weapp_login::Result<Platform> {
    Platform::from_name(name)
}

/// `code2SessionUser(platform, answer)`: the JSON text of `{ openid,
/// unionid?, anonymousOpenid? }` of the platform's code exchange answer (its
/// text), or the platform's error mapped to ours. The session key stays in
/// the answer's text, for [`sign_in`]. (One string crosses: cheaper on every
/// sign-in than an object built field by field.)
#[wasm_bindgen(js_name = code2SessionUser)]
pub fn code2session_user(
    platform_name: &str,
    answer_text: &str,
) -> core::result::Result<String, JsValue> {
    (|| {
        let p = platform(platform_name)?;
        let body = json_text(answer_text, "body", ErrorKind::PayloadShape)?;
        let s = platforms::read_code_exchange(p, &body)?;
        let mut out = String::with_capacity(96);
        let mut w = ObjectWriter::new(&mut out);
        w.field("openid", &s.openid)
            .optional("unionid", &s.unionid)
            .optional("anonymousOpenid", &s.anonymous_openid);
        w.end();
        Ok(out)
    })()
    .map_err(thrown)
}

/// `signIn(platform, answer, ring, now, size, graceSeconds, userId?,
/// expiresAtMs)`: one crossing per sign-in, after the user's ring was read.
/// Answers the new session's record (the text the server stores under the
/// token's hash, see [`session_record`]), a line break, then the user's key
/// ring with the session key of the code exchange's answer (its text) first,
/// as the text the server stores: at most `size` keys, older ones only
/// within `graceSeconds` at `now` (seconds). Neither text holds a line
/// break. The session key never reaches JS.
#[wasm_bindgen(js_name = signIn)]
#[allow(clippy::too_many_arguments)]
pub fn sign_in(
    platform_name: &str,
    answer_text: &str,
    ring: Option<String>,
    now: f64,
    size: u32,
    grace_seconds: f64,
    user_id: JsValue,
    expires_at_ms: f64,
) -> core::result::Result<String, JsValue> {
    (|| {
        let p = platform(platform_name)?;
        let body = json_text(answer_text, "body", ErrorKind::PayloadShape)?;
        let now = args::seconds_number(now, "now")?;
        let grace = args::seconds_number(grace_seconds, "graceSeconds")?;
        let size = usize::try_from(size.max(1)).unwrap_or(1);
        let expires_at = milliseconds_number(expires_at_ms, "expiresAt")?;
        let user_id = user_id_value(&user_id)?;
        let signed = platforms::sign_in(p, &body, ring.as_deref(), now, size, grace)?;
        let mut out = weapp_login::server::session_record::SessionRecord {
            openid: signed.openid,
            unionid: signed.unionid,
            user_id,
            expires_at,
        }
        .to_storage();
        out.push('\n');
        out.push_str(&signed.ring);
        Ok(out)
    })()
    .map_err(thrown)
}

/// The app's user id as a session record keeps it: none, a string or a
/// whole number.
fn user_id_value(user_id: &JsValue) -> weapp_login::Result<Option<Value>> {
    Ok(if crate::args::absent(user_id) {
        None
    } else if let Some(text) = user_id.as_string() {
        Some(Value::String(text))
    } else {
        Some(Value::from(args::integer(user_id, "userId")?))
    })
}

/// `sessionRecord(openid, unionid?, userId?, expiresAtMs)`: the text the
/// server stores under a token's hash, for a sign-in without a session key
/// (Alipay's; the others get it from [`sign_in`]). `userId` is a string or a
/// whole number.
#[wasm_bindgen(js_name = sessionRecord)]
pub fn session_record(
    openid: &str,
    unionid: Option<String>,
    user_id: JsValue,
    expires_at_ms: f64,
) -> core::result::Result<String, JsValue> {
    (|| {
        if openid.is_empty() {
            return Err(Error::invalid_argument("openid", "must not be empty"));
        }
        let record = weapp_login::server::session_record::SessionRecord {
            openid: openid.into(),
            unionid,
            user_id: user_id_value(&user_id)?,
            expires_at: milliseconds_number(expires_at_ms, "expiresAt")?,
        };
        Ok(record.to_storage())
    })()
    .map_err(thrown)
}

/// What `readSessionRecord` answers: the record as the server's JS sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SessionView {
    openid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    unionid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<Value>,
    expires_at: u64,
}

/// `readSessionRecord(text, nowMs)`: `{ openid, unionid?, userId?,
/// expiresAt }`, or ERR_SESSION_NOT_FOUND / ERR_SESSION_EXPIRED. Read on
/// every signed-in request.
#[wasm_bindgen(js_name = readSessionRecord, unchecked_return_type = "{ openid: string, unionid?: string, userId?: string | number, expiresAt: number }")]
pub fn read_session_record(text: &str, now_ms: f64) -> Answer {
    answer((|| {
        let now = milliseconds_number(now_ms, "nowMs")?;
        let r = weapp_login::server::session_record::SessionRecord::from_storage(text, now)?;
        Ok(SessionView {
            openid: r.openid,
            unionid: r.unionid,
            user_id: r.user_id,
            expires_at: r.expires_at,
        })
    })())
}

/// The server's phone: the number, and the masked form the user record
/// keeps. No watermark: the core checked it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServerPhone {
    phone_number: String,
    pure_phone_number: String,
    country_code: String,
    masked: String,
}

impl From<PhoneFields> for ServerPhone {
    fn from(phone: PhoneFields) -> Self {
        ServerPhone {
            masked: weapp_login::mask_phone(&phone.pure_phone_number),
            phone_number: phone.phone_number,
            pure_phone_number: phone.pure_phone_number,
            country_code: phone.country_code,
        }
    }
}

impl From<PhoneNumber> for ServerPhone {
    fn from(phone: PhoneNumber) -> Self {
        ServerPhone {
            masked: weapp_login::mask_phone(&phone.pure_phone_number),
            phone_number: phone.phone_number,
            pure_phone_number: phone.pure_phone_number,
            country_code: phone.country_code,
        }
    }
}

/// `openPhoneNumber(platform, appKey, ring, graceSeconds, appId, iv,
/// encryptedData, now, maxAgeSeconds)`: `/phone`'s encrypted payload opened
/// with the user's key ring as stored (only the keys live at `now` are
/// tried; when none opens the data, ERR_SESSION_STALE), by the platform's
/// rules (watermark for `appId`; Baidu: the frame's `appKey`), and masked,
/// in one call: `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
/// `iv` and `encryptedData` are the user's, read as for `decrypt`.
#[wasm_bindgen(js_name = openPhoneNumber, unchecked_return_type = "{ phoneNumber: string, purePhoneNumber: string, countryCode: string, masked: string }")]
#[allow(clippy::too_many_arguments)] // the operation's inputs, typed, in one crossing
pub fn open_phone_number(
    platform_name: &str,
    app_key: &str,
    ring: Option<String>,
    grace_seconds: f64,
    app_id: &str,
    iv: JsValue,
    encrypted_data: JsValue,
    now: f64,
    max_age_seconds: JsValue,
) -> Answer {
    answer((|| {
        let p = platform(platform_name)?;
        if p != Platform::Weixin {
            if app_id.is_empty() {
                return Err(Error::invalid_argument("appId", "must not be empty"));
            }
            let now = args::seconds_number(now, "now")?;
            let grace = args::seconds_number(grace_seconds, "graceSeconds")?;
            let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
            let stored = platforms::StoredRing {
                text: ring.as_deref().unwrap_or("[]"),
                now,
                grace,
            };
            let phone =
                platforms::open_phone(p, stored, &input.sealed(), &input.validation, app_key)?;
            return Ok(ServerPhone::from(phone));
        }
        let (ring, now) = live_ring(ring, grace_seconds, app_id, now)?;
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        let phone = ring.decrypt_phone_number(&input.sealed(), &input.validation)?;
        Ok(ServerPhone::from(phone))
    })())
}

/// `parsePhoneNumberReply(body, appId)`: `getuserphonenumber`'s phone (the
/// reply's text, or its `phone_info` as the cloud SDK gives it), masked too:
/// `{ phoneNumber, purePhoneNumber, countryCode, masked }`.
#[wasm_bindgen(js_name = parsePhoneNumberReply, unchecked_return_type = "{ phoneNumber: string, purePhoneNumber: string, countryCode: string, masked: string }")]
pub fn parse_phone_number_reply(body: JsValue, app_id: &str) -> Answer {
    answer((|| {
        if app_id.is_empty() {
            return Err(Error::invalid_argument("appId", "must not be empty"));
        }
        let body = json(&body, "body", ErrorKind::PayloadShape)?;
        weapp_login::parse_phone_number_reply(&body, app_id).map(ServerPhone::from)
    })())
}

/// `maskPhone(purePhoneNumber)`: `138****8000`, for a number kept from an
/// earlier reply.
#[wasm_bindgen(js_name = maskPhone)]
pub fn mask_phone(pure: &str) -> String {
    weapp_login::mask_phone(pure)
}

/// What `profileUpdate` answers: the user info as JSON text (for
/// `JSON.parse`: it may hold any keys) and whether it completes the profile.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileAnswer {
    user_info: String,
    completes_profile: bool,
}

/// `profileUpdate(platform, appKey, body, ring, graceSeconds, appId, openid,
/// now, maxAgeSeconds)`: what a `POST /profile` body gives, by the core's
/// rules (`read_profile_submission`; another platform's payloads by
/// `read_platform_profile`), with the user's key ring as stored.
#[wasm_bindgen(js_name = profileUpdate, unchecked_return_type = "{ userInfo: string, completesProfile: boolean }")]
#[allow(clippy::too_many_arguments)] // the operation's inputs, typed, in one crossing
pub fn profile_update(
    platform_name: &str,
    app_key: &str,
    body: JsValue,
    ring: Option<String>,
    grace_seconds: f64,
    app_id: &str,
    openid: &str,
    now: f64,
    max_age_seconds: JsValue,
) -> Answer {
    answer((|| {
        let p = platform(platform_name)?;
        let stored = ring.clone();
        let grace = args::seconds_number(grace_seconds, "graceSeconds")?;
        let (ring, now) = live_ring(ring, grace_seconds, app_id, now)?;
        let max_age = args::max_age(&max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        let body = json(&body, "data", ErrorKind::InvalidArgument)?;
        let validation = Validation::new(app_id, now).with_max_age(max_age);
        let update = if p == Platform::Weixin {
            weapp_login::server::profile_submission::read_profile_submission(
                &body,
                &ring,
                &validation,
                openid,
            )?
        } else {
            let stored = platforms::StoredRing {
                text: stored.as_deref().unwrap_or("[]"),
                now,
                grace,
            };
            weapp_login::server::profile_submission::read_platform_profile(
                p,
                &body,
                stored,
                &validation,
                app_key,
                openid,
            )?
        };
        Ok(ProfileAnswer {
            user_info: to_json(&update.user_info),
            completes_profile: update.completes_profile,
        })
    })())
}

/// `newestSessionKeySignature(ring)`: the signature of the stored ring's
/// newest key (what `checksession` asks about), or ERR_SESSION_STALE for an
/// empty ring.
#[wasm_bindgen(js_name = newestSessionKeySignature)]
pub fn newest_session_key_signature(ring: Option<String>) -> core::result::Result<String, JsValue> {
    stored_ring(ring)
        .entries()
        .first()
        .map(|entry| weapp_login::session_key_signature(&entry.key))
        .ok_or_else(|| thrown(Error::new(ErrorKind::SessionStale)))
}

/// What `parseStableToken` answers, for the server's own cache.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StableToken<'a> {
    access_token: &'a str,
    expires_in: u64,
}

/// `parseStableToken(body)`: `{ accessToken, expiresIn }` of the reply's text.
#[wasm_bindgen(js_name = parseStableToken, unchecked_return_type = "{ accessToken: string, expiresIn: number }")]
pub fn parse_stable_token(body: &str) -> Answer {
    let token = json_text(body, "body", ErrorKind::PayloadShape)
        .and_then(|v| weapp_login::parse_stable_token(&v));
    answer(token.as_ref().map_err(Clone::clone).map(|t| StableToken {
        access_token: t.access_token.expose(),
        expires_in: t.expires_in,
    }))
}

/// `platformAccessToken(platform, body)`: `{ accessToken, expiresIn }` of
/// the platform's own token answer (Douyin's client token, for its phone
/// codes), or its error mapped to ours. Other platforms:
/// ERR_INVALID_ARGUMENT (field `platform`).
#[wasm_bindgen(js_name = platformAccessToken, unchecked_return_type = "{ accessToken: string, expiresIn: number }")]
pub fn platform_access_token(platform_name: &str, body: &str) -> Answer {
    let token = platform(platform_name).and_then(|p| {
        if p != Platform::Toutiao {
            return Err(Error::invalid_argument(
                "platform",
                "has no access token of the glue's",
            ));
        }
        json_text(body, "body", ErrorKind::PayloadShape)
            .and_then(|v| weapp_login::toutiao::token::read_access_token(&v))
    });
    answer(token.as_ref().map_err(Clone::clone).map(|t| StableToken {
        access_token: t.access_token.expose(),
        expires_in: t.expires_in,
    }))
}

/// `parseCheckSession(body)`: `true` for the reply's text, or WeChat's error.
#[wasm_bindgen(js_name = parseCheckSession)]
pub fn parse_check_session(body: &str) -> core::result::Result<bool, JsValue> {
    json_text(body, "body", ErrorKind::PayloadShape)
        .and_then(|v| weapp_login::parse_check_session(&v))
        .map(|()| true)
        .map_err(thrown)
}

/// `openUserInfo(data, appId, openid, now?)`: the user info
/// `cloud.getOpenData` opened for a cloudID (WeChat Cloud Development),
/// checked for the calling user (watermark for `appId`, no age limit;
/// `openId` the caller's, filled in when absent). No `now`: the clock.
#[wasm_bindgen(js_name = openUserInfo)]
pub fn open_user_info(data: JsValue, app_id: &str, openid: &str, now: JsValue) -> Answer {
    answer((|| {
        if app_id.is_empty() || openid.is_empty() {
            let field = if app_id.is_empty() { "appId" } else { "openid" };
            return Err(Error::invalid_argument(field, "must not be empty"));
        }
        let now = args::seconds_or_now(&now, "now")?;
        let data = json(&data, "data", ErrorKind::PayloadShape)?;
        let v = Validation::new(app_id, now).with_max_age(None);
        weapp_login::wechat::open_data::read_open_user_info(&data, &v, openid)
    })())
}

/// What `readRefusalRecord` answers: the refusal a kept record stands for.
#[derive(Serialize)]
struct Refusal {
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errcode: Option<i64>,
}

/// `refusalRecord(code, errcode?)`: what the store keeps for a code WeChat
/// refused with `code`, or `undefined` when `code` is not a refusal kept for
/// the code's life (`rules::REFUSED_CODES`). Called on a failed exchange only.
#[wasm_bindgen(js_name = refusalRecord)]
pub fn refusal_record(code: &str, errcode: Option<f64>) -> Option<String> {
    let kind = ErrorKind::from_code(code).filter(|k| rules::is_refused_code(*k))?;
    // An errcode is a whole number; anything else is left out.
    Some(rules::refusal_record(kind, errcode.and_then(args::errcode)))
}

/// `quotaRetryAfter(errcode, nowSeconds)`: the seconds a caller waits after
/// a call upstream was refused with quota `errcode` at `nowSeconds`
/// (`rules::quota_retry_after`), or `undefined` for any other errcode. Called
/// on a refused call only.
#[wasm_bindgen(js_name = quotaRetryAfter)]
pub fn quota_retry_after(errcode: f64, now_seconds: f64) -> Option<f64> {
    // A whole errcode only; a time that is not a number of seconds (negative,
    // not a number, milliseconds) is the epoch.
    let errcode = args::errcode(errcode)?;
    let now = args::seconds_number(now_seconds, "nowSeconds").unwrap_or(0);
    #[allow(clippy::cast_precision_loss)]
    rules::quota_retry_after(errcode, now).map(|s| s as f64)
}

/// `readRefusalRecord(kept)`: `{ code, errcode? }` for a refusal record,
/// `undefined` for anything else the store keeps for a code (a kept result).
#[wasm_bindgen(js_name = readRefusalRecord, unchecked_return_type = "{ code: string, errcode?: number } | undefined")]
pub fn read_refusal_record(kept: &str) -> Answer {
    match rules::read_refusal_record(kept) {
        Some((kind, errcode)) => answer(Ok(Refusal {
            code: kind.code(),
            errcode,
        })),
        None => Ok(JsValue::UNDEFINED),
    }
}

/// `cloudToken(expiresAtMs, random)`: `createCloudAuth`'s token for a
/// session ending at `expiresAtMs`; `random` is 16 random bytes as unpadded
/// base64url.
#[wasm_bindgen(js_name = cloudToken)]
pub fn cloud_token(expires_at_ms: f64, random: &str) -> core::result::Result<String, JsValue> {
    milliseconds_number(expires_at_ms, "expiresAt")
        .map(|at| rules::cloud_token(at, random))
        .map_err(thrown)
}

/// `readCloudToken(token, nowMs)`: the expiry (ms) of a current token, or
/// ERR_SESSION_NOT_FOUND (not one of ours) / ERR_SESSION_EXPIRED.
#[wasm_bindgen(js_name = readCloudToken)]
pub fn read_cloud_token(token: JsValue, now_ms: f64) -> core::result::Result<f64, JsValue> {
    (|| {
        let now = milliseconds_number(now_ms, "nowMs")?;
        let token = token
            .as_string()
            .ok_or_else(|| Error::new(ErrorKind::SessionNotFound))?;
        // An expiry of at most 12 base-36 digits is exact in an f64.
        #[allow(clippy::cast_precision_loss)]
        rules::read_cloud_token(&token, now).map(|at| at as f64)
    })()
    .map_err(thrown)
}

/// `checkCloudNickname(value)`: a cloud profile update's nickname, trimmed
/// (field `nickName`).
#[wasm_bindgen(js_name = checkCloudNickname)]
pub fn check_cloud_nickname(value: JsValue) -> core::result::Result<String, JsValue> {
    crate::args::string(&value, "nickName")
        .and_then(|text| rules::check_cloud_nickname(&text))
        .map_err(thrown)
}

/// `checkCloudAvatarUrl(value)`: a cloud profile update's avatar URL, as it
/// is: a `cloud://` file ID or an `https://` URL (field `avatarUrl`).
#[wasm_bindgen(js_name = checkCloudAvatarUrl)]
pub fn check_cloud_avatar_url(value: JsValue) -> core::result::Result<String, JsValue> {
    (|| {
        let url = crate::args::string(&value, "avatarUrl")?;
        rules::check_cloud_avatar_url(&url)?;
        Ok(url)
    })()
    .map_err(thrown)
}

/// Test builds only (feature `trap-test`): traps the instance.
#[cfg(feature = "trap-test")]
#[wasm_bindgen(js_name = trapForTests)]
pub fn trap_for_tests() {
    crate::trap_for_tests()
}
