//! Bindings shared by every build: error tables, wx results, phone events
//! (in the client build, behind `client::call`).

use crate::prelude::*;

use wasm_bindgen::prelude::*;

#[cfg(feature = "server")]
use crate::error::Error;
use crate::error::ErrorKind;
use crate::json::{ObjectWriter, ToJson};
use crate::wasm::{answer, args};

/// One row of the error table, as JS sees it.
impl ToJson for ErrorKind {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code())
            .field("retryable", &self.retryable())
            .field("httpStatus", &self.http_status())
            .field("description", self.description())
            .end();
    }
}

/// `errorCodes()`: every error code with its retryability and HTTP status.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn error_codes() -> JsValue {
    answer(Ok(ErrorKind::ALL))
}

/// The `{ code, retryable }` of a WeChat errcode.
#[cfg(feature = "server")]
struct WechatErrorRow {
    code: &'static str,
    retryable: bool,
}

#[cfg(feature = "server")]
impl ToJson for WechatErrorRow {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code)
            .field("retryable", &self.retryable)
            .end();
    }
}

/// `wechatError(errcode)` (the server package's; the client JS never asks).
#[cfg(feature = "server")]
#[wasm_bindgen]
pub fn wechat_error(errcode: JsValue) -> JsValue {
    answer((|| {
        let n = errcode
            .as_f64()
            .ok_or_else(|| Error::argument_type("errcode", "an integer"))?;
        if !n.is_finite() || n.fract() != 0.0 || n.abs() > 9.007_199_254_740_992e15 {
            return Err(Error::invalid_argument("errcode", "must be an integer"));
        }
        #[allow(clippy::cast_possible_truncation)]
        let err = crate::wechat_error(n as i64)
            .ok_or_else(|| Error::invalid_argument("errcode", "0 means success, not an error"))?;
        Ok(WechatErrorRow {
            code: err.code(),
            retryable: err.retryable(),
        })
    })())
}

/// `parsePhoneEvent(detail)`.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn parse_phone_event(detail: JsValue) -> JsValue {
    answer(
        args::json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|value| crate::parse_phone_event(&value)),
    )
}

/// `checkWxResult(errMsg | { errMsg, errno? })`: `true` for `"<api>:ok"`,
/// otherwise the error (`errno` 104/112 and 1400001 decide first).
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn check_wx_result(result: JsValue) -> JsValue {
    if result.is_string() || result.is_undefined() {
        return answer(
            args::string(&result, "errMsg")
                .and_then(|msg| crate::check_wx_result(&msg))
                .map(|()| true),
        );
    }
    answer(
        args::json(&result, "result", ErrorKind::InvalidArgument).and_then(|v| {
            let msg = v.get("errMsg").and_then(crate::json::Value::as_str);
            let errno = v.get("errno").and_then(crate::json::Value::as_i64);
            crate::check_wx_outcome(msg.unwrap_or_default(), errno).map(|()| true)
        }),
    )
}

/// `parseLoginResult(res)`: the code from a `wx.login` result.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn parse_login_result(res: JsValue) -> JsValue {
    answer(
        args::json(&res, "res", ErrorKind::PayloadShape)
            .and_then(|v| crate::payload::wx_result::parse_login_result(&v)),
    )
}

/// `checkScope(settingResult, scope)`: `true`, or ERR_USER_DENIED.
#[cfg_attr(feature = "server", wasm_bindgen)]
pub fn check_scope(setting: JsValue, scope: JsValue) -> JsValue {
    answer((|| {
        let scope = args::string(&scope, "scope")?;
        let setting = args::json(&setting, "setting", ErrorKind::PayloadShape)?;
        crate::payload::wx_result::check_scope(&setting, &scope).map(|()| true)
    })())
}

/// The wasm linear memory in bytes (for the server benchmarks: it must stay flat).
#[cfg(feature = "server")]
#[wasm_bindgen]
pub fn memory_bytes() -> JsValue {
    let pages = core::arch::wasm32::memory_size::<0>();
    answer(Ok(u64::try_from(pages).unwrap_or(0) * 65_536))
}

/// Test builds only (feature `trap-test`): panics, which traps the instance,
/// so tests can prove the JS side rebuilds it and carries on.
#[cfg(feature = "trap-test")]
#[wasm_bindgen]
#[allow(clippy::panic)]
pub fn trap_for_tests() -> JsValue {
    panic!("trap requested by a test")
}
