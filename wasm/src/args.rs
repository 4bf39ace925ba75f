//! JS arguments into Rust values. A missing argument and a wrongly typed one
//! give different errors, both naming the argument.

use alloc::string::String;

use wasm_bindgen::JsValue;
use weapp_login::json::Value;
use weapp_login::{Error, ErrorKind, FieldProblem, Result};

pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// A required string.
pub(crate) fn string(v: &JsValue, field: &'static str) -> Result<String> {
    if absent(v) {
        return Err(Error::missing_argument(field));
    }
    v.as_string()
        .ok_or_else(|| Error::argument_type(field, "a string"))
}

/// A non-negative whole number of milliseconds since the epoch.
#[cfg(feature = "client")]
pub(crate) fn milliseconds(v: &JsValue, field: &'static str) -> Result<u64> {
    let n = v
        .as_f64()
        .ok_or_else(|| Error::argument_type(field, "a number of milliseconds"))?;
    milliseconds_number(n, field)
}

/// [`milliseconds`] of a number the glue already read (an export's `f64`
/// argument: anything that is not a number arrives as NaN, refused here).
pub(crate) fn milliseconds_number(n: f64, field: &'static str) -> Result<u64> {
    // NaN and the infinities are outside the range too.
    if !(0.0..=9.007_199_254_740_992e15).contains(&n) {
        return Err(Error::invalid_argument(
            field,
            "must be a non-negative number of milliseconds",
        ));
    }
    // In range and not negative: the cast drops the fraction, as floor would.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(n as u64)
}

/// A JSON value handed over either as an object (or array) or as its text.
/// Anything that is neither is a `shape_kind` error about `field`.
pub(crate) fn json(v: &JsValue, field: &'static str, shape_kind: ErrorKind) -> Result<Value> {
    if v.is_undefined() {
        return Err(Error::missing_argument(field));
    }
    let text = if let Some(text) = v.as_string() {
        text
    } else if v.is_object() {
        // A throwing `toJSON`, or one that answers `undefined`, is unreadable.
        js_sys::JSON::stringify(v)
            .ok()
            .and_then(|text| text.as_string())
            .ok_or_else(|| Error::invalid_argument(field, "cannot be read as JSON"))?
    } else {
        return Err(Error::field(
            shape_kind,
            field,
            FieldProblem::WrongType("an object or its JSON text"),
        ));
    };
    json_text(&text, field, shape_kind)
}

/// JSON text read as `field`: text that is not JSON is a `shape_kind` error.
pub(crate) fn json_text(text: &str, field: &'static str, shape_kind: ErrorKind) -> Result<Value> {
    weapp_login::json::parse(text)
        .map_err(|_| Error::field(shape_kind, field, FieldProblem::Invalid("not valid JSON")))
}

#[cfg(feature = "client")]
/// Any JS value as JSON, strings kept as strings: `undefined` is `null`;
/// `None` when it cannot be read as JSON.
pub(crate) fn any_json(v: &JsValue) -> Option<Value> {
    if v.is_undefined() || v.is_null() {
        return Some(Value::Null);
    }
    if let Some(text) = v.as_string() {
        return Some(Value::String(text));
    }
    // Numbers, booleans, objects: as JSON.stringify writes them (functions
    // and symbols it does not).
    let text = js_sys::JSON::stringify(v).ok()?.as_string()?;
    weapp_login::json::parse(&text).ok()
}
