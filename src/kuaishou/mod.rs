//! Kuaishou's formats. `ks.login` codes are exchanged at
//! `https://open.kuaishou.com/oauth2/mp/code2session` (`app_id`,
//! `app_secret`, `js_code`); the answer's `result` is 1 for success, and
//! its fields are `open_id`, `session_key`, `union_id`. Encrypted data is
//! WeChat's AES-128-CBC with the session key; user info is signed
//! `sha1(rawData + session_key)` ([`crate::crypto::verify_signature`]).
//! Sources: `tests/vectors/README.md`.

use crate::json::Value;

use crate::crypto::SessionKey;
use crate::error::{Error, ErrorKind, Result};
use crate::fields::{object, Fields};
use crate::wechat::code2session::{Code2Session, SessionFields};
use crate::wechat::encrypted::{open_payload, EncryptedData, Opened, WatermarkRule};
use crate::wechat::errcode::table_kind;
use crate::wechat::phone::PhoneFields;
use crate::wechat::watermark::Validation;

/// Kuaishou's payloads: the watermark is checked when there is one; the
/// docs show none.
pub const WATERMARK: WatermarkRule = WatermarkRule::WhenPresent;

/// Every `result` with a kind of its own (1 is success). Any other is
/// [`ErrorKind::UpstreamApi`], with the number kept in `errcode`.
pub const KUAISHOU_RESULTS: &[(i64, ErrorKind)] = &[
    // The code is not valid (unknown, expired or used).
    (240001, ErrorKind::CodeInvalid),
    // app_secret is not valid.
    (240002, ErrorKind::AppConfig),
    // app_id and app_secret do not verify (token endpoint).
    (100200101, ErrorKind::AppConfig),
];

const FIELDS: SessionFields = SessionFields {
    openid: "open_id",
    session_key: "session_key",
    unionid: "union_id",
};

/// Reads a Kuaishou `code2session` answer: `{ result: 1, open_id,
/// session_key, union_id? }`, or a `result` other than 1 (its error, from
/// [`KUAISHOU_RESULTS`]). A body without `result` is
/// [`ErrorKind::PayloadShape`].
pub fn parse_code2session(body: &Value) -> Result<Code2Session> {
    let f = Fields::new(
        object(body, ErrorKind::PayloadShape, "body")?,
        ErrorKind::PayloadShape,
        "",
    );
    let result = f.int("result")?;
    if result != 1 {
        return Err(Error::with_kind_and_errcode(
            table_kind(KUAISHOU_RESULTS, result),
            result,
        ));
    }
    FIELDS.read(&f, SessionKey::from_base64, "not a 16-byte base64 key")
}

/// Opens Kuaishou user info: AES-128-CBC with the session key; a watermark,
/// if present, must name the app and be in time.
pub fn decrypt_user_info(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<Opened> {
    open_payload(key, sealed, validation, WATERMARK)
}

/// Opens a Kuaishou phone payload (`getPhoneNumber` button) and checks its
/// shape (`phoneNumber`, `purePhoneNumber`, `countryCode`).
pub fn decrypt_phone_number(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<Opened<PhoneFields>> {
    let opened = open_payload(key, sealed, validation, WATERMARK)?;
    Ok(Opened {
        data: PhoneFields::from_payload(&opened.data)?,
        watermark: opened.watermark,
    })
}
