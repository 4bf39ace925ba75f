//! The WebAssembly bindings of `weapp-login`: they convert JS values into
//! Rust, call the library, and convert its answers back. No decisions here.
//!
//! Two builds, one feature each (exactly one must be on, for wasm32):
//! - `server` (`server/`): the npm package's server side, in Node. One named,
//!   typed export per operation, grouped by caller; each answers its value
//!   (made by `serde-wasm-bindgen`) or throws `{ code, message, retryable,
//!   field?, errcode? }`, which the JS package turns into a `WeappLoginError`.
//! - `client` (`client.rs`): mini programs, browsers and the Node client,
//!   `no_std`, with one entry point `call(op, a, b)`; its answers are
//!   envelopes `{"ok": value}` or `{"error": {…}}` as JSON text, written by the
//!   library's `ToJson`.
//!
//! This crate owns what a library must not: the global allocator, the panic
//! handler and the exports.
#![cfg_attr(not(feature = "server"), no_std)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", feature = "server", feature = "client"))]
compile_error!("build with exactly one of the features `server` and `client`");
#[cfg(all(
    target_arch = "wasm32",
    not(feature = "server"),
    not(feature = "client")
))]
compile_error!(
    "build with one of the features `server` (Node) or `client` (mini programs, browsers)"
);

mod args;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

/// The client build's allocator (see Cargo.toml): small, and enough for a
/// few short-lived allocations per call.
#[cfg(all(target_arch = "wasm32", feature = "client"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// The server build's allocator (see Cargo.toml): fast for many small,
/// short-lived allocations.
#[cfg(all(target_arch = "wasm32", feature = "server"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The client build has no std: a panic (a bug) traps the instance, which
/// the JS side reports as ERR_INTERNAL and replaces.
#[cfg(all(target_arch = "wasm32", not(feature = "server"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

/// Test builds only (feature `trap-test`): panics, which traps the instance,
/// so tests can prove the JS side rebuilds it and carries on.
#[cfg(feature = "trap-test")]
#[allow(clippy::panic)]
pub fn trap_for_tests() -> ! {
    panic!("trap requested by a test")
}
