//! WeChat's formats: what its API, its `wx` object and its buttons hand
//! over, checked field by field. A missing field and a wrongly typed one are
//! reported apart, with the field's name; values never appear in errors.
//!
//! Both sides read some of these (the errcode table, wx results, the phone
//! button's event, the nickname rule); the rest belongs to one feature.
//! Nothing here holds a key ring or a client's state: those are
//! `server` and `client`, which build on this module.

pub mod errcode;
pub mod nickname;
pub mod phone_event;
pub mod wx_result;

#[cfg(feature = "client")]
pub mod profile;

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
pub mod user_info;
#[cfg(feature = "server")]
pub mod watermark;
#[cfg(feature = "server")]
pub mod wechat_api;
