//! Bindings of the server build (Node), one named, typed export per
//! operation, grouped by caller: [`public_api`] for the package's public
//! functions, [`auth_ops`] for `createAuth`'s and `createCloudAuth`'s
//! operations. (The error table and the rules reach JS as data written at
//! build time by a native run of `tools/core_tables.rs`: not shipped here.)
//! Each export answers its value, or throws the library's error as a plain
//! object `{ code, message, retryable, field?, errcode? }`, which
//! `pkg/src/core.js` turns into a `WeappLoginError` (anything else thrown is a
//! fault: the instance is rebuilt).

use serde::Serialize;
use wasm_bindgen::JsValue;
use weapp_login::{Error, ErrorKind, Result};

pub mod alipay;
mod args;
pub mod auth_ops;
pub mod public_api;

/// The error as thrown: static text and field names only, no value that
/// was passed in.
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

/// A Rust value as a plain JS value: objects (not `Map`s) for maps, no
/// `undefined` holes.
fn to_js<T: Serialize>(value: &T) -> Option<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}

fn view(err: &Error) -> ErrorView<'_> {
    ErrorView {
        code: err.code(),
        message: err.message(),
        retryable: err.retryable(),
        field: err.field_name(),
        errcode: err.errcode(),
    }
}

/// A library error as the value the export throws.
pub(crate) fn thrown(err: Error) -> JsValue {
    // Serializing these types cannot fail; if it ever did, say so as a bug.
    to_js(&view(&err))
        .or_else(|| to_js(&view(&Error::new(ErrorKind::Internal))))
        .unwrap_or(JsValue::NULL)
}

/// A library result as an export's answer: the value as a plain JS value,
/// or the error thrown.
pub(crate) fn answer<T: Serialize>(result: Result<T>) -> core::result::Result<JsValue, JsValue> {
    let value = result.map_err(thrown)?;
    to_js(&value).ok_or_else(|| thrown(Error::new(ErrorKind::Internal)))
}
