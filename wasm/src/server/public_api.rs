//! The package's public functions (`pkg/src/index.js`): decryption,
//! signatures, `encryptData`, WeChat's formats and the error table. Their
//! arguments are whatever a user passed, so they arrive as `JsValue`s and
//! every wrong one is a typed error naming its field.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use weapp_login::crypto::{decode_iv, encode_base64};
use weapp_login::json::{to_json, Object, ToJson};
use weapp_login::{
    Decrypted, EncryptedData, Error, ErrorKind, Keys, PayloadKind, SessionKey, Validation,
};
use zeroize::Zeroizing;

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

/// `decrypt(kind, sessionKey, appId, iv, encryptedData, now, maxAgeSeconds)`:
/// `decryptData` (`kind` `data`), `decryptPhoneNumber` (`phone`) and
/// `decryptUserInfo` (`userinfo`) with one session key (base64 text; a key
/// that does not open the data is ERR_DECRYPT_FAILED), for arguments of any
/// type: each wrong one is a typed error naming it. Any payload answers as
/// its JSON text, which the JS side reads with `JSON.parse` (so a
/// `__proto__` key stays a plain key); a phone number or user info as its
/// values, packed (`Packed`), which the JS side cuts into the object. The
/// server opens data with a user's key ring instead (`openPhoneNumber`,
/// `profileUpdate`).
#[wasm_bindgen]
pub fn decrypt(
    kind: &str,
    session_key_text: JsValue,
    app_id: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> Result<String, JsValue> {
    (|| {
        let kind = payload_kind(kind)?;
        let app_id = args::non_empty_string(&app_id, "appId")?;
        let now = args::seconds_or_now(&now, "now")?;
        let key = session_key(&session_key_text)?;
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        open(&key, kind, &input.sealed(), &input.validation)
    })()
    .map_err(thrown)
}

/// `decryptTyped(kind, sessionKey, appId, iv, encryptedData, now?, maxAgeSeconds?)`:
/// [`decrypt`] for arguments that already have their types, which the JS
/// side checks first (`typeof`; anything else goes to [`decrypt`], for its
/// typed errors): strings (the glue writes each into wasm memory in one
/// native copy), `now` and `maxAgeSeconds` numbers or absent (an absent
/// `maxAgeSeconds` is the default window). Every value is checked as [`decrypt`] checks it,
/// in the same order, so both answer alike; this one skips reading each
/// argument back from JS.
#[wasm_bindgen(js_name = decryptTyped)]
#[allow(clippy::needless_pass_by_value)] // owned, so the key's text is zeroed
pub fn decrypt_typed(
    kind: &str,
    session_key_text: String,
    app_id: &str,
    iv: &str,
    encrypted_data: &str,
    now: Option<f64>,
    max_age_seconds: Option<f64>,
) -> Result<String, JsValue> {
    let session_key_text = Zeroizing::new(session_key_text);
    (|| {
        let kind = payload_kind(kind)?;
        if app_id.is_empty() {
            return Err(Error::invalid_argument("appId", "must not be empty"));
        }
        let now = match now {
            Some(n) => args::seconds_number(n, "now")?,
            None => args::clock_seconds(),
        };
        let key = SessionKey::from_base64(&session_key_text)?;
        let max_age = match max_age_seconds {
            Some(n) => Some(args::seconds_number(n, "maxAgeSeconds")?),
            None => Some(Validation::DEFAULT_MAX_AGE),
        };
        let sealed = EncryptedData { encrypted_data, iv };
        open(
            &key,
            kind,
            &sealed,
            &Validation::new(app_id, now).with_max_age(max_age),
        )
    })()
    .map_err(thrown)
}

/// `decryptPlatform(platform, kind, sessionKey, appId, appKey, iv,
/// encryptedData, now, maxAgeSeconds)`: [`decrypt`] for another platform's
/// payload (`platform` `qq`, `toutiao`, `kuaishou` or `baidu`; Baidu's
/// 24-byte key and its frame's `appKey`), by its rules
/// (`weapp_login::server::platforms::decrypt_with_key`). Answers the
/// payload's JSON text, which the JS side reads with `JSON.parse`.
#[wasm_bindgen(js_name = decryptPlatform)]
#[allow(clippy::too_many_arguments)] // the standalone functions' options, one crossing
pub fn decrypt_platform(
    platform: &str,
    kind: &str,
    session_key_text: JsValue,
    app_id: JsValue,
    app_key: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> Result<String, JsValue> {
    use weapp_login::server::platforms::{decrypt_with_key, Payload};
    (|| {
        let platform = weapp_login::Platform::from_name(platform)?;
        let payload = match payload_kind(kind)? {
            PayloadKind::Data => Payload::Data,
            PayloadKind::PhoneNumber => Payload::Phone,
            PayloadKind::UserInfo => Payload::UserInfo,
        };
        // Baidu's frame names the app by its key; the others' watermark by the appId.
        let (app_id, app_key) = if platform == weapp_login::Platform::Baidu {
            (
                args::opt_string(&app_id, "appId")?.unwrap_or_default(),
                args::non_empty_string(&app_key, "appKey")?,
            )
        } else {
            (args::non_empty_string(&app_id, "appId")?, String::new())
        };
        let now = args::seconds_or_now(&now, "now")?;
        let key_text = Zeroizing::new(crate::args::string(&session_key_text, "sessionKey")?);
        let input = SealedInput::read(&iv, &encrypted_data, app_id, now, &max_age_seconds)?;
        decrypt_with_key(
            platform,
            payload,
            &key_text,
            &input.sealed(),
            &input.validation,
            &app_key,
        )
        .map(|object| to_json(&object))
    })()
    .map_err(thrown)
}

fn payload_kind(kind: &str) -> Result<PayloadKind, Error> {
    PayloadKind::from_name(kind)
        .ok_or_else(|| Error::invalid_argument("kind", "must be data, phone or userinfo"))
}

/// Opens `sealed` with one key. Any payload answers as its JSON text; a
/// phone number or user info as [`Packed`] values.
fn open(
    key: &SessionKey,
    kind: PayloadKind,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<String, Error> {
    Ok(
        match weapp_login::decrypt(Keys::One(key), kind, sealed, validation, None)? {
            Decrypted::Data(object) => to_json(&object),
            Decrypted::PhoneNumber(phone) => {
                let mut out = Packed::default();
                out.text(&phone.phone_number)
                    .text(&phone.pure_phone_number)
                    .text(&phone.country_code)
                    .text(&phone.watermark.appid)
                    .number(phone.watermark.timestamp)?;
                out.finish()
            }
            Decrypted::UserInfo(info) => {
                let mut out = Packed::default();
                out.text(&info.open_id)
                    .text(&info.nick_name)
                    .number(info.gender)?
                    .text(&info.language)
                    .text(&info.city)
                    .text(&info.province)
                    .text(&info.country)
                    .text(&info.avatar_url)
                    .optional(info.union_id.as_deref())
                    .text(&info.watermark.appid)
                    .number(info.watermark.timestamp)?;
                out.finish()
            }
        },
    )
}

/// A typed payload's values in their fields' order, as one string that JS
/// cuts without parsing (`pkg/src/index.js`, `PAYLOADS`): a header of each
/// value's length in UTF-16 units, comma-separated and empty for an absent
/// value, then `;`, then the values one after another. Numbers are their
/// decimal text.
#[derive(Default)]
struct Packed {
    header: String,
    values: String,
    count: usize,
}

impl Packed {
    /// Starts the next value's entry in the header.
    fn entry(&mut self) {
        if self.count > 0 {
            self.header.push(',');
        }
        self.count += 1;
    }

    fn text(&mut self, value: &str) -> &mut Self {
        self.entry();
        utf16_len(value).write_json(&mut self.header);
        self.values.push_str(value);
        self
    }

    fn optional(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(value),
            None => {
                self.entry();
                self
            }
        }
    }

    /// An integer a JS number holds exactly (as the object answers of the
    /// other exports require): past that, ERR_INTERNAL.
    fn number(&mut self, n: i64) -> Result<&mut Self, Error> {
        const MAX_SAFE: i64 = 9_007_199_254_740_991;
        if !(-MAX_SAFE..=MAX_SAFE).contains(&n) {
            return Err(Error::new(ErrorKind::Internal));
        }
        self.entry();
        let start = self.values.len();
        n.write_json(&mut self.values);
        ((self.values.len() - start) as u64).write_json(&mut self.header);
        Ok(self)
    }

    fn finish(self) -> String {
        let mut out = String::with_capacity(self.header.len() + 1 + self.values.len());
        out.push_str(&self.header);
        out.push(';');
        out.push_str(&self.values);
        out
    }
}

/// The length of `s` in UTF-16 units, as JS counts it: one per character
/// (each byte that does not continue one), and one more for each character
/// past the Basic Multilingual Plane (a lead byte of four: 0xF0 and up).
fn utf16_len(s: &str) -> u64 {
    s.bytes()
        .map(|b| u64::from(b & 0xC0 != 0x80) + u64::from(b >= 0xF0))
        .sum()
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
