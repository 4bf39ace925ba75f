//! Decrypted user info (the legacy `getUserInfo` way, and `getUserProfile`'s
//! encrypted part).

use crate::json::{Object, ObjectWriter, ToJson, Value};
use crate::prelude::*;

use crate::error::{ErrorKind, Result};
use crate::fields::Fields;
use crate::wechat::watermark::Watermark;

/// A user's profile as WeChat seals it. Only `openId` is required; absent
/// text fields read as `""` and an absent gender as 0.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct UserInfo {
    /// The user's openid in this mini program.
    pub open_id: String,
    /// Nickname ("微信用户" on base library ≥ 2.27.1).
    pub nick_name: String,
    /// 0 unknown, 1 male, 2 female.
    pub gender: i64,
    /// Language, such as `zh_CN`.
    pub language: String,
    /// City.
    pub city: String,
    /// Province.
    pub province: String,
    /// Country.
    pub country: String,
    /// Avatar URL.
    pub avatar_url: String,
    /// The unionid, when the app is bound to an open platform account.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub union_id: Option<String>,
    /// The payload's checked watermark.
    pub watermark: Watermark,
}

impl UserInfo {
    /// Checks the shape of a decrypted user-info payload whose watermark has
    /// been checked already, and moves its text out (no copies).
    pub fn from_payload(mut payload: Object, watermark: Watermark) -> Result<Self> {
        let gender = {
            let f = Fields::new(&payload, ErrorKind::PayloadShape, "");
            f.non_empty_str("openId")?;
            f.opt_str("nickName")?;
            let gender = f.opt_int("gender")?.unwrap_or(0);
            for key in [
                "language",
                "city",
                "province",
                "country",
                "avatarUrl",
                "unionId",
            ] {
                f.opt_str(key)?;
            }
            gender
        };
        // Every field below is a string or absent (checked above).
        let mut text = |key: &str| match payload.take(key) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        Ok(UserInfo {
            open_id: text("openId").unwrap_or_default(),
            nick_name: text("nickName").unwrap_or_default(),
            gender,
            language: text("language").unwrap_or_default(),
            city: text("city").unwrap_or_default(),
            province: text("province").unwrap_or_default(),
            country: text("country").unwrap_or_default(),
            avatar_url: text("avatarUrl").unwrap_or_default(),
            union_id: text("unionId"),
            watermark,
        })
    }
}

impl ToJson for UserInfo {
    /// `{ openId, nickName, gender, language, city, province, country, avatarUrl, unionId?, watermark }`.
    fn write_json(&self, out: &mut String) {
        let mut w = ObjectWriter::new(out);
        w.field("openId", &self.open_id)
            .field("nickName", &self.nick_name)
            .field("gender", &self.gender)
            .field("language", &self.language)
            .field("city", &self.city)
            .field("province", &self.province)
            .field("country", &self.country)
            .field("avatarUrl", &self.avatar_url)
            .optional("unionId", &self.union_id)
            .field("watermark", &self.watermark);
        w.end();
    }
}
