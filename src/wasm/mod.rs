//! The wasm-bindgen bindings: convert JS values into Rust, call the core,
//! and answer with one JSON envelope, `{"ok": value}` or
//! `{"error": {code, message, retryable, field?, errcode?}}`, which the JS
//! package turns into a value or a `WeappLoginError`. No decisions here.

mod args;
#[cfg(feature = "client")]
pub mod client;
pub mod common;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
mod server_args;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, Result};

/// The envelope for a result.
pub(crate) fn respond<T: Serialize>(result: Result<T>) -> String {
    match result.and_then(|value| {
        serde_json::to_string(&value).map_err(|_| Error::new(ErrorKind::Internal))
    }) {
        Ok(json) => format!("{{\"ok\":{json}}}"),
        Err(err) => error_envelope(&err),
    }
}

/// The envelope for an error.
pub(crate) fn error_envelope(err: &Error) -> String {
    let mut body = Map::new();
    body.insert("code".into(), Value::from(err.code()));
    body.insert("message".into(), Value::from(err.message()));
    body.insert("retryable".into(), Value::from(err.retryable()));
    if let Some(field) = err.field_name() {
        body.insert("field".into(), Value::from(field));
    }
    if let Some(errcode) = err.errcode() {
        body.insert("errcode".into(), Value::from(errcode));
    }
    let mut out = Map::new();
    out.insert("error".into(), Value::Object(body));
    Value::Object(out).to_string()
}
