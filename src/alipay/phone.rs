//! The phone button's answer: `my.getPhoneNumber` gives `{ response, sign }`,
//! where `response` is the base64 of `{ code, msg, mobile }` sealed with the
//! app's content key (AES-CBC, zero iv, PKCS#7) and `sign` is Alipay's RSA2
//! signature of the response as a JSON string (wrapped in `"`), as Alipay's
//! docs say the signed content of an encrypted response is. The signature is
//! checked before the ciphertext is opened.

use crate::prelude::*;
use zeroize::Zeroizing;

use crate::alipay::errors::alipay_error;
use crate::crypto::{decode_base64, encode_base64, ContentKey, Rsa2Sign, Rsa2Verify};
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::Fields;
use crate::json::{self, ObjectWriter};
use crate::wechat::phone::mask_phone;

/// The longest `response` read (a phone answer is under 200 bytes sealed).
pub const MAX_RESPONSE_LENGTH: usize = 4096;

/// A user's phone number as Alipay gives it, in WeChat's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "camelCase")
)]
pub struct AlipayPhone {
    /// The number as Alipay gives it (`mobile`).
    pub phone_number: String,
    /// The number without a country code: the same as `phone_number` for
    /// mainland numbers, the part after `-` for `852-61234567`.
    pub pure_phone_number: String,
    /// `86` for mainland numbers, the part before `-` otherwise, else empty.
    pub country_code: String,
    /// `138****8000`: what may be shown or stored.
    pub masked: String,
}

/// The `response` and `sign` of a phone answer in any of the shapes the
/// mini program side hands over: `{ response, sign }` (Alipay's docs),
/// `{ encryptedData, sign }` (uni-app's mp-alipay runtime puts the response
/// there), or `{ response: "<JSON text>" }` holding both (what
/// `my.getPhoneNumber` itself answers; its `sign_type`, when present, must be
/// `RSA2`, its `encrypt_type` `AES`).
///
/// Errors: [`ErrorKind::InvalidArgument`] naming the field that is missing
/// or of the wrong type.
pub fn phone_answer_parts(answer: &json::Object) -> Result<(String, String)> {
    let f = Fields::new(answer, ErrorKind::InvalidArgument, "");
    if let Some(sign) = f.opt_str("sign")? {
        let response = match f.opt_str("response")? {
            Some(response) => response,
            None => f
                .str("encryptedData")
                .map_err(|_| Error::missing_argument("response"))?,
        };
        return Ok((response.to_owned(), sign.to_owned()));
    }
    let inner = f
        .str("response")
        .map_err(|_| Error::missing_argument("sign"))?;
    let parsed = match json::parse(inner) {
        Ok(json::Value::Object(inner)) => inner,
        _ => return Err(Error::missing_argument("sign")),
    };
    let g = Fields::new(&parsed, ErrorKind::InvalidArgument, "response");
    if g.opt_str("sign_type")?.is_some_and(|t| t != "RSA2") {
        return Err(Error::invalid_argument(
            "response.sign_type",
            "must be RSA2",
        ));
    }
    if g.opt_str("encrypt_type")?.is_some_and(|t| t != "AES") {
        return Err(Error::invalid_argument(
            "response.encrypt_type",
            "must be AES",
        ));
    }
    Ok((g.str("response")?.to_owned(), g.str("sign")?.to_owned()))
}

/// The signed content of an encrypted response: the response as a JSON string.
fn quoted(response: &str) -> String {
    let mut out = String::with_capacity(response.len() + 2);
    out.push('"');
    out.push_str(response);
    out.push('"');
    out
}

/// Verifies and opens a phone answer.
///
/// Errors: [`ErrorKind::InvalidArgument`] for an empty or oversized
/// `response` or `sign`; [`ErrorKind::Signature`] when `sign` is not Alipay's
/// signature of `response` (nothing is opened then);
/// [`ErrorKind::DecryptFailed`] when the content key does not open it (or it
/// is not JSON); Alipay's error for a `code` other than `10000`;
/// [`ErrorKind::PayloadShape`] for a success without a usable `mobile`.
pub fn open_phone_response(
    response: &str,
    sign: &str,
    alipay_key: &(impl Rsa2Verify + ?Sized),
    content_key: &ContentKey,
) -> Result<AlipayPhone> {
    if response.is_empty() || response.len() > MAX_RESPONSE_LENGTH {
        return Err(Error::invalid_argument(
            "response",
            "must be the phone answer's response, 1 to 4096 characters",
        ));
    }
    if sign.is_empty() || sign.len() > 1024 {
        return Err(Error::invalid_argument(
            "sign",
            "must be the phone answer's sign",
        ));
    }
    let sign = decode_base64(sign, "sign")
        .map_err(|_| Error::new(ErrorKind::Signature).with_field("sign"))?;
    if !alipay_key.verify_rsa2(quoted(response).as_bytes(), &sign) {
        return Err(Error::new(ErrorKind::Signature).with_field("sign"));
    }
    let sealed = decode_base64(response, "response")?;
    let plain = content_key.open(&sealed)?;
    let value = json::parse_bytes(&plain).map_err(|_| Error::new(ErrorKind::DecryptFailed))?;
    let body = value
        .as_object()
        .ok_or_else(|| Error::new(ErrorKind::DecryptFailed))?;
    let f = Fields::new(body, ErrorKind::PayloadShape, "response");
    let code = f.str("code")?;
    if code != "10000" {
        return Err(alipay_error(
            code,
            f.opt_str("subCode")?.or(f.opt_str("sub_code")?),
        ));
    }
    let mobile = f.non_empty_str("mobile")?;
    if !mobile
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
    {
        return Err(f.err("mobile", FieldProblem::Invalid("must be digits")));
    }
    Ok(phone_of(mobile))
}

fn phone_of(mobile: &str) -> AlipayPhone {
    let (country_code, pure) = match mobile.trim_start_matches('+').split_once('-') {
        Some((cc, rest)) => (cc.to_owned(), rest.to_owned()),
        None if mobile.len() == 11 && mobile.starts_with('1') => {
            ("86".to_owned(), mobile.to_owned())
        }
        None => (String::new(), mobile.to_owned()),
    };
    AlipayPhone {
        masked: mask_phone(&pure),
        phone_number: mobile.to_owned(),
        pure_phone_number: pure,
        country_code,
    }
}

/// Seals a phone answer as Alipay does: `{ code: "10000", msg: "Success",
/// mobile }` under `content_key`, signed with `alipay_key` (Alipay's private
/// key). For emulators and tests. Answers `(response, sign)`.
///
/// Errors: [`ErrorKind::Internal`] if the key cannot sign.
pub fn seal_phone_response(
    mobile: &str,
    content_key: &ContentKey,
    alipay_key: &(impl Rsa2Sign + ?Sized),
) -> Result<(String, String)> {
    let mut plain = Zeroizing::new(String::new());
    ObjectWriter::new(&mut plain)
        .field("code", "10000")
        .field("msg", "Success")
        .field("mobile", mobile)
        .end();
    let response = encode_base64(&content_key.seal(plain.as_bytes()));
    let sign = encode_base64(&alipay_key.sign_rsa2(quoted(&response).as_bytes())?);
    Ok((response, sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_shape_gives_its_parts() {
        let parts = |text: &str| {
            let value = json::parse(text).unwrap();
            phone_answer_parts(value.as_object().unwrap())
        };
        let want = ("cmVz".to_owned(), "c2ln".to_owned());
        assert_eq!(parts(r#"{"response":"cmVz","sign":"c2ln"}"#).unwrap(), want);
        assert_eq!(
            parts(r#"{"encryptedData":"cmVz","sign":"c2ln","errMsg":"getPhoneNumber:ok"}"#)
                .unwrap(),
            want
        );
        let native = r#"{"response":"{\"response\":\"cmVz\",\"sign\":\"c2ln\",\"sign_type\":\"RSA2\",\"encrypt_type\":\"AES\",\"charset\":\"UTF-8\"}"}"#;
        assert_eq!(parts(native).unwrap(), want);
        for (bad, field) in [
            (r#"{"response":"cmVz"}"#, "sign"),
            (r#"{"sign":"c2ln"}"#, "response"),
            (r#"{"response":1,"sign":"c2ln"}"#, "response"),
            (
                r#"{"response":"{\"response\":\"cmVz\",\"sign\":\"c2ln\",\"sign_type\":\"RSA\"}"}"#,
                "response.sign_type",
            ),
        ] {
            let e = parts(bad).unwrap_err();
            assert_eq!(
                (e.code(), e.field_name()),
                ("ERR_INVALID_ARGUMENT", Some(field)),
                "{bad}"
            );
        }
    }

    #[test]
    fn numbers_are_split_and_masked() {
        let p = phone_of("13800138000");
        assert_eq!(
            (p.country_code.as_str(), p.pure_phone_number.as_str()),
            ("86", "13800138000")
        );
        assert_eq!(p.masked, "138****8000");
        let p = phone_of("852-61234567");
        assert_eq!(
            (p.country_code.as_str(), p.pure_phone_number.as_str()),
            ("852", "61234567")
        );
        assert_eq!(phone_of("5551234").country_code, "");
    }
}
