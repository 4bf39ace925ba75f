//! The wasm-bindgen bindings: convert JS values into Rust, call the core,
//! and answer with one JSON envelope, `{"ok": value}` or
//! `{"error": {code, message, retryable, field?, errcode?}}`, which the JS
//! package turns into a value or a `WeappLoginError`. No decisions here.

use crate::prelude::*;

mod args;
#[cfg(feature = "client")]
pub mod client;
pub mod common;
#[cfg(feature = "server")]
pub mod server;
#[cfg(feature = "server")]
mod server_args;

use crate::error::{Error, Result};

/// The client build's allocator (see Cargo.toml): small, and enough for a
/// few short-lived allocations per call.
#[cfg(not(feature = "server"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// The server build's allocator (see Cargo.toml): fast for many small,
/// short-lived allocations.
#[cfg(feature = "server")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use crate::json::{ObjectWriter, ToJson};

/// The client build has no std: a panic (a bug) traps the instance, which
/// the JS side reports as ERR_INTERNAL and replaces.
#[cfg(all(not(feature = "server"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// The envelope for a result.
pub(crate) fn respond<T: ToJson>(result: Result<T>) -> String {
    match result {
        Ok(value) => {
            let mut out = String::with_capacity(256);
            out.push_str("{\"ok\":");
            value.write_json(&mut out);
            out.push('}');
            out
        }
        Err(err) => error_envelope(&err),
    }
}

/// The envelope for a result as a JS string: what the client build's
/// exports answer, as it spares the wasm a `String` handed over to JS.
pub(crate) fn answer<T: ToJson>(result: Result<T>) -> wasm_bindgen::JsValue {
    wasm_bindgen::JsValue::from_str(&respond(result))
}

/// The envelope for an error.
pub(crate) fn error_envelope(err: &Error) -> String {
    let mut out = String::from("{\"error\":");
    let mut w = ObjectWriter::new(&mut out);
    w.field("code", err.code())
        .field("message", &err.message())
        .field("retryable", &err.retryable())
        .optional("field", &err.field_name())
        .optional("errcode", &err.errcode());
    w.end();
    out.push('}');
    out
}
