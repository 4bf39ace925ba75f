//! Bindings of the client build: the state machine, storage, server
//! replies, wx results and the buttons. Every function here is reached
//! through one entry point, `call(op, a, b)`, declared at the end; each
//! answers a JSON envelope as a JS string, `{"ok": value}` or
//! `{"error": {code, detail, field?, errcode?}}`, written by
//! the library's `ToJson` (serde would not fit this build's size budget:
//! see the README).

use alloc::string::String;

use wasm_bindgen::prelude::*;
use weapp_login::client::state::{LoginEvent, LoginState, TRANSITIONS};
use weapp_login::json::{ObjectWriter, ToJson, Value};
use weapp_login::{ClientSession, Error, ErrorKind, Result};

use crate::args;

/// The envelope for a result, as a JS string (the client's glue reads it
/// with `JSON.parse`).
fn answer<T: ToJson>(result: Result<T>) -> JsValue {
    match result {
        Ok(value) => {
            let mut out = String::with_capacity(256);
            out.push_str("{\"ok\":");
            value.write_json(&mut out);
            out.push('}');
            JsValue::from_str(&out)
        }
        Err(err) => error_envelope(&err),
    }
}

/// The envelope for an error. Not generic, so it is in the wasm once
/// rather than once per answer type. It carries the message's `detail`
/// without the kind's description: the JS side has the whole error table
/// (`dist/error-table.json`) and prepends it, so the descriptions, statuses
/// and retryable flags stay out of this wasm.
#[inline(never)]
fn error_envelope(err: &Error) -> JsValue {
    let mut out = String::from("{\"error\":");
    let mut w = ObjectWriter::new(&mut out);
    w.field("code", err.code())
        .field("detail", &err.detail())
        .optional("field", &err.field_name())
        .optional("errcode", &err.errcode());
    w.end();
    out.push('}');
    JsValue::from_str(&out)
}

fn state_arg(v: &JsValue) -> Result<LoginState> {
    LoginState::from_json(&args::json(v, "state", ErrorKind::InvalidArgument)?)
}

fn event_arg(v: &JsValue) -> Result<LoginEvent> {
    LoginEvent::from_json(&args::json(v, "event", ErrorKind::InvalidArgument)?)
}

/// `transition(state, event)`: the next state, or ERR_INVALID_TRANSITION.
pub fn transition(state: JsValue, event: JsValue) -> JsValue {
    answer(state_arg(&state).and_then(|s| {
        let event = event_arg(&event)?;
        s.transition(&event).map(LoginState::into_view)
    }))
}

/// `transitions()`: the table, `[{ from, event, to }]`.
pub fn transitions() -> JsValue {
    answer(Ok(TRANSITIONS))
}

/// `sessionStorageKey(appId)`.
pub fn session_storage_key(app_id: JsValue) -> JsValue {
    answer(args::string(&app_id, "appId").and_then(|id| weapp_login::session_storage_key(&id)))
}

/// `loginReply(body, nowMs?)`: what the client keeps of `POST /login`'s
/// answer; with `nowMs`, a session already ended is refused too.
pub fn login_reply(body: JsValue, now_ms: JsValue) -> JsValue {
    answer(
        args::json(&body, "body", ErrorKind::PayloadShape).and_then(|v| {
            if now_ms.is_undefined() {
                ClientSession::from_login_reply(&v)
            } else {
                ClientSession::from_login_reply_at(&v, args::milliseconds(&now_ms, "nowMs")?)
            }
        }),
    )
}

/// `sealSession(session)`: the storage envelope, or ERR_SENSITIVE_FIELD.
pub fn seal_session(session: JsValue) -> JsValue {
    answer(
        args::json(&session, "session", ErrorKind::InvalidArgument)
            .and_then(|v| ClientSession::from_login_reply(&v))
            .and_then(|s| weapp_login::seal_session(&s)),
    )
}

/// `openSession(raw, nowMs)`: what a launch finds in storage, restored by
/// the machine: `{ session, state }` or `{ reason, state }`
/// (see `weapp_login::client::frame::restore`). Never an error for what was
/// stored.
pub fn open_session(raw: JsValue, now_ms: JsValue) -> JsValue {
    answer((|| {
        let now_ms = args::milliseconds(&now_ms, "nowMs")?;
        let raw = args::any_json(&raw).unwrap_or(Value::String("{".into()));
        Ok(weapp_login::client::frame::restore(&raw, now_ms))
    })())
}

/// `readReply(statusCode, data)`: `true` for a 2xx reply, otherwise its error.
pub fn read_reply(status: JsValue, body: JsValue) -> JsValue {
    answer((|| {
        // A whole number from 0 to 999: the cast saturates (NaN gives 0),
        // so it reads back unchanged only for a whole number in range.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let status = status
            .as_f64()
            .and_then(|s| (s <= 999.0 && f64::from(s as u16) == s).then_some(s as u16))
            .ok_or_else(|| Error::argument_type("statusCode", "an HTTP status"))?;
        // An unreadable body is no body.
        let body = args::any_json(&body).unwrap_or(Value::Null);
        weapp_login::read_reply(status, body).map(|_| true)
    })())
}

/// `requestFailure(errMsg)`: always the error for a failed `wx.request`.
pub fn request_failure(err_msg: JsValue) -> JsValue {
    let msg = err_msg.as_string().unwrap_or_default();
    answer::<bool>(Err(weapp_login::request_failure(&msg)))
}

/// `parseProfileResult(detail)`.
pub fn parse_profile_result(detail: JsValue) -> JsValue {
    match args::json(&detail, "detail", ErrorKind::PayloadShape) {
        Ok(v) => answer(weapp_login::wechat::profile::read_profile_result(&v)),
        Err(err) => answer::<bool>(Err(err)),
    }
}

/// `parseAvatarEvent(event)`: the temporary avatar path.
pub fn parse_avatar_event(detail: JsValue) -> JsValue {
    answer(
        args::json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|v| weapp_login::parse_avatar_event(&v)),
    )
}

/// `parseNickname(eventOrText)`.
pub fn parse_nickname(input: JsValue) -> JsValue {
    let value = if let Some(text) = input.as_string() {
        Ok(Value::String(text))
    } else {
        args::json(&input, "nickname", ErrorKind::InvalidArgument)
    };
    answer(value.and_then(|v| weapp_login::parse_nickname(&v)))
}

/// `parsePhoneEvent(detail)`.
pub fn parse_phone_event(detail: JsValue) -> JsValue {
    answer(
        args::json(&detail, "detail", ErrorKind::PayloadShape)
            .and_then(|value| weapp_login::parse_phone_event(&value)),
    )
}

/// `checkWxResult(errMsg | { errMsg, errno? })`: `true` for `"<api>:ok"`,
/// otherwise the error (`errno` 104/112 and 1400001 decide first).
pub fn check_wx_result(result: JsValue) -> JsValue {
    if result.is_string() || result.is_undefined() {
        return answer(
            args::string(&result, "errMsg")
                .and_then(|msg| weapp_login::check_wx_result(&msg))
                .map(|()| true),
        );
    }
    answer(
        args::json(&result, "result", ErrorKind::InvalidArgument).and_then(|v| {
            let msg = v.get("errMsg").and_then(Value::as_str);
            let errno = v.get("errno").and_then(Value::as_i64);
            weapp_login::check_wx_outcome(msg.unwrap_or_default(), errno).map(|()| true)
        }),
    )
}

/// `parseLoginResult(res)`: the code from a `wx.login` result.
pub fn parse_login_result(res: JsValue) -> JsValue {
    answer(
        args::json(&res, "res", ErrorKind::PayloadShape)
            .and_then(|v| weapp_login::wechat::wx_result::parse_login_result(&v)),
    )
}

/// `checkScope(settingResult, scope)`: `true`, or ERR_USER_DENIED.
pub fn check_scope(setting: JsValue, scope: JsValue) -> JsValue {
    answer((|| {
        let scope = args::string(&scope, "scope")?;
        let setting = args::json(&setting, "setting", ErrorKind::PayloadShape)?;
        weapp_login::wechat::wx_result::check_scope(&setting, &scope).map(|()| true)
    })())
}

/// Test builds only (feature `trap-test`): traps the instance. An export of
/// its own, beside `call`.
#[cfg(feature = "trap-test")]
#[wasm_bindgen(js_name = trapForTests)]
pub fn trap_for_tests() -> JsValue {
    crate::trap_for_tests()
}

/// Declares the client build's one entry point, `call(op, a, b)`, which
/// runs export number `op` with its (up to two) arguments, and `ops()`, the
/// exports' names in that order (space-separated); the glue
/// (tools/wrap-glue.js) offers each under its name. One entry point instead
/// of seventeen keeps the mini program's wasm small: each export of its own
/// costs a wrapper and a name.
macro_rules! client_exports {
    (|$a:ident, $b:ident| $($name:ident => $call:expr,)*) => {
        /// The client exports, numbered in order.
        #[allow(non_camel_case_types)]
        enum Op {
            $($name,)*
        }

        /// `call(op, a, b)`: export number `op` of `ops()`; an unknown
        /// number is ERR_INTERNAL.
        #[wasm_bindgen]
        pub fn call(op: u32, $a: JsValue, $b: JsValue) -> JsValue {
            match op {
                $(n if n == Op::$name as u32 => $call,)*
                _ => answer::<bool>(Err(Error::new(ErrorKind::Internal))),
            }
        }

        /// `ops()`: the names of the client build's exports, in `call`'s
        /// order, each after a space.
        #[wasm_bindgen]
        pub fn ops() -> JsValue {
            JsValue::from_str(concat!($(" ", stringify!($name)),*))
        }
    };
}

client_exports! {
    |a, b|
    transition => transition(a, b),
    transitions => transitions(),
    sessionStorageKey => session_storage_key(a),
    loginReply => login_reply(a, b),
    sealSession => seal_session(a),
    openSession => open_session(a, b),
    readReply => read_reply(a, b),
    requestFailure => request_failure(a),
    parseProfileResult => parse_profile_result(a),
    parseAvatarEvent => parse_avatar_event(a),
    parseNickname => parse_nickname(a),
    parsePhoneEvent => parse_phone_event(a),
    checkWxResult => check_wx_result(a),
    parseLoginResult => parse_login_result(a),
    checkScope => check_scope(a, b),
}
