//! Encrypted data from the mini program (`encryptedData` + `iv`): open it,
//! read it as JSON, check its watermark, and check its shape.

use crate::json::{Object, Value};
use crate::prelude::*;
use zeroize::Zeroizing;

use crate::crypto::{decode_ciphertext, decode_iv, encode_base64, open_owned, seal, SessionKey};
use crate::error::{Error, ErrorKind, Result};
use crate::wechat::phone::PhoneNumber;
use crate::wechat::user_info::UserInfo;
use crate::wechat::watermark::{check_watermark, Validation, Watermark};

/// The two base64 strings a button or API hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncryptedData<'a> {
    /// The ciphertext, base64.
    pub encrypted_data: &'a str,
    /// The iv, base64 of 16 bytes.
    pub iv: &'a str,
}

/// `encryptedData` and `iv` decoded from base64 and checked for length:
/// read once, then opened with as many keys as it takes (a key ring). Both
/// came over the network as they are: neither is zeroed (the plaintext is).
pub struct DecodedData {
    iv: [u8; 16],
    ciphertext: Vec<u8>,
}

impl EncryptedData<'_> {
    /// Decodes both strings: [`ErrorKind::Base64`], [`ErrorKind::IvLength`]
    /// or [`ErrorKind::CiphertextLength`] when they are not what WeChat sends.
    pub fn decode(&self) -> Result<DecodedData> {
        Ok(DecodedData {
            iv: decode_iv(self.iv)?,
            ciphertext: decode_ciphertext(self.encrypted_data)?,
        })
    }
}

/// Opens `sealed` with `key` and reads it as a JSON object. Padding, UTF-8
/// and JSON faults are all [`ErrorKind::DecryptFailed`].
fn open_object(key: &SessionKey, sealed: &DecodedData) -> Result<Object> {
    let plain = Zeroizing::new(open_owned(key, &sealed.iv, sealed.ciphertext.to_vec())?);
    match crate::json::parse_bytes(&plain) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::new(ErrorKind::DecryptFailed)),
    }
}

/// Opens any encrypted payload (user info, phone, WeRun…) and checks its
/// watermark. The object comes back whole, watermark included.
pub fn decrypt_data(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<Object> {
    open_decoded_data(key, &sealed.decode()?, validation)
}

/// Opens a phone-number payload, checks its watermark and its shape.
pub fn decrypt_phone_number(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<PhoneNumber> {
    open_decoded_phone_number(key, &sealed.decode()?, validation)
}

/// Opens a user-info payload, checks its watermark and its shape.
pub fn decrypt_user_info(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<UserInfo> {
    open_decoded_user_info(key, &sealed.decode()?, validation)
}

/// [`decrypt_data`] of data already decoded.
pub fn open_decoded_data(
    key: &SessionKey,
    sealed: &DecodedData,
    validation: &Validation,
) -> Result<Object> {
    let payload = open_object(key, sealed)?;
    check_watermark(&payload, validation)?;
    Ok(payload)
}

/// [`decrypt_phone_number`] of data already decoded.
pub fn open_decoded_phone_number(
    key: &SessionKey,
    sealed: &DecodedData,
    validation: &Validation,
) -> Result<PhoneNumber> {
    let payload = open_object(key, sealed)?;
    let watermark = check_watermark(&payload, validation)?;
    PhoneNumber::from_payload(&payload, watermark)
}

/// [`decrypt_user_info`] of data already decoded.
pub fn open_decoded_user_info(
    key: &SessionKey,
    sealed: &DecodedData,
    validation: &Validation,
) -> Result<UserInfo> {
    let payload = open_object(key, sealed)?;
    let watermark = check_watermark(&payload, validation)?;
    UserInfo::from_payload(payload, watermark)
}

/// Seals `data` as WeChat would: sets its watermark to `{ appid, timestamp }`
/// and encrypts the JSON with `key` and `iv`. Returns the base64 ciphertext.
/// For emulators and tests.
pub fn encrypt_data(
    key: &SessionKey,
    iv: &[u8; 16],
    mut data: Object,
    app_id: &str,
    timestamp: i64,
) -> String {
    let mut watermark = Object::new();
    watermark.insert("appid", Value::from(app_id));
    watermark.insert("timestamp", Value::from(timestamp));
    data.insert("watermark", Value::Object(watermark));
    let plain = Zeroizing::new(Value::Object(data).to_json());
    encode_base64(&seal(key, iv, plain.as_bytes()))
}

/// Whether a platform's sealed payload must carry a watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatermarkRule {
    /// It must, naming the app and within the time window (WeChat; Douyin's
    /// phone payload).
    Required,
    /// Checked as [`WatermarkRule::Required`] when the payload carries one;
    /// a payload without one is accepted (platforms whose docs show none:
    /// QQ and Kuaishou, Douyin's user info). The AES key is the user's own
    /// session key either way: only the platform and this server hold it.
    WhenPresent,
}

/// An opened payload and its checked watermark, if it carried one.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened<T = Object> {
    /// The payload (the whole object, watermark included, for [`Object`]).
    pub data: T,
    /// The watermark, checked; `None` only under [`WatermarkRule::WhenPresent`].
    pub watermark: Option<Watermark>,
}

/// Opens an AES-128-CBC payload (WeChat's scheme, which QQ, Kuaishou and
/// Douyin share) and checks its watermark by `rule`.
pub fn open_payload(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
    rule: WatermarkRule,
) -> Result<Opened> {
    let data = open_object(key, &sealed.decode()?)?;
    let watermark = match rule {
        WatermarkRule::WhenPresent if data.get("watermark").is_none_or(Value::is_null) => None,
        _ => Some(check_watermark(&data, validation)?),
    };
    Ok(Opened { data, watermark })
}

/// Seals `data` as it is (no watermark added) with AES-128-CBC: for
/// emulators and tests of the platforms whose payloads carry none.
pub fn encrypt_unmarked(key: &SessionKey, iv: &[u8; 16], data: Object) -> String {
    let plain = Zeroizing::new(Value::Object(data).to_json());
    encode_base64(&seal(key, iv, plain.as_bytes()))
}
