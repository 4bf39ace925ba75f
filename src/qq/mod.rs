//! QQ's formats. `qq.login` codes are exchanged at
//! `GET https://api.q.qq.com/sns/jscode2session` (WeChat's parameters), whose
//! answer and errcodes (-1, 40029, 45011) are WeChat's; user info is sealed
//! with WeChat's AES-128-CBC and signed `sha1(rawData + session_key)`
//! ([`crate::crypto::verify_signature`]). No phone-number payload is
//! documented. Sources: `tests/vectors/README.md`.

use crate::json::Value;

use crate::crypto::SessionKey;
use crate::error::Result;
use crate::wechat::code2session::{parse_code2session as parse_wechat, Code2Session};
use crate::wechat::encrypted::{open_payload, EncryptedData, Opened, WatermarkRule};
use crate::wechat::watermark::Validation;

/// QQ's payloads: the watermark is checked when there is one; QQ's docs
/// (a port of WeChat's) show none.
pub const WATERMARK: WatermarkRule = WatermarkRule::WhenPresent;

/// Reads a QQ `jscode2session` answer: `{ openid, session_key, unionid? }`
/// or `{ errcode, errmsg }`, whose errcodes mean what WeChat's do.
pub fn parse_code2session(body: &Value) -> Result<Code2Session> {
    parse_wechat(body)
}

/// Opens QQ user info (`qq.getUserInfo`'s `encryptedData`): AES-128-CBC with
/// the session key; a watermark, if present, must name the app and be in time.
pub fn decrypt_user_info(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<Opened> {
    open_payload(key, sealed, validation, WATERMARK)
}
