//! Douyin's phone code (the `getPhoneNumber` button from base library
//! 3.51.0): the code is posted to
//! `https://open.douyin.com/api/apps/v1/get_phonenumber_info/` (header
//! `access-token`, body `{ code }`), which answers `{ err_no, err_msg,
//! log_id, data }`, `data` being the base64 of one RSA block (PKCS#1 v1.5)
//! sealed to the public key the app set in Douyin's console. Opened with the
//! app's private key, it is WeChat's phone payload: `{ phoneNumber,
//! purePhoneNumber, countryCode, watermark: { appid, timestamp } }`, whose
//! watermark is checked as WeChat's is. Sources: `tests/vectors/README.md`.

use crate::json::{self, Value};

use crate::crypto::{decode_base64, Pkcs1v15Decrypt};
use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::toutiao::envelope::{answer_fields, status_ok};
use crate::wechat::phone::PhoneNumber;
use crate::wechat::watermark::{check_watermark, Validation};

/// `get_phonenumber_info`'s own error numbers with a kind of their own
/// (read before [`TOUTIAO_ERRCODES`]).
///
/// [`TOUTIAO_ERRCODES`]: crate::toutiao::TOUTIAO_ERRCODES
pub const PHONE_CODE_ERRCODES: &[(i64, ErrorKind)] = &[
    // The phone code is unknown, expired or already used.
    (28_005_187, ErrorKind::CodeInvalid),
];

/// Reads `get_phonenumber_info`'s answer and opens its `data` with the
/// app's private key; the watermark must name the app and be in time.
///
/// Errors: Douyin's error for a non-zero `err_no`;
/// [`ErrorKind::CiphertextLength`] when `data` is not one block of the
/// key's size; [`ErrorKind::DecryptFailed`] when the key does not open it
/// (a wrong key or altered data: PKCS#1 v1.5 rejection is implicit, so the
/// plaintext is then not JSON); the watermark's and the payload's errors.
pub fn open_phone_code_answer(
    body: &Value,
    key: &(impl Pkcs1v15Decrypt + ?Sized),
    validation: &Validation,
) -> Result<PhoneNumber> {
    let top = answer_fields(body)?;
    status_ok(&top, "err_no", PHONE_CODE_ERRCODES)?;
    let data = top.non_empty_str("data")?;
    let sealed = decode_base64(data, "data").map_err(|_| {
        Error::field(
            ErrorKind::Base64,
            "data",
            FieldProblem::Invalid("not base64"),
        )
    })?;
    let plain = key.decrypt_pkcs1v15(&sealed)?;
    let payload = match json::parse_bytes(&plain) {
        Ok(Value::Object(payload)) => payload,
        _ => return Err(Error::new(ErrorKind::DecryptFailed)),
    };
    let watermark = check_watermark(&payload, validation)?;
    PhoneNumber::from_payload(&payload, watermark)
}
