//! Encrypted data from the mini program (`encryptedData` + `iv`): open it,
//! read it as JSON, check its watermark, and check its shape.

use crate::json::{Object, Value};
use zeroize::Zeroizing;

use crate::crypto::{decode_ciphertext, decode_iv, encode_base64, open_owned, seal, SessionKey};
use crate::error::{Error, ErrorKind, Result};
use crate::payload::phone::PhoneNumber;
use crate::payload::user_info::UserInfo;
use crate::payload::watermark::{check_watermark, Validation};

/// The two base64 strings a button or API hands over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncryptedData<'a> {
    /// The ciphertext, base64.
    pub encrypted_data: &'a str,
    /// The iv, base64 of 16 bytes.
    pub iv: &'a str,
}

/// Opens `sealed` with `key` and reads it as a JSON object. Padding, UTF-8
/// and JSON faults are all [`ErrorKind::DecryptFailed`]; input-format faults
/// keep their own kinds.
fn open_object(key: &SessionKey, sealed: &EncryptedData<'_>) -> Result<Object> {
    let iv = decode_iv(sealed.iv)?;
    let ciphertext = decode_ciphertext(sealed.encrypted_data)?;
    let plain = Zeroizing::new(open_owned(key, &iv, ciphertext)?);
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
    let payload = open_object(key, sealed)?;
    check_watermark(&payload, validation)?;
    Ok(payload)
}

/// Opens a phone-number payload, checks its watermark and its shape.
pub fn decrypt_phone_number(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<PhoneNumber> {
    let payload = open_object(key, sealed)?;
    let watermark = check_watermark(&payload, validation)?;
    PhoneNumber::from_payload(&payload, watermark)
}

/// Opens a user-info payload, checks its watermark and its shape.
pub fn decrypt_user_info(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<UserInfo> {
    let payload = open_object(key, sealed)?;
    let watermark = check_watermark(&payload, validation)?;
    UserInfo::from_payload(&payload, watermark)
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
