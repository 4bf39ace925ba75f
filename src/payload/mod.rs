//! Typed payloads: what WeChat and the mini program hand us, checked field by
//! field. A missing field and a wrongly typed one are reported apart, with the
//! field's name; values never appear in errors.

pub mod errcode;
pub(crate) mod json;
pub mod nickname;
pub mod phone_event;
pub mod wx_result;

#[cfg(feature = "client")]
pub mod login;
#[cfg(feature = "client")]
pub mod profile;
#[cfg(feature = "client")]
pub mod reply;

#[cfg(feature = "server")]
pub mod code2session;
#[cfg(feature = "server")]
pub mod code_shape;
#[cfg(feature = "server")]
pub mod encrypted;
#[cfg(feature = "server")]
pub mod open_data;
#[cfg(feature = "server")]
pub mod phone;
#[cfg(feature = "server")]
pub mod profile_submission;
#[cfg(feature = "server")]
pub mod user_info;
#[cfg(feature = "server")]
pub mod watermark;
#[cfg(feature = "server")]
pub mod wechat_api;
