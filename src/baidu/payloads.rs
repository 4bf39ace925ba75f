//! Baidu's decrypted phone number and user info.

use crate::json::{Object, ObjectWriter, ToJson};
use crate::prelude::*;

use crate::crypto::SessionKey192;
use crate::error::{ErrorKind, Result};
use crate::fields::Fields;
use crate::wechat::encrypted::EncryptedData;

use crate::baidu::frame::decrypt_data;

/// A phone number as Baidu's `getPhoneNumber` button seals it: `{ mobile }`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BaiduPhone {
    /// The user's mobile number.
    pub mobile: String,
}

impl BaiduPhone {
    /// Checks the shape of an opened phone payload: a non-empty `mobile`.
    pub fn from_payload(payload: &Object) -> Result<Self> {
        let f = Fields::new(payload, ErrorKind::PayloadShape, "");
        Ok(BaiduPhone {
            mobile: f.non_empty_str("mobile")?.to_owned(),
        })
    }
}

impl ToJson for BaiduPhone {
    /// `{ mobile }`.
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out).field("mobile", &self.mobile).end();
    }
}

/// User info as Baidu seals it: `{ openid, nickname, headimgurl, sex }`.
/// Only `openid` is required; absent text reads as `""`, an absent `sex` as 0.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BaiduUserInfo {
    /// The user's openid in this mini program.
    pub openid: String,
    /// Nickname.
    pub nickname: String,
    /// Avatar URL.
    pub headimgurl: String,
    /// 0 unknown, 1 male, 2 female.
    pub sex: i64,
}

impl BaiduUserInfo {
    /// Checks the shape of an opened user-info payload.
    pub fn from_payload(payload: &Object) -> Result<Self> {
        let f = Fields::new(payload, ErrorKind::PayloadShape, "");
        let text = |key: &'static str| -> Result<String> {
            Ok(f.opt_str(key)?.unwrap_or_default().to_owned())
        };
        Ok(BaiduUserInfo {
            openid: f.non_empty_str("openid")?.to_owned(),
            nickname: text("nickname")?,
            headimgurl: text("headimgurl")?,
            sex: f.opt_int("sex")?.unwrap_or(0),
        })
    }
}

impl ToJson for BaiduUserInfo {
    /// `{ openid, nickname, headimgurl, sex }`.
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("openid", &self.openid)
            .field("nickname", &self.nickname)
            .field("headimgurl", &self.headimgurl)
            .field("sex", &self.sex)
            .end();
    }
}

/// Opens a Baidu phone payload ([`decrypt_data`]) and checks its shape.
pub fn decrypt_phone_number(
    key: &SessionKey192,
    sealed: &EncryptedData<'_>,
    app_key: &str,
) -> Result<BaiduPhone> {
    BaiduPhone::from_payload(&decrypt_data(key, sealed, app_key)?)
}

/// Opens a Baidu user-info payload ([`decrypt_data`]) and checks its shape.
pub fn decrypt_user_info(
    key: &SessionKey192,
    sealed: &EncryptedData<'_>,
    app_key: &str,
) -> Result<BaiduUserInfo> {
    BaiduUserInfo::from_payload(&decrypt_data(key, sealed, app_key)?)
}
