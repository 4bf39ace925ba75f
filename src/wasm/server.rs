//! Bindings of the server build: decryption, signatures, code2Session.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use zeroize::Zeroize;

use crate::crypto::{decode_iv, encode_base64, SessionKey};
use crate::error::{ErrorKind, Result};
use crate::json::{ObjectWriter, ToJson};
use crate::payload::watermark::Validation;
use crate::wasm::{args, respond, server_args};
use crate::EncryptedData;

/// The arguments every decrypt function takes, converted.
struct DecryptArgs<'a> {
    key: SessionKey,
    iv: std::borrow::Cow<'a, str>,
    encrypted_data: std::borrow::Cow<'a, str>,
    validation: Validation,
}

impl<'a> DecryptArgs<'a> {
    fn read(
        app_id: &JsValue,
        session_key: &JsValue,
        iv: &JsValue,
        encrypted_data: &JsValue,
        now: &JsValue,
        max_age_seconds: &JsValue,
    ) -> Result<Self> {
        let app_id = server_args::non_empty_string(app_id, "appId")?;
        let session_key = zeroize::Zeroizing::new(args::string(session_key, "sessionKey")?);
        let iv = args::string(iv, "iv")?;
        let encrypted_data = args::string(encrypted_data, "encryptedData")?;
        let now = server_args::seconds_or_now(now, "now")?;
        let max_age = server_args::max_age(max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        Ok(DecryptArgs {
            key: SessionKey::from_base64(&session_key)?,
            iv: iv.into(),
            encrypted_data: encrypted_data.into(),
            validation: Validation::new(app_id, now).with_max_age(max_age),
        })
    }

    /// The typed fast path's arguments: `now` NaN is the clock; `max_age` NaN
    /// is the default window and a negative one none (the JS side maps
    /// `undefined` and `null` so; any other value takes the checked path).
    fn typed(
        app_id: &str,
        session_key: &str,
        iv: &'a str,
        encrypted_data: &'a str,
        now: f64,
        max_age: f64,
    ) -> Result<Self> {
        if app_id.is_empty() {
            return Err(crate::Error::invalid_argument("appId", "must not be empty"));
        }
        let now = if now.is_nan() {
            server_args::clock_seconds()
        } else {
            server_args::seconds_number(now, "now")?
        };
        let max_age = if max_age.is_nan() {
            Some(Validation::DEFAULT_MAX_AGE)
        } else if max_age < 0.0 {
            None
        } else {
            Some(server_args::seconds_number(max_age, "maxAgeSeconds")?)
        };
        Ok(DecryptArgs {
            key: SessionKey::from_base64(session_key)?,
            iv: iv.into(),
            encrypted_data: encrypted_data.into(),
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

/// Runs decrypt function `kind` (0 `decryptData`, 1 `decryptPhoneNumber`,
/// 2 `decryptUserInfo`) on converted arguments. With `flat`, a phone number
/// is answered in [`flat_phone_answer`]'s form.
fn decrypt_kind(kind: u32, args: Result<DecryptArgs<'_>>, flat: bool) -> String {
    let args = match args {
        Ok(args) => args,
        Err(e) => return respond::<bool>(Err(e)),
    };
    let (key, sealed, v) = (&args.key, args.sealed(), &args.validation);
    match kind {
        0 => respond(crate::decrypt_data(key, &sealed, v)),
        1 if flat => flat_phone_answer(crate::decrypt_phone_number(key, &sealed, v)),
        1 => respond(crate::decrypt_phone_number(key, &sealed, v)),
        _ => respond(crate::decrypt_user_info(key, &sealed, v)),
    }
}

/// A phone number in the flat form the Node glue reads without `JSON.parse`
/// (`readDecryptAnswer` in pkg/src/loader/node.js, its one reader): `P`,
/// then phoneNumber, purePhoneNumber, countryCode, watermark.appid and
/// watermark.timestamp, each after a NUL. An error, or a field that itself
/// holds a NUL, is answered with the usual JSON envelope instead.
fn flat_phone_answer(result: Result<crate::PhoneNumber>) -> String {
    let phone = match result {
        Ok(phone) => phone,
        Err(e) => return crate::wasm::error_envelope(&e),
    };
    let texts = [
        phone.phone_number.as_str(),
        phone.pure_phone_number.as_str(),
        phone.country_code.as_str(),
        phone.watermark.appid.as_str(),
    ];
    if texts.iter().any(|t| t.contains('\0')) {
        return respond(Ok(phone));
    }
    let mut out = String::with_capacity(96);
    out.push('P');
    for text in texts {
        out.push('\0');
        out.push_str(text);
    }
    out.push('\0');
    phone.watermark.timestamp.write_json(&mut out);
    out
}

/// The checked path of the decrypt functions (see [`decrypt_kind`]): any JS
/// values, each converted and named in its error.
#[wasm_bindgen]
pub fn decrypt_checked(
    kind: u32,
    app_id: JsValue,
    session_key: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
) -> String {
    decrypt_kind(
        kind,
        DecryptArgs::read(
            &app_id,
            &session_key,
            &iv,
            &encrypted_data,
            &now,
            &max_age_seconds,
        ),
        false,
    )
}

thread_local! {
    /// Where the Node glue writes a decrypt call's strings, one after another
    /// (`pkg/src/loader/node.js`): one copy each, no allocation per call.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// This instance's `WebAssembly.Memory`, for the Node glue to write into
/// the input area.
#[wasm_bindgen]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// The address of the input area, grown to at least `capacity` bytes; 0 if
/// it is in use (it never is: calls do not nest).
#[wasm_bindgen]
pub fn input_area(capacity: usize) -> *mut u8 {
    INPUT.with(|area| match area.try_borrow_mut() {
        Ok(mut area) => {
            if area.len() < capacity {
                area.resize(capacity, 0);
            }
            area.as_mut_ptr()
        }
        Err(_) => std::ptr::null_mut(),
    })
}

/// [`decrypt_typed`] with its four strings read from the input area (their
/// UTF-8 lengths given, in order: appId, sessionKey, iv, encryptedData). The
/// area is zeroed afterwards: no key or ciphertext stays behind.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn decrypt_input(
    kind: u32,
    app_id_len: usize,
    session_key_len: usize,
    iv_len: usize,
    encrypted_data_len: usize,
    now: f64,
    max_age_seconds: f64,
) -> String {
    INPUT.with(|area| {
        let Ok(mut area) = area.try_borrow_mut() else {
            return crate::wasm::error_envelope(&crate::Error::new(ErrorKind::Internal));
        };
        let lens = [app_id_len, session_key_len, iv_len, encrypted_data_len];
        let answer = match split_input(&area, lens) {
            Ok(strings) => typed_answer(kind, strings, now, max_age_seconds, true),
            Err(e) => crate::wasm::error_envelope(&e),
        };
        let used = lens
            .iter()
            .fold(0usize, |sum, len| sum.saturating_add(*len));
        let end = used.min(area.len());
        if let Some(written) = area.get_mut(..end) {
            written.zeroize();
        }
        answer
    })
}

/// The four strings of the input area.
fn split_input(area: &[u8], lens: [usize; 4]) -> Result<[&str; 4]> {
    let names = ["appId", "sessionKey", "iv", "encryptedData"];
    let mut out = [""; 4];
    let mut rest = area;
    for ((slot, len), name) in out.iter_mut().zip(lens).zip(names) {
        let (text, tail) = rest
            .split_at_checked(len)
            .ok_or_else(|| crate::Error::invalid_argument(name, "does not fit the input area"))?;
        *slot = std::str::from_utf8(text)
            .map_err(|_| crate::Error::invalid_argument(name, "is not UTF-8"))?;
        rest = tail;
    }
    Ok(out)
}

/// The fast path of `decryptData` (kind 0), `decryptPhoneNumber` (1) and
/// `decryptUserInfo` (2) when every argument already has its type: strings
/// cross without a round trip through JS values. See `DecryptArgs::typed`.
#[wasm_bindgen]
pub fn decrypt_typed(
    kind: u32,
    app_id: &str,
    session_key: &str,
    iv: &str,
    encrypted_data: &str,
    now: f64,
    max_age_seconds: f64,
) -> String {
    let strings = [app_id, session_key, iv, encrypted_data];
    typed_answer(kind, strings, now, max_age_seconds, false)
}

/// The typed paths' shared step: `strings` are appId, sessionKey, iv and
/// encryptedData (see [`decrypt_kind`] for `flat`).
fn typed_answer(kind: u32, strings: [&str; 4], now: f64, max_age: f64, flat: bool) -> String {
    let [app_id, session_key, iv, encrypted_data] = strings;
    let args = DecryptArgs::typed(app_id, session_key, iv, encrypted_data, now, max_age);
    decrypt_kind(kind, args, flat)
}

fn session_key(v: &JsValue) -> Result<SessionKey> {
    let text = zeroize::Zeroizing::new(args::string(v, "sessionKey")?);
    SessionKey::from_base64(&text)
}

/// `verifySignature({ rawData, signature, sessionKey })`.
#[wasm_bindgen]
pub fn verify_signature(
    raw_data: JsValue,
    signature: JsValue,
    session_key_text: JsValue,
) -> String {
    respond((|| {
        let raw_data = args::string(&raw_data, "rawData")?;
        let signature = args::string(&signature, "signature")?;
        let key = session_key(&session_key_text)?;
        Ok(crate::verify_signature(&raw_data, &signature, &key))
    })())
}

/// `sessionKeySignature(sessionKey)`.
#[wasm_bindgen]
pub fn session_key_signature(session_key_text: JsValue) -> String {
    respond(session_key(&session_key_text).map(|key| crate::session_key_signature(&key)))
}

/// What `encryptData` answers.
struct Sealed {
    encrypted_data: String,
    iv: String,
}

impl ToJson for Sealed {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("encryptedData", &self.encrypted_data)
            .field("iv", &self.iv)
            .end();
    }
}

/// What `parseCode2Session` answers: `{ openid, sessionKey, unionid? }`.
struct Session(crate::Code2Session);

impl ToJson for Session {
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("openid", &self.0.openid)
            .field("sessionKey", self.0.session_key.expose_base64().as_str())
            .optional("unionid", &self.0.unionid);
        w.end();
    }
}

/// `encryptData({ appId, sessionKey, data, iv?, timestamp? })`. `random_iv`
/// is 16 fresh random bytes from the host, used when no `iv` is given.
#[wasm_bindgen]
pub fn encrypt_data(
    app_id: JsValue,
    session_key_text: JsValue,
    data: JsValue,
    iv: JsValue,
    timestamp: JsValue,
    random_iv: &[u8],
) -> String {
    respond((|| {
        let app_id = server_args::non_empty_string(&app_id, "appId")?;
        let key = session_key(&session_key_text)?;
        let data = server_args::object(&data, "data")?;
        let iv = match server_args::opt_string(&iv, "iv")? {
            Some(text) => decode_iv(&text)?,
            None => <[u8; 16]>::try_from(random_iv)
                .map_err(|_| crate::Error::new(ErrorKind::Internal))?,
        };
        let timestamp = server_args::seconds_or_now(&timestamp, "timestamp")?;
        let timestamp = i64::try_from(timestamp)
            .map_err(|_| crate::Error::invalid_argument("timestamp", "too large"))?;
        Ok(Sealed {
            encrypted_data: crate::encrypt_data(&key, &iv, data, &app_id, timestamp),
            iv: encode_base64(&iv),
        })
    })())
}

/// `parseCode2Session(body)`: the body as an object or as its JSON text.
/// The session key comes back as base64 text, for the server to store.
#[wasm_bindgen]
pub fn parse_code2session(body: JsValue) -> String {
    respond(
        args::json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|value| crate::parse_code2session(&value))
            .map(Session),
    )
}

/// `parseStableToken(body)`: `{ accessToken, expiresIn }`.
#[wasm_bindgen]
pub fn parse_stable_token(body: JsValue) -> String {
    respond(
        args::json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|v| crate::parse_stable_token(&v)),
    )
}

/// `parsePhoneNumberReply(body, appId)`: `getuserphonenumber`'s phone.
#[wasm_bindgen]
pub fn parse_phone_number_reply(body: JsValue, app_id: JsValue) -> String {
    respond((|| {
        let app_id = server_args::non_empty_string(&app_id, "appId")?;
        let body = args::json(&body, "body", ErrorKind::PayloadShape)?;
        crate::parse_phone_number_reply(&body, &app_id)
    })())
}

/// `parseCheckSession(body)`: `true`, or WeChat's error.
#[wasm_bindgen]
pub fn parse_check_session(body: JsValue) -> String {
    respond(
        args::json(&body, "body", ErrorKind::PayloadShape)
            .and_then(|v| crate::parse_check_session(&v))
            .map(|()| true),
    )
}

fn ring_arg(ring: &JsValue) -> crate::KeyRing {
    // A missing or damaged ring is an empty one: there is simply no key to try.
    args::json(ring, "ring", ErrorKind::InvalidArgument)
        .map(|v| crate::KeyRing::from_json(&v))
        .unwrap_or_default()
}

/// `keyRingPush(ring, sessionKey, now, size, graceSeconds)`: the ring with
/// the new key first.
#[wasm_bindgen]
pub fn key_ring_push(
    ring: JsValue,
    session_key_text: JsValue,
    now: JsValue,
    size: JsValue,
    grace: JsValue,
) -> String {
    respond((|| {
        let key = session_key(&session_key_text)?;
        let now = server_args::seconds_or_now(&now, "now")?;
        let size = server_args::seconds(&size, "size")?;
        let grace = server_args::seconds(&grace, "graceSeconds")?;
        let mut ring = ring_arg(&ring);
        ring.push(key, now, usize::try_from(size.max(1)).unwrap_or(1), grace);
        Ok(ring)
    })())
}

/// `decryptWithKeyRing(kind, ring, appId, iv, encryptedData, now, maxAgeSeconds, openid?)`:
/// `kind` is `data`, `phone` or `userinfo` (with `openid`, a profile must be
/// that user's). ERR_SESSION_STALE when no key opens it.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn decrypt_with_key_ring(
    kind: JsValue,
    ring: JsValue,
    app_id: JsValue,
    iv: JsValue,
    encrypted_data: JsValue,
    now: JsValue,
    max_age_seconds: JsValue,
    openid: JsValue,
) -> String {
    let ring = ring_arg(&ring);
    let kind = kind.as_string().unwrap_or_default();
    let read = || -> Result<(String, String, Validation)> {
        let app_id = server_args::non_empty_string(&app_id, "appId")?;
        let iv = args::string(&iv, "iv")?;
        let data = args::string(&encrypted_data, "encryptedData")?;
        let now = server_args::seconds_or_now(&now, "now")?;
        let max_age = server_args::max_age(&max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        Ok((iv, data, Validation::new(app_id, now).with_max_age(max_age)))
    };
    let (iv, data, v) = match read() {
        Ok(parts) => parts,
        Err(e) => return respond::<bool>(Err(e)),
    };
    let sealed = EncryptedData {
        encrypted_data: &data,
        iv: &iv,
    };
    match kind.as_str() {
        "phone" => respond(ring.decrypt_phone_number(&sealed, &v)),
        "userinfo" => match openid.as_string() {
            Some(openid) => respond(ring.decrypt_user_info_of(&openid, &sealed, &v)),
            None => respond(ring.decrypt_user_info(&sealed, &v)),
        },
        "data" => respond(ring.decrypt_data(&sealed, &v)),
        _ => respond::<bool>(Err(crate::Error::invalid_argument(
            "kind",
            "must be data, phone or userinfo",
        ))),
    }
}

/// `verifyWithKeyRing(ring, rawData, signature)`: `true`, or ERR_SESSION_STALE.
#[wasm_bindgen]
pub fn verify_with_key_ring(ring: JsValue, raw_data: JsValue, signature: JsValue) -> String {
    respond((|| {
        let raw = args::string(&raw_data, "rawData")?;
        let sig = args::string(&signature, "signature")?;
        ring_arg(&ring).verify_signature(&raw, &sig).map(|()| true)
    })())
}

// ---- Added for issue #12 (server): small exports of pure rules in `src/`.

/// `keyRingLive(ring, now, graceSeconds)`: the keys still allowed to open
/// data (grace counted from each key's supersession), as a ring.
#[wasm_bindgen]
pub fn key_ring_live(ring: JsValue, now: JsValue, grace: JsValue) -> String {
    respond((|| {
        let now = server_args::seconds_or_now(&now, "now")?;
        let grace = server_args::seconds(&grace, "graceSeconds")?;
        Ok(ring_arg(&ring).live(now, grace))
    })())
}

/// What a WeChat code can look like, as data: `{ minLength, maxLength,
/// extraCharacters }` (besides ASCII letters and digits). Read once at
/// load; the server checks every code with it before any upstream call.
#[wasm_bindgen]
pub fn wechat_code_shape() -> String {
    struct Shape;
    impl ToJson for Shape {
        fn write_json(&self, out: &mut String) {
            ObjectWriter::new(out)
                .field("minLength", &(crate::MIN_CODE_LENGTH as u64))
                .field("maxLength", &(crate::MAX_CODE_LENGTH as u64))
                .field("extraCharacters", crate::CODE_EXTRA_CHARACTERS)
                .end();
        }
    }
    respond(Ok(Shape))
}

/// `maskPhone(purePhoneNumber)`: `138****8000`.
#[wasm_bindgen]
pub fn mask_phone(pure: JsValue) -> String {
    respond(args::string(&pure, "purePhoneNumber").map(|p| crate::mask_phone(&p)))
}
