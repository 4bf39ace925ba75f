//! A decrypted phone number (from the button's encrypted data, or the
//! `phone_info` of `getuserphonenumber`), and how one is shown masked.

use crate::json::{Object, ObjectWriter, ToJson, Value};
use crate::prelude::*;

use crate::error::{ErrorKind, Result};
use crate::fields::Fields;
use crate::wechat::watermark::Watermark;

/// A user's phone number as WeChat gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PhoneNumber {
    /// With the country code for numbers outside mainland China (`+852 61234567`).
    pub phone_number: String,
    /// Without the country code.
    pub pure_phone_number: String,
    /// The country code, always as a string (`"86"`), even where WeChat sent a number.
    pub country_code: String,
    /// The payload's checked watermark.
    pub watermark: Watermark,
}

impl PhoneNumber {
    /// Checks the shape of a decrypted phone payload whose watermark has
    /// been checked already.
    pub fn from_payload(payload: &Object, watermark: Watermark) -> Result<Self> {
        let PhoneFields {
            phone_number,
            pure_phone_number,
            country_code,
        } = PhoneFields::from_payload(payload)?;
        Ok(PhoneNumber {
            phone_number,
            pure_phone_number,
            country_code,
            watermark,
        })
    }
}

/// The fields of a phone payload in WeChat's shape, watermark aside: for
/// platforms that seal the same shape with or without one (Kuaishou).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct PhoneFields {
    /// With the country code for numbers outside mainland China.
    pub phone_number: String,
    /// Without the country code.
    pub pure_phone_number: String,
    /// The country code, always as a string (`"86"`).
    pub country_code: String,
}

impl PhoneFields {
    /// Checks the shape of a decrypted phone payload: `phoneNumber`,
    /// `purePhoneNumber` (non-empty) and `countryCode` (string or number).
    pub fn from_payload(payload: &Object) -> Result<Self> {
        let f = Fields::new(payload, ErrorKind::PayloadShape, "");
        let country_code = match f.get("countryCode") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(_)) => crate::json::int_text(f.int("countryCode")?),
            _ => f.str("countryCode")?.to_owned(),
        };
        Ok(PhoneFields {
            phone_number: f.non_empty_str("phoneNumber")?.to_owned(),
            pure_phone_number: f.non_empty_str("purePhoneNumber")?.to_owned(),
            country_code,
        })
    }
}

impl ToJson for PhoneNumber {
    /// `{ phoneNumber, purePhoneNumber, countryCode, watermark }`.
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("phoneNumber", &self.phone_number)
            .field("purePhoneNumber", &self.pure_phone_number)
            .field("countryCode", &self.country_code)
            .field("watermark", &self.watermark)
            .end();
    }
}

/// A phone number as the mini program may show it: the first three and last
/// four digits kept, the rest starred (`138****8000`). Numbers of seven
/// digits or fewer keep only their last two. Never the full number.
pub fn mask_phone(pure: &str) -> String {
    let chars: Vec<char> = pure.chars().collect();
    let n = chars.len();
    let (head, tail) = if n >= 8 { (3, 4) } else { (0, n.min(2)) };
    let mut out = String::with_capacity(n + 4);
    for (i, c) in chars.iter().enumerate() {
        if i < head || i >= n - tail {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    if n < 8 && n == tail {
        // Too short to show anything of it.
        return "*".repeat(n.max(4));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_phones_never_show_the_whole_number() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_phone("2025550123"), "202***0123");
        assert_eq!(mask_phone("1234567"), "*****67");
        assert_eq!(mask_phone("12"), "****");
        assert_eq!(mask_phone(""), "****");
    }
}
