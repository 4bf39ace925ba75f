//! # weapp-login
//!
//! The WeChat Mini Program login flow, end to end: read what `code2Session`
//! answers, open the encrypted data the buttons hand over (AES-128-CBC with
//! the user's session key), check its watermark, verify `rawData`
//! signatures, and classify every WeChat error. The same core is compiled to
//! WebAssembly for the npm package `weapp-login` (Node, browsers and mini
//! programs); this crate is also usable directly by a Rust server.
//!
//! ```
//! use weapp_login::{decrypt_phone_number, EncryptedData, SessionKey, Validation};
//!
//! // What code2Session returned for this user, and what the getPhoneNumber
//! // button sent (the "phone-basic" case of tests/vectors/decrypt.json).
//! let key = SessionKey::from_base64("LOuXutcBgDlbsaD1O5w6Ug==")?;
//! let sealed = EncryptedData {
//!     encrypted_data: "z02WdQ1D1JZIIrZmvvo8voIOQL2MA6XdAY1cfHqdOBO0H86YM4MxbxZpdadXoYQwsUlLlS7mGmLsht/mQscck6/Qb5HmAFkCH/8cglPpNdanDrPoxkQeMgjJ8ggiLeIHvrEKfsq8B0pDquSPw48iAp4Q9xXQDUQQFq+naU+zbiMJSmJbMPOlKNPzTAMv7UculQcIVtvRrkyca5cVBIwRDg==",
//!     iv: "1dvXHYlDfDSEF66O0UI/nQ==",
//! };
//! // The watermark must name our app and be at most 600 s old at `now`.
//! let validation = Validation::new("wx1234567890abcdef", 1_763_900_005);
//!
//! let phone = decrypt_phone_number(&key, &sealed, &validation)?;
//! assert_eq!(phone.pure_phone_number, "13800138000");
//! assert_eq!(phone.country_code, "86");
//!
//! // A stale key gives the one decrypt error, whatever went wrong inside.
//! let stale = SessionKey::from_base64("NGrZgGi7c9rmbdEJakKIYg==")?;
//! let err = decrypt_phone_number(&stale, &sealed, &validation).unwrap_err();
//! assert_eq!(err.code(), "ERR_DECRYPT_FAILED");
//! # Ok::<(), weapp_login::Error>(())
//! ```
//!
//! ## Features
//! - `server` (default): session keys, AES, signatures, `code2Session` and
//!   decrypted payloads.
//! - `client` (default): what a mini program needs: the login state machine
//!   ([`LoginState`]), client storage ([`client::storage`]), button events, wx
//!   results and server replies; it can never see a session key.
//!
//! ## Errors
//! Every function returns [`Error`], whose [`ErrorKind::code`] is a stable
//! `ERR_…` string shared with the JS package. Messages never contain the
//! values passed in.

// A plain library: `no_std` with `alloc` on every target, so a mini
// program's wasm links no std machinery, and any Rust crate (wasm32
// included) can depend on it. No allocator, panic handler or exports here:
// those belong to the bindings crate (`wasm/`).
#![no_std]

extern crate alloc;
// Tests use std (format!, vec!, collections).
#[cfg(test)]
#[macro_use]
extern crate std;

/// What std's prelude adds to core's, so every module reads the same with
/// and without std.
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::string::String;
    pub(crate) use alloc::vec::Vec;
}

// The layers, bottom up; a module imports only from layers below it
// (tests/layers.rs checks): the base (error, json, fields, text, platform),
// crypto, the platforms' formats (wechat, qq, toutiao, kuaishou, baidu), then
// server and client side by side.
pub mod error;
mod fields;
pub mod json;
mod limit;
pub mod platform;
mod text;

#[cfg(feature = "server")]
pub mod crypto;
pub mod wechat;
// The other platforms' formats, beside WeChat's (the same layer).
#[cfg(feature = "server")]
pub mod alipay;
#[cfg(feature = "server")]
pub mod baidu;
#[cfg(feature = "server")]
pub mod kuaishou;
#[cfg(feature = "server")]
pub mod qq;
#[cfg(feature = "server")]
pub mod toutiao;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

/// The defaults, limits and formats the JS glue reads, both sides' in one
/// place: `server::rules` (`createAuth`, the HTTP handlers,
/// `createCloudAuth`) and `client::rules` (`createLoginClient`), as the
/// features allow.
pub mod rules {
    #[cfg(feature = "client")]
    pub use crate::client::rules::*;
    #[cfg(feature = "server")]
    pub use crate::server::rules::*;
}

pub use error::{Error, ErrorKind, FieldProblem, Result};
pub use limit::RateLimit;
pub use platform::Platform;
pub use wechat::errcode::{wechat_error, wechat_error_kind, WECHAT_ERRCODES};
pub use wechat::phone_event::{parse_phone_event, PhoneEvent};
pub use wechat::wx_result::{check_wx_outcome, check_wx_result};

#[cfg(feature = "server")]
pub use crypto::{raw_data_signature, session_key_signature, verify_signature, SessionKey};
#[cfg(feature = "server")]
pub use server::decrypt::{decrypt, Decrypted, Keys, PayloadKind};
#[cfg(feature = "server")]
pub use server::key_ring::KeyRing;
#[cfg(feature = "server")]
pub use wechat::code2session::{parse_code2session, Code2Session};
#[cfg(feature = "server")]
pub use wechat::code_shape::{
    is_wechat_code, CODE_EXTRA_CHARACTERS, MAX_CODE_LENGTH, MIN_CODE_LENGTH,
};
#[cfg(feature = "server")]
pub use wechat::encrypted::{
    decrypt_data, decrypt_phone_number, decrypt_user_info, encrypt_data, EncryptedData,
};
#[cfg(feature = "server")]
pub use wechat::phone::{mask_phone, PhoneNumber};
#[cfg(feature = "server")]
pub use wechat::user_info::UserInfo;
#[cfg(feature = "server")]
pub use wechat::watermark::{check_watermark, Validation, Watermark};
#[cfg(feature = "server")]
pub use wechat::wechat_api::{
    parse_check_session, parse_phone_number_reply, parse_stable_token, AccessToken, AccessTokenText,
};

#[cfg(feature = "client")]
pub use client::reply::{read_reply, request_failure};
#[cfg(feature = "client")]
pub use client::session::ClientSession;
#[cfg(feature = "client")]
pub use client::state::{LoginEvent, LoginState, NextStep, StateName, TRANSITIONS};
#[cfg(feature = "client")]
pub use client::storage::{open_session, seal_session, session_storage_key, EmptyReason, Opened};
#[cfg(feature = "client")]
pub use wechat::profile::{
    parse_avatar_event, parse_nickname, parse_profile_result, ProfileSubmission,
};

pub use json::{Object, ToJson, Value};
