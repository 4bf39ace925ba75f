//! Douyin's (ByteDance's, `tt`) formats. `tt.login` gives a `code` and an
//! `anonymousCode`; the server posts them to
//! `https://developer.toutiao.com/api/apps/v2/jscode2session`, which answers
//! `{ err_no, err_tips, data: { session_key, openid, anonymous_openid,
//! unionid } }`. The older `GET /api/apps/jscode2session` answers the same
//! fields at the top level, or `{ errcode, errmsg }`. User info and the
//! button's phone payload are WeChat's AES-128-CBC with the session key; the
//! phone payload carries a watermark. The newer phone code, answered
//! RSA-encrypted, is read by [`phone_code`]. Sources: `tests/vectors/README.md`.

mod envelope;
pub mod phone_code;
pub mod token;

use crate::json::Value;
use crate::prelude::*;

use crate::crypto::SessionKey;
use crate::error::{Error, ErrorKind, Result};
use crate::toutiao::envelope::{answer_fields, data_fields, status_ok};
use crate::wechat::code2session::{Code2Session, SNAKE_FIELDS};
use crate::wechat::encrypted::{open_payload, EncryptedData, Opened, WatermarkRule};
use crate::wechat::phone::PhoneNumber;
use crate::wechat::watermark::Validation;

/// Douyin's error numbers with a kind of their own, for `err_no` (v2) and
/// `errcode` (the older endpoint). Any other non-zero number is
/// [`ErrorKind::UpstreamApi`], kept in `errcode`.
pub const TOUTIAO_ERRCODES: &[(i64, ErrorKind)] = &[
    // System error.
    (-1, ErrorKind::UpstreamBusy),
    // appid is wrong.
    (40015, ErrorKind::AppConfig),
    // secret is wrong.
    (40017, ErrorKind::AppConfig),
    // code is wrong (unknown, expired or used).
    (40018, ErrorKind::CodeInvalid),
    // anonymous_code is wrong.
    (40019, ErrorKind::CodeInvalid),
];

/// A Douyin code exchange: the session, and the anonymous openid when an
/// `anonymous_code` was sent with the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToutiaoSession {
    /// openid, session key and unionid, as every platform has them.
    pub session: Code2Session,
    /// The anonymous user's openid in this mini program (for moving an
    /// anonymous user's data to their account); `None` when absent or empty.
    pub anonymous_openid: Option<String>,
}

/// Reads a Douyin `jscode2session` answer, v2 (`err_no`, `data`) or older
/// (top-level fields, `errcode`). A non-zero `err_no` or `errcode` is its
/// error from [`TOUTIAO_ERRCODES`]; a session without an openid or session
/// key (only an `anonymous_code` was sent) is [`ErrorKind::PayloadShape`].
pub fn parse_code2session(body: &Value) -> Result<ToutiaoSession> {
    let top = answer_fields(body)?;
    let f = if status_ok(&top, "err_no", &[])? {
        data_fields(&top)?
    } else {
        status_ok(&top, "errcode", &[])?;
        top
    };
    let session = SNAKE_FIELDS.read(&f, SessionKey::from_base64, "not a 16-byte base64 key")?;
    let anonymous_openid = f
        .opt_str("anonymous_openid")?
        .filter(|id| !id.is_empty())
        .map(str::to_owned);
    Ok(ToutiaoSession {
        session,
        anonymous_openid,
    })
}

/// Opens a Douyin phone payload (the `getPhoneNumber` button's
/// `encryptedData`): AES-128-CBC with the session key, a watermark that must
/// name the app and be in time, and WeChat's phone fields.
pub fn decrypt_phone_number(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<PhoneNumber> {
    let opened = open_payload(key, sealed, validation, WatermarkRule::Required)?;
    match opened.watermark {
        Some(watermark) => PhoneNumber::from_payload(&opened.data, watermark),
        None => Err(Error::new(ErrorKind::WatermarkMissing)),
    }
}

/// Opens Douyin user info: AES-128-CBC with the session key; a watermark,
/// if present, must name the app and be in time (the docs show none).
pub fn decrypt_user_info(
    key: &SessionKey,
    sealed: &EncryptedData<'_>,
    validation: &Validation,
) -> Result<Opened> {
    open_payload(key, sealed, validation, WatermarkRule::WhenPresent)
}
