//! The package's public functions (`pkg/src/index.js`): decryption,
//! signatures, `encryptData`, WeChat's formats and the error table. Their
//! arguments are whatever a user passed, so they arrive as `JsValue`s and
//! every wrong one is a typed error naming its field.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use weapp_login::crypto::{decode_iv, encode_base64};
use weapp_login::json::{to_json, Object};
use weapp_login::{Decrypted, Error, ErrorKind, Keys, PayloadKind};

use super::args::{self, session_key, SealedInput};
use super::{answer, thrown};
use crate::args::json;

type Answer = Result<JsValue, JsValue>;

/// The `{ code, retryable }` of a WeChat errcode.
#[derive(Serialize)]
struct WechatErrorRow {
    code: &'static str,
    retryable: bool,
}

/// `wechatError(errcode)`: `{ code, retryable }`.
#[wasm_bindgen(js_name = wechatError, unchecked_return_type = "{ code: string, retryable: boolean }")]
pub fn wechat_error(errcode: JsValue) -> Answer {
    answer(args::integer(&errcode, "errcode").and_then(|n| {
        let err = weapp_login::wechat_error(n)
            .ok_or_else(|| Error::invalid_argument("errcode", "0 means success, not an error"))?;
        Ok(WechatErrorRow {
            code: err.code(),
            retryable: err.retryable(),
        })
    }))
}

/// `parsePhoneEvent(detail)`: the `bindgetphonenumber` event's detail, read.
#[wasm_bindgen(js_name = parsePhoneEvent)]
pub fn parse_phone_event(detail: JsValue) -> Answer {
    answer(
        json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|value| weapp_login::parse_phone_event(&value)),
    )
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
/// `decryptData` (`kind` `data`), `decryptPhoneNumber` (`phone`) and
/// `decryptUserInfo` (`userinfo`) with one session key (base64 text; a key
/// that does not open the data is ERR_DECRYPT_FAILED). The server opens data
/// with a user's key ring instead (`openPhoneNumber`, `profileUpdate`).
#[wasm_bindgen]
pub fn decrypt(
    kind: &str,
    session_key_text: JsValue,
    app_id: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> Answer {
    answer((|| {
        let kind = PayloadKind::from_name(kind)
            .ok_or_else(|| Error::invalid_argument("kind", "must be data, phone or userinfo"))?;
        let app_id = args::non_empty_string(&app_id, "appId")?;
        let now = args::seconds_or_now(&now, "now")?;
        let key = session_key(&session_key_text)?;
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        let keys = Keys::One(&key);
        Ok(
            match weapp_login::decrypt(keys, kind, &input.sealed(), &input.validation, None)? {
                Decrypted::Data(object) => DecryptAnswer::Json(to_json(&object)),
                Decrypted::PhoneNumber(phone) => DecryptAnswer::Phone(phone),
                Decrypted::UserInfo(info) => DecryptAnswer::User(info),
            },
        )
    })())
}

/// `verifySignature(rawData, signature, sessionKey)`: whether
/// `signature` is `sha1(rawData + sessionKey)`.
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature(
    raw_data: JsValue,
    signature: JsValue,
    key: JsValue,
) -> Result<bool, JsValue> {
    (|| {
        let raw_data = crate::args::string(&raw_data, "rawData")?;
        let signature = crate::args::string(&signature, "signature")?;
        let key = session_key(&key)?;
        Ok(weapp_login::verify_signature(&raw_data, &signature, &key))
    })()
    .map_err(thrown)
}

/// `sessionKeySignature(sessionKey)`: the hex HMAC `checksession` wants.
#[wasm_bindgen(js_name = sessionKeySignature)]
pub fn session_key_signature(key: JsValue) -> Result<String, JsValue> {
    session_key(&key)
        .map(|key| weapp_login::session_key_signature(&key))
        .map_err(thrown)
}

/// What `encryptData` answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sealed {
    encrypted_data: String,
    iv: String,
}

/// `encryptData(appId, sessionKey, data, iv?, timestamp?, randomIv)`:
/// `{ encryptedData, iv }`; `randomIv` is 16 fresh random bytes from the
/// host, used when no `iv` is given.
#[wasm_bindgen(js_name = encryptData, unchecked_return_type = "{ encryptedData: string, iv: string }")]
pub fn encrypt_data(
    app_id: JsValue,
    key: JsValue,
    data: JsValue,
    iv: JsValue,
    timestamp: JsValue,
    random_iv: &[u8],
) -> Answer {
    answer((|| {
        let app_id = args::non_empty_string(&app_id, "appId")?;
        let key = session_key(&key)?;
        let data: Object = args::object(&data, "data")?;
        let iv = match args::opt_string(&iv, "iv")? {
            Some(text) => decode_iv(&text)?,
            None => <[u8; 16]>::try_from(random_iv).map_err(|_| Error::new(ErrorKind::Internal))?,
        };
        let timestamp = args::seconds_or_now(&timestamp, "timestamp")?;
        let timestamp = i64::try_from(timestamp)
            .map_err(|_| Error::invalid_argument("timestamp", "too large"))?;
        Ok(Sealed {
            encrypted_data: weapp_login::encrypt_data(&key, &iv, data, &app_id, timestamp),
            iv: encode_base64(&iv),
        })
    })())
}

/// What `parseCode2Session` answers: `{ openid, sessionKey, unionid? }`.
#[derive(Serialize)]
struct Session {
    openid: String,
    #[serde(rename = "sessionKey")]
    session_key: args::SecretText,
    #[serde(skip_serializing_if = "Option::is_none")]
    unionid: Option<String>,
}

/// `parseCode2Session(body)`: a `jscode2session` answer (object or JSON
/// text) read, the session key as base64 text for the caller. The server's
/// own sign-in keeps it inside the core (`signIn`).
#[wasm_bindgen(js_name = parseCode2Session, unchecked_return_type = "{ openid: string, sessionKey: string, unionid?: string }")]
pub fn parse_code2session(body: JsValue) -> Answer {
    answer(
        json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|value| weapp_login::parse_code2session(&value))
            .map(|s| Session {
                openid: s.openid,
                session_key: args::SecretText(s.session_key.expose_base64()),
                unionid: s.unionid,
            }),
    )
}
