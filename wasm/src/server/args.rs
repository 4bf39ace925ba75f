//! JS arguments of the server build: times in seconds, integers, options
//! objects, session keys and sealed payloads.

use wasm_bindgen::{JsCast, JsValue};
use weapp_login::json::{Object, Value};
use weapp_login::{EncryptedData, Error, ErrorKind, Result, SessionKey, Validation};
use zeroize::Zeroizing;

use crate::args::{absent, json, string};

/// Seconds past which a time is surely milliseconds (year 5138).
const MAX_SECONDS: f64 = 1e11;

/// The largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A required, non-empty string.
pub(crate) fn non_empty_string(v: &JsValue, field: &'static str) -> Result<String> {
    let s = string(v, field)?;
    if s.is_empty() {
        return Err(Error::invalid_argument(field, "must not be empty"));
    }
    Ok(s)
}

/// An optional string (`undefined` and `null` are absent).
pub(crate) fn opt_string(v: &JsValue, field: &'static str) -> Result<Option<String>> {
    if absent(v) {
        return Ok(None);
    }
    string(v, field).map(Some)
}

/// A platform's errcode as a JS number gives it: a whole number (within
/// ±10^15), or `None` for anything else (a fraction, NaN, infinity).
pub(crate) fn errcode(n: f64) -> Option<i64> {
    // Whole and well within ±2^53: exact.
    #[allow(clippy::cast_possible_truncation)]
    (n.fract() == 0.0 && n.abs() < 1e15).then_some(n as i64)
}

/// A whole number a JS number holds exactly.
pub(crate) fn integer(v: &JsValue, field: &'static str) -> Result<i64> {
    let n = v
        .as_f64()
        .ok_or_else(|| Error::argument_type(field, "an integer"))?;
    if !n.is_finite() || n.fract() != 0.0 || n.abs() > MAX_SAFE {
        return Err(Error::invalid_argument(field, "must be an integer"));
    }
    // Whole and within ±2^53: exact.
    #[allow(clippy::cast_possible_truncation)]
    Ok(n as i64)
}

/// A time in seconds since the epoch; absent means the clock's now.
pub(crate) fn seconds_or_now(v: &JsValue, field: &'static str) -> Result<u64> {
    if absent(v) {
        return Ok(clock_seconds());
    }
    seconds(v, field)
}

/// A non-negative number of seconds.
pub(crate) fn seconds(v: &JsValue, field: &'static str) -> Result<u64> {
    let n = v
        .as_f64()
        .ok_or_else(|| Error::argument_type(field, "a number of seconds"))?;
    seconds_number(n, field)
}

/// [`seconds`] of a number the glue already read (an export's `f64`
/// argument: anything that is not a number arrives as NaN, refused here).
pub(crate) fn seconds_number(n: f64, field: &'static str) -> Result<u64> {
    if !n.is_finite() || n < 0.0 {
        return Err(Error::invalid_argument(
            field,
            "must be a non-negative number of seconds",
        ));
    }
    if n >= MAX_SECONDS {
        return Err(Error::invalid_argument(
            field,
            "is in seconds, not milliseconds",
        ));
    }
    // Finite, in range and not negative: the cast drops the fraction, as floor would.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(n.floor() as u64)
}

/// `maxAgeSeconds`: `undefined` is the default window, `null` turns the age
/// check off, a number sets it.
pub(crate) fn max_age(v: &JsValue, default: u64) -> Result<Option<u64>> {
    if v.is_undefined() {
        return Ok(Some(default));
    }
    if v.is_null() {
        return Ok(None);
    }
    seconds(v, "maxAgeSeconds").map(Some)
}

/// The clock, read only here, when the caller gave no `now`.
pub(crate) fn clock_seconds() -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let secs = (js_sys::Date::now() / 1000.0).floor() as u64;
    secs
}

/// A JSON object given as a JS object; nothing else.
pub(crate) fn object(v: &JsValue, field: &'static str) -> Result<Object> {
    if absent(v) {
        return Err(Error::missing_argument(field));
    }
    if !v.is_object() || v.is_array() || v.dyn_ref::<js_sys::Function>().is_some() {
        return Err(Error::argument_type(field, "an object"));
    }
    match json(v, field, ErrorKind::InvalidArgument)? {
        Value::Object(map) => Ok(map),
        _ => Err(Error::argument_type(field, "an object")),
    }
}

/// A session key given as base64 text; the copy of the text is zeroed.
pub(crate) fn session_key(v: &JsValue) -> Result<SessionKey> {
    let text = Zeroizing::new(string(v, "sessionKey")?);
    SessionKey::from_base64(&text)
}

/// Secret text (a session key) on its way to JS: the Rust copy is zeroed once
/// it has been handed over.
pub(crate) struct SecretText(pub(crate) Zeroizing<String>);

impl serde::Serialize for SecretText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A sealed payload's text (`iv`, `encryptedData`) and the watermark rules
/// for it, read as every decrypt reads them.
pub(crate) struct SealedInput {
    iv: String,
    encrypted_data: String,
    /// The watermark rules: the appId, `now` and the age window.
    pub(crate) validation: Validation,
}

impl SealedInput {
    /// Reads `iv`, `encryptedData` and `maxAgeSeconds` for `app_id` at `now`.
    pub(crate) fn read(
        iv: &JsValue,
        encrypted_data: &JsValue,
        app_id: impl Into<String>,
        now: u64,
        max_age_seconds: &JsValue,
    ) -> Result<Self> {
        let iv = string(iv, "iv")?;
        let encrypted_data = string(encrypted_data, "encryptedData")?;
        let max_age = max_age(max_age_seconds, Validation::DEFAULT_MAX_AGE)?;
        Ok(SealedInput {
            iv,
            encrypted_data,
            validation: Validation::new(app_id, now).with_max_age(max_age),
        })
    }

    /// The payload, borrowed.
    pub(crate) fn sealed(&self) -> EncryptedData<'_> {
        EncryptedData {
            encrypted_data: &self.encrypted_data,
            iv: &self.iv,
        }
    }
}
