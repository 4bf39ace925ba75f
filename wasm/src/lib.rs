//! The WebAssembly bindings of `weapp-login`: they convert JS values into
//! Rust, call the library, and convert its answers back. No decisions here.
//!
//! Two builds, one feature each (exactly one must be on, for wasm32):
//! - `node`: the npm package's server side. Answers cross as JS objects
//!   made by `serde-wasm-bindgen`: `{ ok: value }` or `{ error: { code,
//!   message, retryable, field?, errcode? } }`, which the JS package turns
//!   into a value or a `WeappLoginError`.
//! - `miniprogram`: the mini program and browser side, `no_std`, with one
//!   entry point `call(op, a, b)` (see `client.rs`); its answers are the same
//!   envelopes as JSON text, written by the library's `ToJson`.
//!
//! This crate owns what a library must not: the global allocator, the panic
//! handler and the exports.
#![cfg_attr(not(feature = "node"), no_std)]

extern crate alloc;

#[cfg(all(target_arch = "wasm32", feature = "node", feature = "miniprogram"))]
compile_error!("build with exactly one of the features `node` and `miniprogram`");
#[cfg(all(
    target_arch = "wasm32",
    not(feature = "node"),
    not(feature = "miniprogram")
))]
compile_error!(
    "build with one of the features `node` (Node) or `miniprogram` (mini programs, browsers)"
);

mod args;
#[cfg(feature = "miniprogram")]
pub mod client;
#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "node")]
mod node_args;

/// The mini program build's allocator (see Cargo.toml): small, and enough
/// for a few short-lived allocations per call.
#[cfg(all(target_arch = "wasm32", feature = "miniprogram"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// The Node build's allocator (see Cargo.toml): fast for many small,
/// short-lived allocations.
#[cfg(all(target_arch = "wasm32", feature = "node"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The mini program build has no std: a panic (a bug) traps the instance,
/// which the JS side reports as ERR_INTERNAL and replaces.
#[cfg(all(target_arch = "wasm32", not(feature = "node"), not(test)))]
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
