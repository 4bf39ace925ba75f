//! Douyin's answer envelope, as its endpoints share it: an object whose
//! status number (`err_no`; `errcode` on the older `jscode2session`;
//! `data.error_code` in a client token) is 0 or absent on success and
//! Douyin's error otherwise, with the answer itself under `data`.

use crate::json::Value;

use crate::error::{Error, ErrorKind, FieldProblem, Result};
use crate::fields::{object, Fields};
use crate::toutiao::TOUTIAO_ERRCODES;
use crate::wechat::errcode::table_kind;

/// The top-level fields of a Douyin answer; a body that is not an object is
/// [`ErrorKind::PayloadShape`].
pub(crate) fn answer_fields(body: &Value) -> Result<Fields<'_>> {
    Ok(Fields::new(
        object(body, ErrorKind::PayloadShape, "body")?,
        ErrorKind::PayloadShape,
        "",
    ))
}

/// Checks the status number under `key`: `Ok(true)` when it is 0,
/// `Ok(false)` when it is absent, and Douyin's error ([`douyin_error`] with
/// `own`) for any other number.
pub(crate) fn status_ok(
    f: &Fields<'_>,
    key: &'static str,
    own: &[(i64, ErrorKind)],
) -> Result<bool> {
    match f.opt_int(key)? {
        None => Ok(false),
        Some(0) => Ok(true),
        Some(code) => Err(douyin_error(code, own)),
    }
}

/// The fields of the object under `data`; an absent `data` or one that is
/// not an object is [`ErrorKind::PayloadShape`].
pub(crate) fn data_fields<'a>(top: &Fields<'a>) -> Result<Fields<'a>> {
    let data = top
        .get("data")
        .ok_or_else(|| top.err("data", FieldProblem::Missing))?;
    Ok(Fields::new(
        object(data, ErrorKind::PayloadShape, "data")?,
        ErrorKind::PayloadShape,
        "data",
    ))
}

/// The error for Douyin's number `code`: its kind from `own` (an endpoint's
/// own numbers, read first), else from [`TOUTIAO_ERRCODES`], else
/// [`ErrorKind::UpstreamApi`]; the number is kept in `errcode`.
pub(crate) fn douyin_error(code: i64, own: &[(i64, ErrorKind)]) -> Error {
    let kind = own
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| table_kind(TOUTIAO_ERRCODES, code), |(_, k)| *k);
    Error::with_kind_and_errcode(kind, code)
}
